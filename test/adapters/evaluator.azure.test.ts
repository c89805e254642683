/**
 * The Function App's collector roots against Azurite with the real SDK: curated `.arrow` partitions in one
 * container laid over raw collector JSONL in another, so an ingested hour and a not-yet-ingested hour both count.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { blobCollectorRoots, evaluateYaml } from '../../src/adapters/evaluator.js';
import { tableToArrowBytes } from '../../src/core/data/arrow.js';
import { parseCollectorText, ROLES_METADATA_KEY } from '../../src/core/data/collector.js';
import { AZUREML_DATA_DIR, FIXTURES_DIR } from '../helpers/paths.js';

const SUFFIX = String(Date.now() % 1_000_000);
const CURATED = `evalcurated${SUFFIX}`;
const COLLECTOR = `evalcollector${SUFFIX}`;
let service: BlobServiceClient;

const jsonl = (folder: string, hour: string): string =>
  readFileSync(path.join(AZUREML_DATA_DIR, folder, hour, 'data.jsonl'), 'utf8');

beforeAll(async () => {
  service = BlobServiceClient.fromConnectionString(inject('storageConnectionString'));
  const curated = service.getContainerClient(CURATED);
  const collector = service.getContainerClient(COLLECTOR);
  await curated.create();
  await collector.create();
  const put = async (c: typeof curated, name: string, body: string | Uint8Array): Promise<void> => {
    await c.getBlockBlobClient(name).uploadData(Buffer.from(body));
  };
  // Reference window hour (2023-01-31): ingested, so raw JSONL and its curated partition both exist.
  // Production window hour (2023-02-01): raw JSONL only, under the datastore-style layout of the collector.
  for (const [collection, folder] of [
    ['model_inputs', 'uri_folder_iris_model_inputs_no_drift'],
    ['model_outputs', 'uri_folder_iris_model_outputs_no_drift'],
  ] as const) {
    const refName = `iris-ep/blue/${collection}/2023/01/31/01/data`;
    const refText = jsonl(folder, '2023/01/01/01');
    await put(collector, `${refName}.jsonl`, refText);
    const parsed = await parseCollectorText(refText, {
      sourceBlob: `${refName}.jsonl`,
      maxLineBytes: 1 << 24,
    });
    await put(
      curated,
      `${refName}.arrow`,
      tableToArrowBytes(parsed.table, {
        schemaMetadata: { [ROLES_METADATA_KEY]: JSON.stringify(parsed.roles) },
      }),
    );
    const prodHour = collection === 'model_inputs' ? '2023/02/01/01' : '2023/01/01/01';
    const prodFolder = collection === 'model_inputs' ? 'uri_folder_iris_model_inputs_with_drift' : folder;
    await put(collector, `iris-ep/blue/${collection}/2023/02/01/01/data.jsonl`, jsonl(prodFolder, prodHour));
  }
});

describe('blobCollectorRoots', () => {
  it('evaluates an out-of-box monitor from curated partitions and raw JSONL together', async () => {
    const r = await evaluateYaml(
      readFileSync(path.join(FIXTURES_DIR, 'monitors', 'out-of-box.yaml'), 'utf8'),
      '2023-02-02T00:00:00Z',
      {
        collectorRoots: blobCollectorRoots(service, {
          curatedContainer: CURATED,
          collectorContainer: COLLECTOR,
        }),
      },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const drift = r.result.signals['data-drift-signal'];
    expect(drift?.status, drift?.error).toBe('Completed');
    expect(drift?.breached).toBe(true);
    expect(drift?.rowCounts).toEqual({ production: 20, reference: 75 });
    expect(drift?.metrics.map((m) => m.group).sort()).toEqual([
      'petal_length',
      'petal_width',
      'sepal_length',
      'sepal_width',
    ]);
    expect(r.result.signals['prediction-drift-signal']?.status).toBe('Completed');
  });
});
