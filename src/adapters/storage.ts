/** Builds the Azure store adapters from the storage settings (connection string or identity-based). */
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import type { MetricStore, MonitorCatalog, Outbox, ResultStore, RunClaims, RunStore } from '../core/ports.js';
import { credentialFor, type StorageSettings } from './settings.js';
import {
  blobResults,
  tableCatalog,
  tableClaims,
  tableMetrics,
  tableOutbox,
  tableRuns,
} from './table-stores.js';

export interface Stores {
  readonly catalog: MonitorCatalog;
  readonly claims: RunClaims;
  readonly runs: RunStore;
  readonly metrics: MetricStore;
  readonly results: ResultStore;
  readonly outbox: Outbox;
}

export const TABLE_NAMES = {
  catalog: 'monitors',
  claims: 'runclaims',
  runs: 'runs',
  metrics: 'runmetrics',
  outbox: 'eventoutbox',
} as const;

export function tableClient(storage: StorageSettings, table: string): TableClient {
  if (storage.kind === 'connectionString') {
    // Azurite speaks http; the SDK refuses shared-key auth over http unless told it is intended.
    return TableClient.fromConnectionString(storage.connectionString, table, {
      allowInsecureConnection: true,
    });
  }
  return new TableClient(storage.tableServiceUri, table, credentialFor(storage.credential, storage.clientId));
}

export function blobServiceClient(storage: StorageSettings): BlobServiceClient {
  if (storage.kind === 'connectionString')
    return BlobServiceClient.fromConnectionString(storage.connectionString);
  return new BlobServiceClient(storage.blobServiceUri, credentialFor(storage.credential, storage.clientId));
}

/** `tablePrefix` (letters and digits) isolates tests and side-by-side deployments sharing an account. */
export function azureStores(storage: StorageSettings, resultsContainer: string, tablePrefix = ''): Stores {
  const t = (name: string): TableClient => tableClient(storage, `${tablePrefix}${name}`);
  return {
    catalog: tableCatalog(t(TABLE_NAMES.catalog)),
    claims: tableClaims(t(TABLE_NAMES.claims)),
    runs: tableRuns(t(TABLE_NAMES.runs)),
    metrics: tableMetrics(t(TABLE_NAMES.metrics)),
    outbox: tableOutbox(t(TABLE_NAMES.outbox)),
    results: blobResults(blobServiceClient(storage).getContainerClient(resultsContainer)),
  };
}
