/**
 * Seeds the credit-default demo into a running local stack, through the app's own functions:
 *   1. generates the synthetic model's traffic for the past days (scripts/demo/credit-default.ts), uploads the
 *      collector blobs and the training reference / ground truth, and registers `credit-reference:1` and
 *      `credit-ground-truth:1`; the dev host's blob trigger ingests every collector blob as it lands;
 *   2. creates the monitor from scripts/demo/credit-default-monitor.yaml with the monitors API handler;
 *   3. runs the schedule for the past days: the timer handler is called with its clock at each past 03:15 UTC
 *      fire time (a timer cannot fire in the past, so this is the one step with a moved clock), and the dev host's
 *      queue trigger runs each enqueued run, which writes results, publishes the Event Grid event to the local
 *      receiver and mails the alert to the local catcher.
 */
import path from 'node:path';
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import { buildApp } from '../../src/adapters/app.js';
import { DATA_ASSETS_TABLE } from '../../src/adapters/run-plugins.js';
import { tableClient } from '../../src/adapters/storage.js';
import { tableDataAssetRegistry } from '../../src/adapters/table-data-registry.js';
import { runIdFor, type RunRecord } from '../../src/core/runs/records.js';
import { generateCreditDemo } from '../demo/credit-default.js';
import { DEMO_MONITOR_YAML_PATH, readDemoMonitorYaml } from '../demo/files.js';
import { uploadDemo } from '../demo/upload.js';
import type { Invocation } from './host.js';
import { REPO, type LocalStack } from './local-stack.js';

export interface DemoOptions {
  /** Days of traffic ending today (default 6). */
  readonly days?: number;
  readonly rowsPerHour?: number;
  /** Today (default: the clock). */
  readonly now?: Date;
  readonly progress?: (phase: string, done: number, total: number) => void;
  readonly phaseDone?: (line: string) => void;
  /** Per step (ms); default 120 s. */
  readonly timeoutMs?: number;
}

