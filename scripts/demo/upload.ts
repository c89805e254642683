/**
 * Puts a generated credit-default demo into a storage account the way an Azure ML user's setup would have it:
 * the deployment's data collector output in the collector container (`credit-default/main/<collection>/yyyy/MM/dd/
 * HH/<id>.jsonl`), the training reference and the ground truth as MLTable folders in a data container, registered
 * as `credit-reference:1` and `credit-ground-truth:1` (what `az ml data create` / `model-monitor data create`
 * does) with their blob URLs as paths, so `azureml:credit-reference:1` in the monitor YAML resolves in the app.
 *
 * It does not run the blob trigger: the host that dispatches the app's functions sees the uploads (or is told about
 * them with the returned names). Until a blob is ingested the evaluator reads its raw hour, so runs work either way.
 */
import type { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import type { DataAssetRegistry } from '../../src/core/data/assets.js';
import type { CreditDemo, DemoFolder } from './credit-default.js';

export const DEMO_DATA_CONTAINER = 'demo-data';

export interface UploadDemoOptions {
  /** The app's collector container (`COLLECTOR_CONTAINER`); created when missing. */
  readonly collectorContainer: string;
  /** Container for the two MLTable folders (default `demo-data`); created when missing. */
  readonly dataContainer?: string;
  /** Where the app looks up data assets: `tableDataAssetRegistry` over the `dataassets` Table. */
  readonly registry: DataAssetRegistry;
  /** `createdAt` of the registered assets (ISO); default now. */
  readonly createdAt?: string;
  /** Return the uploaded collector blob names (in upload order: by hour, inputs before outputs). */
  readonly returnBlobNames?: boolean;
  /** Uploads in flight at once (default 16). */
  readonly concurrency?: number;
}

export interface RegisteredDemoAsset {
  readonly name: string;
  readonly version: string;
  /** The folder's blob URL, e.g. `http://127.0.0.1:10000/devstoreaccount1/demo-data/credit-reference`. */
  readonly path: string;
  /** false: it was registered already with the same path (a second upload into the same storage). */
  readonly created: boolean;
}

export interface UploadDemoResult {
  readonly collectorContainer: string;
  readonly dataContainer: string;
  readonly collectorBlobs: number;
  /** Production rows in those blobs (each counted once per collection). */
  readonly collectorRows: number;
  /** MLTable and CSV files uploaded to the data container. */
  readonly dataBlobs: number;
  readonly assets: readonly RegisteredDemoAsset[];
  /** Only with `returnBlobNames`. */
  readonly blobNames?: readonly string[];
}

async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
}

async function register(
  registry: DataAssetRegistry,
  container: ContainerClient,
  folder: DemoFolder,
  createdAt: string,
  description: string,
): Promise<RegisteredDemoAsset> {
  const path = `${container.url.replace(/\/$/, '')}/${folder.name}`;
  const existing = await registry.get(folder.name, '1');
  if (existing) {
    if (existing.path !== path || existing.type !== 'mltable')
      throw new Error(
        `data asset ${folder.name}:1 is already registered with path ${existing.path} (${existing.type}); expected ${path}`,
      );
    return { name: folder.name, version: '1', path, created: false };
  }
  await registry.create({ name: folder.name, version: '1', type: 'mltable', path, description, createdAt });
  return { name: folder.name, version: '1', path, created: true };
}

/** Uploads the demo and registers its two assets. Storage errors are thrown as the SDK raises them. */
export async function uploadDemo(
  blobService: BlobServiceClient,
  demo: CreditDemo,
  options: UploadDemoOptions,
): Promise<UploadDemoResult> {
  const concurrency = options.concurrency ?? 16;
  const dataName = options.dataContainer ?? DEMO_DATA_CONTAINER;
  const collector = blobService.getContainerClient(options.collectorContainer);
  const data = blobService.getContainerClient(dataName);
  await Promise.all([collector.createIfNotExists(), data.createIfNotExists()]);

  const dataFiles = [demo.reference, demo.groundTruth].flatMap((folder) =>
    folder.files.map((f) => ({ name: `${folder.name}/${f.path}`, text: f.text })),
  );
  await inPool(dataFiles, concurrency, async (f) => {
    await data.getBlockBlobClient(f.name).uploadData(Buffer.from(f.text, 'utf8'));
  });
  const createdAt = options.createdAt ?? new Date().toISOString();
  const assets = [
    await register(
      options.registry,
      data,
      demo.reference,
      createdAt,
      'Synthetic credit-default training data (scripts/demo/credit-default.ts)',
    ),
    await register(
      options.registry,
      data,
      demo.groundTruth,
      createdAt,
      'Ground truth of the synthetic credit-default traffic: correlationid, actual DEFAULT_NEXT_MONTH',
    ),
  ];

  await inPool(demo.collector, concurrency, async (b) => {
    await collector.getBlockBlobClient(b.name).uploadData(Buffer.from(b.text, 'utf8'));
  });
  let collectorRows = 0;
  for (const b of demo.collector) if (b.collection === 'model_inputs') collectorRows += b.rows;
  return {
    collectorContainer: options.collectorContainer,
    dataContainer: dataName,
    collectorBlobs: demo.collector.length,
    collectorRows,
    dataBlobs: dataFiles.length,
    assets,
    ...(options.returnBlobNames ? { blobNames: demo.collector.map((b) => b.name) } : {}),
  };
}
