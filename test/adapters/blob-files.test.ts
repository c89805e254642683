/** The blob FileSource and blob data resolution against Azurite with the real SDK. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { blobFileSource } from '../../src/adapters/blob-files.js';
import { sourceOpener } from '../../src/adapters/data-sources.js';
import { FileNotFoundError } from '../../src/core/data/file-source.js';
import { readMLTable } from '../../src/core/data/mltable.js';
import { loadResolvedData } from '../../src/core/data/load.js';
import { resolveDataReference } from '../../src/core/data/resolve.js';
import { memoryDataAssetRegistry } from '../../src/core/data/assets.js';
import { tableToArrowBytes } from '../../src/core/data/arrow.js';
import { TableBuilder } from '../../src/core/data/table.js';
import { AZUREML_DATA_DIR } from '../helpers/paths.js';

const CONTAINER = `datafiles${Date.now() % 1_000_000}`;
let service: BlobServiceClient;
let container: ContainerClient;

async function upload(name: string, bytes: Uint8Array | string): Promise<void> {
  const body = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
  await container.getBlockBlobClient(name).uploadData(body);
}

beforeAll(async () => {
  service = BlobServiceClient.fromConnectionString(inject('storageConnectionString'));
  container = service.getContainerClient(CONTAINER);
  await container.create();
  const iris = path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline');
  for (const f of readdirSync(iris)) await upload(`assets/iris/${f}`, readFileSync(path.join(iris, f)));
  await upload('assets/iris-other.csv', 'a\n1\n');
  const b = new TableBuilder();
  b.addRow({ x: 1.5, correlationid: 'a_0' });
  await upload('curated/ep/dep/model_inputs/2024/03/05/18/p.arrow', tableToArrowBytes(b.finish()));
});

describe('blobFileSource', () => {
  it('lists a folder recursively, a single blob by name, and stops at a limit', async () => {
    const source = blobFileSource(container);
    expect((await source.list('assets/iris')).map((e) => e.path)).toEqual([
      'assets/iris/MLTable',
      'assets/iris/iris_baseline.csv',
    ]);
    expect((await source.list('assets/iris/')).length).toBe(2);
    // 'assets/iris' must not match 'assets/iris-other.csv'.
    expect((await source.list('assets/iris-other.csv')).map((e) => e.path)).toEqual([
      'assets/iris-other.csv',
    ]);
    expect(await source.list('assets/', { limit: 1 })).toHaveLength(1);
    expect(await source.list('nothing/here/')).toEqual([]);
    expect((await source.list('assets/iris/MLTable'))[0]!.size).toBeGreaterThan(0);
  });

  it('lists nothing in a container that does not exist yet', async () => {
    const missing = blobFileSource(service.getContainerClient('blobfiles-not-created'));
    expect(await missing.list('')).toEqual([]);
    expect(await missing.list('a/b/')).toEqual([]);
  });

  it('reads bytes, and a missing blob is FileNotFoundError', async () => {
    const source = blobFileSource(container);
    const text = new TextDecoder().decode(await source.read('assets/iris/MLTable'));
    expect(text).toContain('read_delimited');
    await expect(source.read('assets/none.csv')).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it('reads an MLTable folder stored in blobs like the local one', async () => {
    const result = await readMLTable(blobFileSource(container), 'assets/iris');
    expect(result.ok && result.table.rowCount).toBe(75);
  });
});

describe('blob references end to end', () => {
  const conn = (): string => inject('storageConnectionString');
  it('resolves a path-style blob URL and a datastore asset, then loads them', async () => {
    const blobService = BlobServiceClient.fromConnectionString(conn());
    const open = sourceOpener({ blobService });
    const url = `${container.url}/assets/iris`;
    const direct = await resolveDataReference(url, {});
    if (!direct.ok) throw new Error(direct.message);
    const loaded = await loadResolvedData(direct.resolved, open);
    expect(loaded.ok && loaded.table.rowCount).toBe(75);

    const registry = memoryDataAssetRegistry([
      {
        name: 'iris-ref',
        version: '1',
        type: 'mltable',
        path: 'azureml://datastores/workspaceblobstore/paths/assets/iris/',
        createdAt: '2026-01-01T00:00:00Z',
      },
    ]);
    const viaAsset = await resolveDataReference('azureml:iris-ref@latest', {
      registry,
      datastores: { workspaceblobstore: { container: CONTAINER } },
    });
    if (!viaAsset.ok) throw new Error(viaAsset.message);
    expect(viaAsset.resolved.location).toMatchObject({
      kind: 'blob',
      container: CONTAINER,
      path: 'assets/iris/',
    });
    const read = await loadResolvedData(viaAsset.resolved, open);
    expect(read.ok && read.table.rowCount).toBe(75);
  });

  it('resolves a collector asset name against curated partitions in a blob container', async () => {
    const source = blobFileSource(container);
    const r = await resolveDataReference('azureml:ep-dep-model_inputs:1', {
      collectorRoots: [{ source, root: 'curated' }],
    });
    if (!r.ok) throw new Error(r.message);
    const read = await loadResolvedData(r.resolved, sourceOpener(), {
      window: { start: new Date('2024-03-05T00:00:00Z'), end: new Date('2024-03-06T00:00:00Z') },
    });
    expect(read.ok && read.table.rowCount).toBe(1);
    const none = await loadResolvedData(r.resolved, sourceOpener(), {
      window: { start: new Date('2024-03-06T00:00:00Z'), end: new Date('2024-03-07T00:00:00Z') },
    });
    expect(!none.ok && none.issues[0]!.message).toContain('No data found for the given time window');
  });
});
