/**
 * `npm start`: the local stack. Starts Azurite in memory, uploads the sample collector output from
 * ../shared/reference/azureml/data (raw_mdc_data, uri_folder_iris_*) to the collector container as
 * `samples/default/<folder>/yyyy/MM/dd/HH/*.jsonl`, runs every blob through the blob trigger's handler (with a real
 * InvocationContext, as the host would) and prints what was stored. Then one scheduled run: registers the iris
 * baseline, creates a drift monitor over the HTTP handler, fires the timer handler at the sample data's date,
 * dispatches the queued message to the queue handler and prints the run. Then exits.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import type { IngestOutcome } from '../src/core/ingest/ingestBlob.js';
import { exampleRows, outcomeLine, totals, totalsLine } from '../src/cli/ingestSummary.js';
import { buildApp } from '../src/adapters/app.js';
import { DATA_ASSETS_TABLE } from '../src/adapters/run-plugins.js';
import { tableClient } from '../src/adapters/storage.js';
import { tableDataAssetRegistry } from '../src/adapters/table-data-registry.js';
import { startAzurite } from './azurite.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(REPO, '..', 'shared', 'reference', 'azureml', 'data');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

async function main(): Promise<void> {
  const folders = readdirSync(DATA).filter((n) => n === 'raw_mdc_data' || n.startsWith('uri_folder_iris_'));
  if (folders.length === 0) throw new Error(`no sample collector data in ${DATA}`);
  process.stdout.write('Starting Azurite in memory…\n');
  const azurite = await startAzurite();
  try {
    process.env.AzureWebJobsStorage = azurite.connectionString;
    process.env.COLLECTOR_CONTAINER ??= 'modeldatacollector';
    process.env.CURATED_CONTAINER ??= 'curated';
    // The function modules read all app settings at import (host start-up), not only ingestion's.
    process.env.RESULTS_CONTAINER ??= 'results';
    const collector = process.env.COLLECTOR_CONTAINER;
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const container = service.getContainerClient(collector);
    await container.createIfNotExists();
    const names: string[] = [];
    for (const folder of folders) {
      for (const file of filesUnder(path.join(DATA, folder))) {
        const rel = path.relative(path.join(DATA, folder), file).split(path.sep).join('/');
        const name = `samples/default/${folder}/${rel}`;
        await container.getBlockBlobClient(name).uploadData(readFileSync(file));
        names.push(name);
      }
    }
    process.stdout.write(
      `Uploaded ${names.length} blobs from ${folders.length} sample folders to '${collector}'.\n\n`,
    );

    // Loaded only now: outside a Functions host the library warns that it runs in test mode; that is expected here.
    const warn = console.warn;
    console.warn = () => undefined;
    const { ingestCollectorBlob } = await import('../src/functions/ingestCollectorBlob.js');
    const { monitorsApiHandler } = await import('../src/functions/monitorsApi.js');
    const { scheduleMonitorsHandler } = await import('../src/functions/scheduleMonitors.js');
    const { runMonitorHandler } = await import('../src/functions/runMonitor.js');
    console.warn = warn;

    const outcomes: IngestOutcome[] = [];
    for (const name of names) {
      const context = new azureFunctions.InvocationContext({
        invocationId: `start-${String(outcomes.length)}`,
        functionName: 'ingestCollectorBlob',
        triggerMetadata: { name, blobTrigger: `${collector}/${name}` },
        logHandler: () => undefined,
      });
      const o = await ingestCollectorBlob(undefined, context);
      outcomes.push(o);
      if (o.status === 'skipped') continue;
      process.stdout.write(`${outcomeLine(o)}\n`);
      for (const line of exampleRows(o, 2)) process.stdout.write(`${line}\n`);
      if (o.status === 'ingested')
        for (const q of o.quarantine)
          process.stdout.write(`    quarantined line ${q.line}: ${q.reason}: ${q.message}\n`);
    }
    const skipped = outcomes.filter((o) => o.status === 'skipped').length;
    const curated: string[] = [];
    for await (const b of service.getContainerClient(process.env.CURATED_CONTAINER).listBlobsFlat())
      curated.push(b.name);
    process.stdout.write(
      `\n${totalsLine(totals(outcomes))}; ${skipped} non-.jsonl blobs skipped (dataref files)\n` +
        `'${process.env.CURATED_CONTAINER}' now holds ${curated.filter((n) => n.endsWith('.arrow')).length} Arrow partitions ` +
        `and ${curated.filter((n) => n.startsWith('quarantine/')).length} quarantine blobs.\n`,
    );

    await scheduledRunDemo({ monitorsApiHandler, scheduleMonitorsHandler, runMonitorHandler });
  } finally {
    await azurite.stop();
  }
}

const DEMO_MONITOR = `$schema: http://azureml/sdk-2-0/Schedule.json
name: iris_demo
trigger: {type: recurrence, frequency: day, interval: 1, schedule: {hours: 0, minutes: 0}}
create_monitor:
  compute: {instance_type: standard_e4s_v3, runtime_version: '3.4'}
  monitoring_target: {ml_task: classification}
  monitoring_signals:
    data_drift:
      type: data_drift
      production_data:
        input_data: {path: 'azureml:samples-default-uri_folder_iris_model_inputs_with_drift:1', type: uri_folder}
        data_context: model_inputs
        data_window: {lookback_window_size: P1D, lookback_window_offset: P0D}
      reference_data:
        input_data: {path: 'azureml:iris-baseline:1', type: mltable}
        data_context: training
      features: all_features
      metric_thresholds: {numerical: {jensen_shannon_distance: 0.1}}
`;

type Modules = {
  monitorsApiHandler: typeof import('../src/functions/monitorsApi.js').monitorsApiHandler;
  scheduleMonitorsHandler: typeof import('../src/functions/scheduleMonitors.js').scheduleMonitorsHandler;
  runMonitorHandler: typeof import('../src/functions/runMonitor.js').runMonitorHandler;
};

/**
 * One scheduled run through the function handlers. The sample data is from January 2023, so the handlers get a
 * runtime whose clock is set there (the registered ones use the real clock); everything else is the app's wiring.
 */
