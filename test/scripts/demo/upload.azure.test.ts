/**
 * `uploadDemo` against Azurite, then the demo monitor evaluated by the app's storage evaluator: the assets resolve
 * from the `dataassets` registry Table to blob URLs in the data container, and the collector hours are read raw
 * (the evaluator parses an hour without curated partitions with ingestion's parser); then one run's hours are
 * ingested with ingestion's use case and the same run, now read from the curated Arrow partitions, gives the same
 * figures.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../../src/adapters/app.js';
import { DATA_ASSETS_TABLE, storageEvaluator } from '../../../src/adapters/run-plugins.js';
import { readSettings, type Settings } from '../../../src/adapters/settings.js';
import { tableClient } from '../../../src/adapters/storage.js';
import { tableDataAssetRegistry } from '../../../src/adapters/table-data-registry.js';
import type { DataAssetRegistry } from '../../../src/core/data/assets.js';
import { ingestBlob } from '../../../src/core/ingest/ingest-blob.js';
import type { EvaluationResult } from '../../../src/core/runs/result.js';
import { generateCreditDemo, type CreditDemo } from '../../../scripts/demo/credit-default.js';
import { readDemoMonitorYaml } from '../../../scripts/demo/files.js';
import { uploadDemo, type UploadDemoResult } from '../../../scripts/demo/upload.js';

const YAML = readDemoMonitorYaml();
const conn = inject('storageConnectionString');
const tag = `cdemo${Date.now().toString(36)}`;

let settings: Settings;
let registry: DataAssetRegistry;
let service: BlobServiceClient;
let demo: CreditDemo;
let uploaded: UploadDemoResult;
let rawAfter: EvaluationResult | undefined;

beforeAll(async () => {
  settings = readSettings({
    AzureWebJobsStorage: conn,
    COLLECTOR_CONTAINER: `${tag}-collector`,
    CURATED_CONTAINER: `${tag}-curated`,
    RESULTS_CONTAINER: `${tag}-results`,
  });
  registry = tableDataAssetRegistry(tableClient(settings.storage, `${tag}${DATA_ASSETS_TABLE}`));
  service = BlobServiceClient.fromConnectionString(conn);
  // The app's containers exist in a deployment (infra/main.json creates them); the evaluator lists the curated one.
  await service.getContainerClient(settings.curatedContainer).createIfNotExists();
  demo = generateCreditDemo({ end: '2026-03-08', days: 4, driftFromDay: 2 });
  uploaded = await uploadDemo(service, demo, {
    collectorContainer: settings.collectorContainer,
    dataContainer: `${tag}-data`,
    registry,
    createdAt: '2026-03-08T00:00:00.000Z',
    returnBlobNames: true,
  });
});

async function blobNames(container: string): Promise<string[]> {
  const out: string[] = [];
  for await (const b of service.getContainerClient(container).listBlobsFlat()) out.push(b.name);
  return out.sort();
}

describe('uploadDemo (Azurite)', () => {
  it('uploads the collector blobs and the two MLTable folders, and registers both assets', async () => {
    expect(uploaded.collectorBlobs).toBe(4 * 24 * 2);
    expect(uploaded.collectorRows).toBe(4 * 24 * 40);
    expect(uploaded.dataBlobs).toBe(4);
    expect(uploaded.blobNames).toEqual(demo.collector.map((b) => b.name));
    expect(await blobNames(settings.collectorContainer)).toEqual(demo.collector.map((b) => b.name).sort());
    expect(await blobNames(`${tag}-data`)).toEqual([
      'credit-ground-truth/MLTable',
      'credit-ground-truth/ground_truth.csv',
      'credit-reference/MLTable',
      'credit-reference/credit_reference.csv',
    ]);
    const containerUrl = service.getContainerClient(`${tag}-data`).url;
    expect(uploaded.assets).toEqual([
      { name: 'credit-reference', version: '1', path: `${containerUrl}/credit-reference`, created: true },
      {
        name: 'credit-ground-truth',
        version: '1',
        path: `${containerUrl}/credit-ground-truth`,
        created: true,
      },
    ]);
    const asset = await registry.get('credit-reference', '1');
    expect(asset).toMatchObject({ type: 'mltable', path: `${containerUrl}/credit-reference` });
  });

  it('a second upload into the same storage keeps the registered assets', async () => {
    const again = await uploadDemo(service, demo, {
      collectorContainer: settings.collectorContainer,
      dataContainer: `${tag}-data`,
      registry,
    });
    expect(again.assets.map((a) => a.created)).toEqual([false, false]);
    expect(again.blobNames).toBeUndefined();
  });

  it('the storage evaluator resolves azureml:credit-reference:1 from the registry; drift breaches only after it starts', async () => {
    const evaluate = storageEvaluator(settings, { tablePrefix: tag });
    const [before, after] = demo.runTimes;
    expect(demo.runTimes).toHaveLength(3);
    if (before === undefined || after === undefined) throw new Error('no run times');
    expect(before < (demo.driftStart ?? '') && after > (demo.driftStart ?? '')).toBe(true);

    const quiet = await evaluate(YAML, before);
    expect(quiet.status).toBe('Completed');
    for (const [name, s] of Object.entries(quiet.signals)) {
      expect(s.status, name).toBe('Completed');
      expect(s.breached, name).toBe(false);
    }
    const drift = quiet.signals.advanced_data_drift;
    expect(drift?.notes?.some((n) => n.startsWith('reference: azureml:credit-reference:1 →'))).toBe(true);
    expect(drift?.rowCounts).toEqual({ reference: 3000, production: 1000 });

    const loud = await evaluate(YAML, after);
    expect(loud.status).toBe('Failed');
    expect(Object.entries(loud.signals).map(([n, s]) => [n, s.status, s.breached])).toEqual([
      ['advanced_data_drift', 'Completed', true],
      ['advanced_prediction_drift', 'Completed', true],
      ['advanced_data_quality', 'Completed', true],
      ['model_performance', 'Completed', true],
    ]);
    expect(loud.signals.model_performance?.rowCounts.joined).toBe(1000);
    // Nothing was ingested: the hours were read from the raw collector JSONL.
    expect(await blobNames(settings.curatedContainer)).toEqual([]);
    rawAfter = loud;
  });

  it('after ingestion (what the blob trigger runs) the same run reads the curated partitions and gives the same figures', async () => {
    const app = buildApp(
      {
        AzureWebJobsStorage: conn,
        COLLECTOR_CONTAINER: settings.collectorContainer,
        CURATED_CONTAINER: settings.curatedContainer,
        RESULTS_CONTAINER: settings.resultsContainer,
        INGEST_LEDGER_TABLE: `${tag}ledger`,
      },
      { tablePrefix: tag },
    );
    const after = demo.runTimes[1] ?? '';
    // The hours of that run's window: d-1 03:00 ... d 03:00.
    const end = Date.parse(after) - 15 * 60_000 + 3_600_000;
    const blobs = demo.collector.filter(
      (b) => Date.parse(b.hour) >= end - 25 * 3_600_000 && Date.parse(b.hour) < end,
    );
    expect(blobs).toHaveLength(50);
    for (const b of blobs) {
      const o = await ingestBlob(app.ingest, b.name, new Date());
      expect(o.status, b.name).toBe('ingested');
    }
    expect((await blobNames(settings.curatedContainer)).filter((n) => n.endsWith('.arrow'))).toHaveLength(50);
    const curated = await storageEvaluator(settings, { tablePrefix: tag })(YAML, after);
    const figures = (r: EvaluationResult | undefined) =>
      Object.entries(r?.signals ?? {}).map(([n, s]) => [n, s.status, s.breached, s.rowCounts, s.metrics]);
    expect(figures(curated)).toEqual(figures(rawAfter));
  });
});