export interface DemoReport {
  readonly monitor: string;
  readonly days: readonly string[];
  readonly driftStart?: string;
  readonly collectorBlobs: number;
  readonly productionRows: number;
  readonly ingestFailures: readonly string[];
  readonly runs: readonly RunRecord[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`demo: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

export async function seedCreditDemo(stack: LocalStack, opts: DemoOptions = {}): Promise<DemoReport> {
  const now = opts.now ?? new Date();
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const progress = opts.progress ?? (() => undefined);
  const phaseDone = opts.phaseDone ?? (() => undefined);
  const demo = generateCreditDemo({
    end: now,
    until: now,
    ...(opts.days === undefined ? {} : { days: opts.days }),
    ...(opts.rowsPerHour === undefined ? {} : { rowsPerHour: opts.rowsPerHour }),
  });
  const yaml = readDemoMonitorYaml();
  let clock = now.getTime();
  // The same wiring as the functions, with the clock the demo moves for the past fire times.
  const app = buildApp(stack.settings, { now: () => new Date(clock).toISOString() });

  // 1. data, ingested by the host's blob trigger as it lands
  const names = new Set(demo.collector.map((b) => b.name));
  const ingested = new Set<string>();
  const failures: string[] = [];
  const onBlob = (i: Invocation): void => {
    if (i.trigger !== 'blob' || !names.has(i.detail) || ingested.has(i.detail)) return;
    if (i.ok) ingested.add(i.detail);
    else failures.push(`${i.detail}: ${i.error ?? ''}`);
    progress('ingesting collector blobs', ingested.size, names.size);
  };
  const unsubscribe = stack.subscribe(onBlob);
  try {
    const service = BlobServiceClient.fromConnectionString(stack.settings.AzureWebJobsStorage ?? '');
    progress('uploading', 0, names.size);
    const uploaded = await uploadDemo(service, demo, {
      collectorContainer: app.settings.collectorContainer,
      registry: tableDataAssetRegistry(tableClient(app.settings.storage, DATA_ASSETS_TABLE)),
      createdAt: `${demo.days[0] ?? ''}T00:00:00.000Z`,
    });
    phaseDone(
      `uploaded ${uploaded.collectorBlobs} collector blobs (${uploaded.collectorRows} rows, ${demo.days.length} days ` +
        `${demo.days[0] ?? ''} … ${demo.days.at(-1) ?? ''}) and registered ${uploaded.assets.map((a) => `${a.name}:${a.version}`).join(', ')}`,
    );
    await until('the blob trigger to ingest every collector blob', timeoutMs, () =>
      Promise.resolve(ingested.size + failures.length >= names.size ? true : undefined),
    );
    phaseDone(
      `blob trigger ingested ${ingested.size} blobs${failures.length > 0 ? `, ${failures.length} failed` : ''}`,
    );
  } finally {
    unsubscribe();
  }

  // 2. the monitor, created just before the first past fire time so the schedule has those to run
  const { monitorsApiHandler } = await import('../../src/functions/monitorsApi.js');
  const first = demo.runTimes[0];
  if (first === undefined)
    throw new Error('demo: no past fire time to run (need at least 2 days of traffic)');
  clock = Date.parse(first) - 60_000;
  const monitor = /^name:\s*(\S+)/m.exec(yaml)?.[1] ?? 'credit_default_model_monitoring';
  const created = await monitorsApiHandler(app)(
    new azureFunctions.HttpRequest({
      method: 'PUT',
      url: `${stack.url}/api/monitors/${monitor}`,
      params: { name: monitor },
      body: { string: yaml },
    }),
  );
  if (created.status !== 200 && created.status !== 201)
    throw new Error(
      `demo: creating the monitor answered ${String(created.status)}: ${JSON.stringify(created.jsonBody)}`,
    );
  phaseDone(
    `monitor ${monitor} created from ${path.relative(REPO, DEMO_MONITOR_YAML_PATH)} (as of ${new Date(clock).toISOString()})`,
  );

  // 3. the past fire times, one tick each; the host's queue trigger runs them
  const { scheduleMonitorsHandler } = await import('../../src/functions/scheduleMonitors.js');
  const tick = scheduleMonitorsHandler(app.runtime);
  const fireTimes = app.runtime.deps
    .nextFireTimes(yaml, new Date(clock).toISOString(), 400)
    .filter((t) => Date.parse(t) <= now.getTime());
  const runs: RunRecord[] = [];
  for (const t of fireTimes) {
    progress('running the past days', runs.length, fireTimes.length);
    const runId = runIdFor(monitor, t);
    // Seeded before into the same storage: the run is there already (the timer would not run it again).
    const existing = await app.runtime.stores.runs.get(monitor, runId);
    if (existing && (existing.status === 'Completed' || existing.status === 'Failed')) {
      runs.push(existing);
      continue;
    }
    clock = Date.parse(t) + 30_000;
    await tick(
      {
        isPastDue: false,
        schedule: { adjustForDST: true },
        scheduleStatus: { last: '', next: t, lastUpdated: '' },
      },
      new azureFunctions.InvocationContext({ functionName: 'scheduleMonitors', logHandler: () => undefined }),
    );
    runs.push(
      await until(`run ${runId}`, timeoutMs, async () => {
        // The run's last step records it as the monitor's last run (after its event and mail).
        const m = await app.runtime.stores.catalog.get(monitor);
        if (m?.lastRun?.runId !== runId) return undefined;
        return app.runtime.stores.runs.get(monitor, runId);
      }),
    );
  }
  progress('running the past days', runs.length, fireTimes.length);
  phaseDone(
    `${runs.length} daily runs (${runs.filter((r) => r.status === 'Failed').length} breached or failed)`,
  );
  clock = now.getTime();
  return {
    monitor,
    days: demo.days,
    ...(demo.driftStart === undefined ? {} : { driftStart: demo.driftStart }),
    collectorBlobs: names.size,
    productionRows: demo.productionRows,
    ingestFailures: failures,
    runs,
  };
}
