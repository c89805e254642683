/** Wires the ingestion use case to Azure Storage from app settings (cached per distinct settings). */
import type { IngestDeps } from '../core/ingest/ingestBlob.js';
import { azureBlobStore, blobServiceFromConnectionString } from './azureBlobStore.js';
import { readSettings, type StorageSettings } from './ingest-settings.js';
import { tableClientFromConnectionString, tableLedger } from './tableLedger.js';

let cached: { key: string; deps: IngestDeps } | undefined;

export function storageIngestDeps(settings: StorageSettings): IngestDeps {
  return {
    blobs: azureBlobStore(blobServiceFromConnectionString(settings.connectionString)),
    ledger: tableLedger(tableClientFromConnectionString(settings.connectionString, settings.ledgerTable)),
    settings,
  };
}

/** Deps for the current environment; rebuilt only when the settings change (tests switch containers). */
export function ingestDepsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): IngestDeps {
  const settings = readSettings(env);
  const key = JSON.stringify(settings);
  if (cached?.key !== key) cached = { key, deps: storageIngestDeps(settings) };
  return cached.deps;
}
