/** App settings for ingestion, read from the environment (Functions app settings / local.settings.json). */
import type { IngestSettings } from '../core/ingest/ingestBlob.js';

export interface StorageSettings extends IngestSettings {
  /** Connection string for the storage account (`UseDevelopmentStorage=true` means Azurite on default ports). */
  readonly connectionString: string;
  readonly ledgerTable: string;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Azurite's well-known development connection string (what `UseDevelopmentStorage=true` stands for). */
export const DEVELOPMENT_STORAGE =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
  'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;' +
  'TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function readSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): StorageSettings {
  const raw = env.AzureWebJobsStorage?.trim();
  if (!raw)
    throw new SettingsError(
      'AzureWebJobsStorage is not set (a connection string or UseDevelopmentStorage=true)',
    );
  const connectionString = /^UseDevelopmentStorage=true;?$/i.test(raw) ? DEVELOPMENT_STORAGE : raw;
  const maxText = env.INGEST_MAX_LINE_BYTES?.trim();
  let maxLineBytes = DEFAULT_MAX_LINE_BYTES;
  if (maxText) {
    maxLineBytes = Number(maxText);
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes <= 0)
      throw new SettingsError(`INGEST_MAX_LINE_BYTES must be a positive integer, got '${maxText}'`);
  }
  return {
    connectionString,
    collectorContainer: env.COLLECTOR_CONTAINER?.trim() || 'modeldatacollector',
    curatedContainer: env.CURATED_CONTAINER?.trim() || 'curated',
    ledgerTable: env.INGEST_LEDGER_TABLE?.trim() || 'ingestledger',
    maxLineBytes,
  };
}
