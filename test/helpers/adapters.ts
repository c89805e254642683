/** The adapter sets every contract suite runs against: memory and Azurite (real SDK). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { azureBlobStore } from '../../src/adapters/azure-blob-store.js';
import { localBlobStore } from '../../src/adapters/local-blob-store.js';
import { memoryBlobStore, memoryLedger } from '../../src/adapters/memory.js';
import { tableClientFromConnectionString, tableLedger } from '../../src/adapters/table-ledger.js';
import type { BlobStore, IngestLedger } from '../../src/core/ports.js';

export interface AdapterSet {
  readonly blobs: BlobStore;
  readonly ledger: IngestLedger;
}

export type AdapterFactory = (containers: readonly string[], table: string) => AdapterSet;

export function adapterFactories(connectionString: string): [string, AdapterFactory][] {
  return [
    ['memory', () => ({ blobs: memoryBlobStore(), ledger: memoryLedger() })],
    [
      'azurite',
      (_containers, table) => ({
        blobs: azureBlobStore(BlobServiceClient.fromConnectionString(connectionString)),
        ledger: tableLedger(tableClientFromConnectionString(connectionString, table)),
      }),
    ],
  ];
}

/** Local folders as containers (blob store only). */
export function localFactory(containers: readonly string[]): BlobStore {
  const root = mkdtempSync(path.join(tmpdir(), 'mm-local-'));
  return localBlobStore(Object.fromEntries(containers.map((c) => [c, path.join(root, c)])));
}