async function scheduledRunDemo(m: Modules): Promise<void> {
  let clock = Date.parse('2023-01-01T12:00:00Z');
  const app = buildApp(process.env, { now: () => new Date(clock).toISOString() });
  const context = (name: string, triggerMetadata: Record<string, unknown> = {}) =>
    new azureFunctions.InvocationContext({
      functionName: name,
      triggerMetadata,
      logHandler: () => undefined,
    });
  await tableDataAssetRegistry(tableClient(app.settings.storage, DATA_ASSETS_TABLE)).create({
    name: 'iris-baseline',
    version: '1',
    type: 'mltable',
    path: path.join(DATA, 'mltable_iris_baseline'),
    createdAt: new Date(clock).toISOString(),
  });
  const created = await m.monitorsApiHandler(app)(
    new azureFunctions.HttpRequest({
      method: 'POST',
      url: 'http://localhost:7071/api/monitors',
      body: { string: DEMO_MONITOR },
    }),
  );
  process.stdout.write(
    `\nPOST /api/monitors → ${String(created.status)} (monitor iris_demo, daily at 00:00 UTC)\n`,
  );
  const timer = {
    isPastDue: false,
    schedule: { adjustForDST: false },
    scheduleStatus: { last: '', next: '', lastUpdated: '' },
  };
  await m.scheduleMonitorsHandler(app.runtime)(timer, context('scheduleMonitors'));
  clock = Date.parse('2023-01-02T00:00:30Z');
  const report = await m.scheduleMonitorsHandler(app.runtime)(timer, context('scheduleMonitors'));
  process.stdout.write(
    `timer at ${new Date(clock).toISOString()} → enqueued ${report.enqueued.map((e) => e.runId).join(', ')}\n`,
  );
  const got = await app.runtime.queue.receiveMessages({ numberOfMessages: 1 });
  for (const msg of got.receivedMessageItems) {
    const run = await m.runMonitorHandler(app.runtime)(
      msg.messageText,
      context('runMonitor', { dequeueCount: msg.dequeueCount }),
    );
    await app.runtime.queue.deleteMessage(msg.messageId, msg.popReceipt);
    process.stdout.write(`runMonitor ${run.runId} → ${run.status}\n`);
    for (const f of run.breachedFeatures)
      process.stdout.write(
        `  breached ${f.signal}/${f.feature}: ${f.metric} ${String(f.value)} > ${String(f.threshold)}\n`,
      );
    const files = await app.runtime.stores.results.list(run.monitor, run.runId);
    process.stdout.write(`  results/${run.monitor}/${run.runId}/: ${files.join(', ')}\n`);
    process.stdout.write(
      `  event ${run.event.state} (no EVENTGRID_TOPIC_ENDPOINT: kept in the outbox), email ${run.email.state}\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `npm start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
