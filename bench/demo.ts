/**
 * How long the credit-default demo takes (the budget of `npm start` is 60 s on a 2-core machine):
 *
 *   npm run bench:demo -- [--days=6] [--rows-per-hour=40]
 *
 * 1. generate the demo (pure);
 * 2. local: write it to a temp folder and evaluate the demo monitor at every run time with `evaluateYaml`
 *    (raw collector JSONL, as `model-monitor evaluate --collector-root` does);
 * 3. storage: start Azurite in memory, `uploadDemo`, evaluate every run time with the app's storage evaluator on
 *    the raw collector hours, ingest every collector blob with ingestion's use case (`ingestBlob`, what the blob
 *    trigger runs), and evaluate every run time again, now from the curated Arrow partitions.
 * Each step's wall time is printed; steps run one after the other in this process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlobServiceClient } from '@azure/storage-blob';
import { buildApp } from '../src/adapters/app.js';
import { evaluateYaml, localCollectorRoot } from '../src/adapters/evaluator.js';
import { DATA_ASSETS_TABLE, storageEvaluator } from '../src/adapters/run-plugins.js';
import { tableClient } from '../src/adapters/storage.js';
import { tableDataAssetRegistry } from '../src/adapters/table-data-registry.js';
import { ingestBlob } from '../src/core/ingest/ingest-blob.js';
import type { EvaluationResult } from '../src/core/runs/result.js';
import { startAzurite } from '../scripts/azurite.js';
import { generateCreditDemo } from '../scripts/demo/credit-default.js';
import { readDemoMonitorYaml, writeDemoFiles } from '../scripts/demo/files.js';
import { uploadDemo } from '../scripts/demo/upload.js';

const YAML = readDemoMonitorYaml();

function arg(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? fallback : Number(a.slice(name.length + 3));
}

async function timed<T>(label: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  process.stdout.write(`${label.padEnd(58)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s\n`);
  return r;
}

function summary(r: EvaluationResult): string {
  const breached = Object.entries(r.signals)
    .filter(([, s]) => s.breached)
    .map(([n]) => n);
  const failed = Object.entries(r.signals)
    .filter(([, s]) => s.status === 'Failed')
    .map(([n]) => n);
  return `${r.runTime} ${r.status}${breached.length ? ` breached: ${breached.join(', ')}` : ''}${failed.length ? ` FAILED: ${failed.join(', ')}` : ''}`;
}

async function main(): Promise<void> {
  const days = arg('days', 6);
  const rowsPerHour = arg('rows-per-hour', 40);
  const end = new Date().toISOString().slice(0, 10);
  const total = performance.now();
  const demo = await timed(`generate (${days} days × 24 h × ${rowsPerHour} rows)`, () =>
    generateCreditDemo({ end, days, rowsPerHour }),
  );
  process.stdout.write(
    `  ${demo.productionRows} production rows, ${demo.collector.length} collector blobs, ` +
      `${(demo.collector.reduce((s, b) => s + b.text.length, 0) / 1e6).toFixed(1)} MB JSONL; ` +
      `${demo.runTimes.length} runs, drift from ${String(demo.driftStart)}\n`,
  );

  const dir = await mkdtemp(path.join(tmpdir(), 'bench-demo-'));
  try {
    const paths = await timed('local: write files', () => writeDemoFiles(demo, dir));
    const local = await timed(`local: evaluateYaml × ${demo.runTimes.length} (raw JSONL)`, async () => {
      const out: EvaluationResult[] = [];
      for (const t of demo.runTimes) {
        const r = await evaluateYaml(YAML, t, {
          overrides: paths.assets,
          collectorRoots: [localCollectorRoot(paths.collectorRoot)],
        });
        if (!r.ok) throw new Error(JSON.stringify(r.problems));
        out.push(r.result);
      }
      return out;
    });
    for (const r of local) process.stdout.write(`  ${summary(r)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const azurite = await timed('storage: start Azurite', () => startAzurite());
  try {
    const env = {
      AzureWebJobsStorage: azurite.connectionString,
      COLLECTOR_CONTAINER: 'modeldatacollector',
      CURATED_CONTAINER: 'curated',
      RESULTS_CONTAINER: 'results',
    };
    const app = buildApp(env);
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    await service.getContainerClient(env.CURATED_CONTAINER).createIfNotExists();
    const uploaded = await timed('storage: uploadDemo', () =>
      uploadDemo(service, demo, {
        collectorContainer: env.COLLECTOR_CONTAINER,
        registry: tableDataAssetRegistry(tableClient(app.settings.storage, DATA_ASSETS_TABLE)),
      }),
    );
    process.stdout.write(`  ${uploaded.collectorBlobs} collector blobs, ${uploaded.dataBlobs} data blobs\n`);
    const evaluate = storageEvaluator(app.settings);
    const runAll = async (): Promise<EvaluationResult[]> => {
      const out: EvaluationResult[] = [];
      for (const t of demo.runTimes) out.push(await evaluate(YAML, t));
      return out;
    };
    const raw = await timed(`storage: evaluate × ${demo.runTimes.length} (raw JSONL hours)`, runAll);
    for (const r of raw) process.stdout.write(`  ${summary(r)}\n`);
    await timed(`storage: ingestBlob × ${demo.collector.length} (sequential)`, async () => {
      for (const b of demo.collector) {
        const o = await ingestBlob(app.ingest, b.name, new Date());
        if (o.status !== 'ingested') throw new Error(`${b.name}: ${o.status}`);
      }
    });
    const curated = await timed(`storage: evaluate × ${demo.runTimes.length} (curated Arrow)`, runAll);
    for (const r of curated) process.stdout.write(`  ${summary(r)}\n`);
  } finally {
    await azurite.stop();
  }
  process.stdout.write(
    `${'total'.padEnd(58)} ${((performance.now() - total) / 1000).toFixed(2).padStart(7)} s\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench:demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
