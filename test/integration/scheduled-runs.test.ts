/**
 * Issue 5's end-to-end test, everything real: Azurite (blobs, tables, queue), a local HTTP receiver standing in
 * for the Event Grid topic, a local SMTP server, and the app's own function handlers built by the same start-up
 * code the Functions host runs (`buildApp`), with the real spec, schedule, evaluator and event builder.
 *
 * Iris collector output is ingested through the blob handler into chosen hours (the reference files are placed
 * at `iris/blue/model_inputs/yyyy/MM/dd/HH/` blob names: the hour folder is what a window selects):
 *   2023-01-01 01h  inputs with drift      → run of 2023-01-02T00:00Z breaches
 *   2023-02-01 01h  inputs without drift   → run of 2023-02-02T00:00Z completes (after a caught-up gap)
 *   2023-02-02      nothing                → run of 2023-02-03T00:00Z fails: empty window
 *   2023-02-03 01h  inputs without drift   → run of 2023-02-04T00:00Z completes while Event Grid is down
 *   2023-02-04 01h  inputs with drift      → run of 2023-02-05T00:00Z breaches while SMTP is down
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HttpRequest, InvocationContext, type Timer } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type AppContext } from '../../src/adapters/app.js';
import { DATA_ASSETS_TABLE } from '../../src/adapters/run-plugins.js';
import type { Env } from '../../src/adapters/settings.js';
import { tableClient } from '../../src/adapters/storage.js';
import { tableDataAssetRegistry } from '../../src/adapters/table-data-registry.js';
import {
  matchesSubscriptionFilter,
  parseSubscriptionFilter,
  type JsonValue,
  type SubscriptionFilter,
} from '../../src/core/events/filters.js';
import {
  BREACH_PHRASE,
  BREACH_TAG,
  ERROR_TAG,
  RUN_STATUS_CHANGED,
} from '../../src/core/events/run-events.js';
import { experimentIdOf } from '../../src/core/runs/plugins.js';
import type { RunRecord } from '../../src/core/runs/records.js';
import { ArmContext, loadJson, type Template } from '../infra/arm.js';
import { findPart, parseMime } from '../../scripts/dev-host/mime.js';
import { AZUREML_DATA_DIR } from '../helpers/paths.js';
import { startMailCatcher, type MailCatcher } from '../../scripts/dev-host/mail-catcher.js';

type Handlers = {
  ingest: (blob: unknown, ctx: InvocationContext) => Promise<{ status: string }>;
  timer: (timer: Timer, ctx: InvocationContext) => Promise<{ enqueued: unknown[] }>;
  queue: (entry: unknown, ctx: InvocationContext) => Promise<RunRecord>;
  http: (req: HttpRequest) => Promise<{ status?: number; jsonBody?: unknown }>;
};

interface ReceivedEvent {
  id: string;
  subject: string;
  eventType: string;
  eventTime: string;
  dataVersion: string;
  topic?: string;
  data: {
    experimentId: string;
    experimentName: string;
    runId: string;
    runStatus: string;
    runTags: Record<string, string>;
  };
}

const MONITOR = 'iris_monitor';
const SIGNAL = 'data_drift';
const TOKEN = `${MONITOR}_${SIGNAL}`;
const FEATURES = ['petal_length', 'petal_width', 'sepal_length', 'sepal_width'];
/** Data rows of the registered reference (header excluded), counted from the file itself. */
const BASELINE_ROWS =
  readFileSync(path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline', 'iris_baseline.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '').length - 1;

const tag = `it${Date.now().toString(36)}`;
const COLLECTOR = `${tag}-collector`;
const CURATED = `${tag}-curated`;
const RESULTS = `${tag}-results`;
const QUEUE = `${tag}-runs`;

const MONITOR_YAML = `$schema: http://azureml/sdk-2-0/Schedule.json
name: ${MONITOR}
trigger:
  type: recurrence
  frequency: day
  interval: 1
  schedule:
    hours: 0
    minutes: 0
create_monitor:
  compute:
    instance_type: standard_e4s_v3
    runtime_version: '3.4'
  monitoring_target:
    ml_task: classification
    endpoint_deployment_id: azureml:iris:blue
  monitoring_signals:
    ${SIGNAL}:
      type: data_drift
      production_data:
        input_data:
          path: azureml:iris-blue-model_inputs:1
          type: uri_folder
        data_context: model_inputs
        data_window:
          lookback_window_size: P1D
          lookback_window_offset: P0D
      reference_data:
        input_data:
          path: azureml:iris-baseline:1
          type: mltable
        data_context: training
      features: all_features
      metric_thresholds:
        numerical:
          jensen_shannon_distance: 0.1
  alert_notification:
    emails:
      - ops@example.org
      - ml-team@example.org
`;

// ---- the local Event Grid topic (can go down and come back on the same port) ----
const events: { headers: IncomingHttpHeaders; body: ReceivedEvent[] }[] = [];
let egServer: Server | undefined;
let egPort = 0;
async function eventGridUp(): Promise<void> {
  egServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      events.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedEvent[],
      });
      res.end();
    });
  });
  await new Promise<void>((r) => egServer!.listen(egPort, '127.0.0.1', r));
  egPort = (egServer.address() as AddressInfo).port;
}
async function eventGridDown(): Promise<void> {
  const s = egServer;
  if (!s) return;
  s.closeAllConnections();
  await new Promise<void>((r) =>
    s.close(() => {
      r();
    }),
  );
  egServer = undefined;
}
const received = (): ReceivedEvent[] => events.flatMap((e) => e.body);

// ---- the local SMTP server ----
let smtp: MailCatcher;

// ---- the clock the handlers see ----
let clock = Date.parse('2023-01-01T12:00:00Z');
const at = (iso: string): void => {
  clock = Date.parse(iso);
};

const conn = inject('storageConnectionString');
let env: Env;
let app: AppContext;
let handlers: (a: AppContext) => Handlers;
let h: Handlers;

function appFor(overrides: Env = {}): AppContext {
  return buildApp(
    { ...env, ...overrides },
    {
      tablePrefix: tag,
      queueName: QUEUE,
      now: () => new Date(clock).toISOString(),
      eventRetry: { attempts: 2, baseDelayMs: 10 },
    },
  );
}

function ctx(name: string, triggerMetadata: Record<string, unknown> = {}): InvocationContext {
  return new InvocationContext({ invocationId: `${name}-${clock}`, functionName: name, triggerMetadata });
}

const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

/** Uploads a reference collector file as a blob in the collector container and runs the blob trigger on it. */
async function ingest(referenceFile: string, hour: string): Promise<void> {
  const name = `iris/blue/model_inputs/${hour}/data.jsonl`;
  const service = BlobServiceClient.fromConnectionString(conn);
  await service
    .getContainerClient(COLLECTOR)
    .getBlockBlobClient(name)
    .uploadData(readFileSync(path.join(AZUREML_DATA_DIR, referenceFile)));
  const outcome = await h.ingest(undefined, ctx('ingestCollectorBlob', { name }));
  expect(outcome.status).toBe('ingested');
}

interface Pulled {
  readonly text: string;
  readonly dequeueCount: number;
  readonly messageId: string;
  readonly popReceipt: string;
}

/** What the host does for the queue trigger: receive from the real queue, run the handler, delete on success. */
async function pullAll(a: AppContext = app): Promise<Pulled[]> {
  const got = await a.runtime.queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 1 });
  return got.receivedMessageItems.map((m) => ({
    text: m.messageText,
    dequeueCount: m.dequeueCount,
    messageId: m.messageId,
    popReceipt: m.popReceipt,
  }));
}
async function runFromQueue(
  m: Pulled,
  a: AppContext = app,
  dequeueCount = m.dequeueCount,
): Promise<RunRecord> {
  const run = await handlers(a).queue(m.text, ctx('runMonitor', { dequeueCount }));
  await a.runtime.queue.deleteMessage(m.messageId, m.popReceipt);
  return run;
}

/** The Logic App sample's subscription filter, evaluated from the template (with or without the signal token). */
const retrain = loadJson('infra/retrain-logic-app.json') as Template;
function documentedFilter(token: string): SubscriptionFilter {
  const sub = retrain.resources.find((r) => r.type === 'Microsoft.EventGrid/topics/eventSubscriptions');
  const armCtx = new ArmContext(retrain, {
    topicName: 't',
    retrainEndpointUrl: 'https://example.test/retrain',
    monitorSignalToken: token,
  });
  const parsed = parseSubscriptionFilter(armCtx.value(sub!.properties!['filter']!));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.filter;
}
const passes = (token: string, e: ReceivedEvent): boolean =>
  matchesSubscriptionFilter(documentedFilter(token), e as unknown as JsonValue);

beforeAll(async () => {
  await eventGridUp();
  smtp = await startMailCatcher({});
  env = {
    AzureWebJobsStorage: conn,
    COLLECTOR_CONTAINER: COLLECTOR,
    CURATED_CONTAINER: CURATED,
    RESULTS_CONTAINER: RESULTS,
    INGEST_LEDGER_TABLE: `${tag}ledger`,
    MONITOR_TICK_SCHEDULE: '0 */5 * * * *',
    EVENTGRID_TOPIC_ENDPOINT: `http://127.0.0.1:${egPort}/api/events`,
    EVENTGRID_TOPIC_KEY: 'local-topic-key',
    SMTP_URL: smtp.url,
    ALERT_EMAIL_FROM: 'Model Monitor <monitor@example.org>',
    DASHBOARD_BASE_URL: 'http://localhost:7071/dashboard',
  };
  // The function modules read the app settings at import (host start-up): give them the same settings.
  Object.assign(process.env, env);
  const [ingestMod, timerMod, queueMod, httpMod] = await Promise.all([
    import('../../src/functions/ingestCollectorBlob.js'),
    import('../../src/functions/scheduleMonitors.js'),
    import('../../src/functions/runMonitor.js'),
    import('../../src/functions/monitorsApi.js'),
  ]);
  handlers = (a) => ({
    ingest: ingestMod.ingestCollectorBlobHandler(a.ingest),
    timer: timerMod.scheduleMonitorsHandler(a.runtime),
    queue: queueMod.runMonitorHandler(a.runtime),
    http: httpMod.monitorsApiHandler(a),
  });
  app = appFor();
  h = handlers(app);
  await BlobServiceClient.fromConnectionString(conn).getContainerClient(COLLECTOR).createIfNotExists();
  await app.runtime.queue.createIfNotExists();
  // The reference data, registered as `model-monitor data create --storage ...` would.
  const settings = app.settings;
  await tableDataAssetRegistry(tableClient(settings.storage, `${tag}${DATA_ASSETS_TABLE}`)).create({
    name: 'iris-baseline',
    version: '1',
    type: 'mltable',
    path: path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline'),
    createdAt: '2023-01-01T00:00:00.000Z',
  });
});

afterAll(async () => {
  await eventGridDown();
  await smtp.stop();
});

describe('scheduled monitoring end to end (Azurite, local Event Grid receiver, local SMTP)', () => {
  let firstRun: RunRecord;

  it('ingests collector data and creates the monitor over HTTP (bad YAML: 400 with lines)', async () => {
    await ingest('uri_folder_iris_model_inputs_with_drift/2023/01/01/01/data.jsonl', '2023/01/01/01');
    await ingest('uri_folder_iris_model_inputs_no_drift/2023/02/01/01/data.jsonl', '2023/02/01/01');

    const bad = await h.http(
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/monitors',
        body: { string: MONITOR_YAML.replace('lookback_window_size: P1D', 'lookback_window_size: 1 day') },
      }),
    );
    expect(bad.status).toBe(400);
    const issues = (bad.jsonBody as { issues: { path: string; line?: number }[] }).issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.path).toContain('lookback_window_size');
    expect(issues[0]?.line).toBe(MONITOR_YAML.split('\n').findIndex((l) => l.includes('P1D')) + 1);
    expect(await app.runtime.stores.catalog.list()).toEqual([]);

    const res = await h.http(
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/monitors',
        body: { string: MONITOR_YAML },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.jsonBody).toMatchObject({ name: MONITOR, enabled: true });
  });

  it('two racing ticks claim and enqueue one run; the queue run breaches, stores, publishes and mails', async () => {
    // First tick only computes the next fire time (nothing is due yet).
    expect((await h.timer(timer, ctx('scheduleMonitors'))).enqueued).toEqual([]);
    expect((await app.runtime.stores.catalog.get(MONITOR))?.nextFireTime).toBe('2023-01-02T00:00:00.000Z');

    at('2023-01-02T00:00:30Z');
    const other = appFor();
    const [a, b] = await Promise.all([
      h.timer(timer, ctx('scheduleMonitors')),
      handlers(other).timer(timer, ctx('scheduleMonitors')),
    ]);
    expect(a.enqueued.length + b.enqueued.length).toBe(1);
    const messages = await pullAll();
    expect(messages).toHaveLength(1);
    expect(await app.runtime.stores.runs.list(MONITOR)).toHaveLength(1);

    at('2023-01-02T00:00:31Z');
    const run = await runFromQueue(messages[0]!);
    firstRun = run;
    expect(run).toMatchObject({
      runId: 'iris_monitor-20230102T000000000Z',
      status: 'Failed',
      scheduledTime: '2023-01-02T00:00:00.000Z',
      event: { state: 'published', attempts: 1 },
      email: { state: 'sent', recipients: ['ops@example.org', 'ml-team@example.org'] },
    });
    expect(run.signals[SIGNAL]).toMatchObject({ status: 'Completed', breached: true, alertEnabled: true });
    const breached = [...new Set(run.breachedFeatures.map((f) => f.feature))].sort();
    expect(breached.length).toBeGreaterThan(0);
    expect(run.errors).toEqual([]);

    // Run and metric rows.
    const stored = await app.runtime.stores.runs.get(MONITOR, run.runId);
    expect(stored?.status).toBe('Failed');
    const points = await app.runtime.stores.metrics.query({ monitor: MONITOR });
    expect(new Set(points.map((p) => p.feature))).toEqual(new Set(FEATURES));
    expect(points.every((p) => p.runId === run.runId && p.signal === SIGNAL)).toBe(true);
    expect(points.filter((p) => p.metric === 'JensenShannonDistance')).toHaveLength(FEATURES.length);
    for (const p of points.filter((q) => q.metric === 'JensenShannonDistance')) {
      expect(p.threshold).toBe(0.1);
      expect(p.breached).toBe((p.value ?? 0) > 0.1);
    }
    expect(breached).toEqual(
      points
        .filter((p) => p.breached)
        .map((p) => p.feature)
        .sort(),
    );

    // Result blobs in Azure's output format.
    const results = app.runtime.stores.results;
    expect(await results.list(MONITOR, run.runId)).toEqual(
      [
        'manifest.json',
        `signals/${SIGNAL}.json`,
        ...FEATURES.map((f) => `signals/${SIGNAL}/${f}.histogram.json`),
      ].sort(),
    );
    expect(await results.read(MONITOR, run.runId, 'manifest.json')).toEqual({
      version: '1.0.0',
      metricsFiles: { [SIGNAL]: `signals/${SIGNAL}.json` },
    });
    const doc = (await results.read(MONITOR, run.runId, `signals/${SIGNAL}.json`)) as {
      signalName: string;
      signalType: string;
      version: string;
      metrics: {
        rowCount: { baselineCount: number; targetCount: number };
        features: Record<
          string,
          {
            dataType: string;
            histogram: string;
            metrics: { metricName: string; metricValue: number; threshold: number }[];
            runMetrics: { runId: string }[];
          }
        >;
      };
    };
    expect(doc).toMatchObject({ signalName: SIGNAL, signalType: 'DataDrift', version: '1.0.0' });
    expect(doc.metrics.rowCount).toEqual({ baselineCount: BASELINE_ROWS, targetCount: 20 });
    for (const f of FEATURES) {
      const entry = doc.metrics.features[f]!;
      expect(entry.dataType).toBe('Numerical');
      expect(entry.histogram).toBe(`signals/${SIGNAL}/${f}.histogram.json`);
      const jsd = points.find((p) => p.feature === f && p.metric === 'JensenShannonDistance');
      expect(entry.metrics).toContainEqual({
        metricName: 'JensenShannonDistance',
        metricValue: jsd?.value,
        threshold: 0.1,
      });
      expect(entry.runMetrics.every((m) => m.runId === run.runId)).toBe(true);
      const hist = (await results.read(MONITOR, run.runId, `signals/${SIGNAL}/${f}.histogram.json`)) as {
        featureName: string;
        histogram: { lowerBound: number; upperBound: number; baselineCount: number; targetCount: number }[];
      };
      expect(hist.featureName).toBe(f);
      expect(hist.histogram.reduce((s, b) => s + b.baselineCount, 0)).toBe(BASELINE_ROWS);
      expect(hist.histogram.reduce((s, b) => s + b.targetCount, 0)).toBe(20);
      for (const b of hist.histogram) {
        expect(Object.keys(b).sort()).toEqual(['baselineCount', 'lowerBound', 'targetCount', 'upperBound']);
        expect(b.lowerBound).toBeLessThan(b.upperBound);
      }
    }

    // The event: at the receiver with the key, Azure's shape, the breach tag, no topic; the filter passes it.
    expect(events).toHaveLength(1);
    expect(events[0]?.headers['aeg-sas-key']).toBe('local-topic-key');
    const [event] = received();
    expect(event).toMatchObject({
      eventType: RUN_STATUS_CHANGED,
      subject: `experiments/${experimentIdOf(MONITOR)}/runs/${run.runId}`,
      dataVersion: '',
      data: {
        experimentId: experimentIdOf(MONITOR),
        experimentName: MONITOR,
        runId: run.runId,
        runType: null,
        runStatus: 'Failed',
      },
    });
    expect(event?.topic).toBeUndefined();
    expect(event?.id).toBe(run.event.eventId);
    const breachTag = event?.data.runTags[BREACH_TAG] ?? '';
    expect(breachTag).toContain(`The signal '${SIGNAL}' ${BREACH_PHRASE}.`);
    expect(breachTag).toContain(`Signal: ${TOKEN}`);
    for (const f of breached) expect(breachTag).toContain(`"group":"${f}"`);
    expect(passes('', event!)).toBe(true);
    expect(passes(TOKEN, event!)).toBe(true);
    expect(passes('other_monitor_data_drift', event!)).toBe(false);

    // The email: both recipients, subject names monitor and signal, bodies list the breached features.
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['ops@example.org', 'ml-team@example.org']);
    const mail = parseMime(smtp.mails[0]!.raw);
    expect(mail.headers.subject).toBe(`Model monitor ${MONITOR}: signal ${SIGNAL} breached thresholds`);
    const text = findPart(mail, 'text/plain')?.body ?? '';
    const html = findPart(mail, 'text/html')?.body ?? '';
    for (const f of breached) {
      expect(text).toContain(`feature ${f}: JensenShannonDistance = `);
      expect(html).toContain(f);
    }
    expect(text).toContain('2023-01-02T00:00:00.000Z');
    expect(html).toContain(`http://localhost:7071/dashboard/#/monitors/${MONITOR}/runs/${run.runId}`);
  });

  it('queue redelivery of the finished run adds no metric rows, events or emails', async () => {
    const before = await app.runtime.stores.metrics.query({ monitor: MONITOR });
    await app.runtime.queue.sendMessage(
      Buffer.from(
        JSON.stringify({ monitor: MONITOR, scheduledTime: firstRun.scheduledTime, runId: firstRun.runId }),
      ).toString('base64'),
    );
    const [again] = await pullAll();
    const run = await runFromQueue(again!, app, 2);
    expect(run.status).toBe('Failed');
    expect(await app.runtime.stores.metrics.query({ monitor: MONITOR })).toEqual(before);
    expect(received()).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it('a run without drift (after missed ticks) publishes Failed → Completed without the breach tag', async () => {
    at('2023-02-02T00:00:30Z');
    const report = await h.timer(timer, ctx('scheduleMonitors'));
    expect(report.enqueued).toEqual([
      {
        monitor: MONITOR,
        scheduledTime: '2023-02-02T00:00:00.000Z',
        runId: 'iris_monitor-20230202T000000000Z',
      },
    ]);
    const [m] = await pullAll();
    const run = await runFromQueue(m!);
    expect(run.status).toBe('Completed');
    expect(run.notes.some((n) => n.startsWith('Caught up once for 31 fire times'))).toBe(true);
    expect(run.email.state).toBe('none');
    const last = received().at(-1)!;
    expect(received()).toHaveLength(2);
    expect(last.data).toMatchObject({ runId: run.runId, runStatus: 'Completed', runTags: {} });
    expect(passes('', last)).toBe(false);
    expect(passes(TOKEN, last)).toBe(false);
    expect(smtp.mails).toHaveLength(1);
    expect((await app.runtime.stores.catalog.get(MONITOR))?.lastRun).toEqual({
      runId: run.runId,
      status: 'Completed',
      time: run.scheduledTime,
    });
  });

  it('an empty window fails the signal: Failed with the error tag, not the breach tag', async () => {
    at('2023-02-03T00:00:30Z');
    await h.timer(timer, ctx('scheduleMonitors'));
    const [m] = await pullAll();
    const run = await runFromQueue(m!);
    expect(run.status).toBe('Failed');
    expect(run.signals[SIGNAL]).toMatchObject({ status: 'Failed', breached: false });
    expect(run.errors[0]).toMatch(/^data_drift: .*No data found for the given time window/);
    expect(run.email.state).toBe('none');
    const last = received().at(-1)!;
    expect(received()).toHaveLength(3);
    expect(last.data.runStatus).toBe('Failed');
    expect(last.data.runTags[BREACH_TAG]).toBeUndefined();
    expect(last.data.runTags[ERROR_TAG]).toMatch(/^data_drift: .*No data found/);
    expect(passes('', last)).toBe(false);
    expect(await app.runtime.stores.results.list(MONITOR, run.runId)).toEqual(['manifest.json']);
  });

  it('Event Grid down: the run completes and its event waits in the outbox; the next tick publishes it', async () => {
    await ingest('uri_folder_iris_model_inputs_no_drift/2023/02/01/01/data.jsonl', '2023/02/03/01');
    await eventGridDown();
    at('2023-02-04T00:00:30Z');
    await h.timer(timer, ctx('scheduleMonitors'));
    const [m] = await pullAll();
    const run = await runFromQueue(m!);
    expect(run.status).toBe('Completed');
    expect(run.event).toMatchObject({ state: 'failed', attempts: 1 });
    expect(run.event.lastError).toBeTruthy();
    expect(received()).toHaveLength(3);
    expect((await app.runtime.stores.outbox.pending()).map((r) => r.runId)).toEqual([run.runId]);

    await eventGridUp();
    at('2023-02-04T00:05:00Z');
    const report = (await h.timer(timer, ctx('scheduleMonitors'))) as unknown as {
      outbox?: { published: string[] };
    };
    expect(report.outbox?.published).toEqual([run.event.eventId]);
    expect(received()).toHaveLength(4);
    expect(received().at(-1)?.data).toMatchObject({ runId: run.runId, runStatus: 'Completed' });
    expect(await app.runtime.stores.outbox.pending()).toEqual([]);
    expect((await app.runtime.stores.runs.get(MONITOR, run.runId))?.event).toMatchObject({
      state: 'published',
      attempts: 2,
    });
  });

  it('SMTP down: the breached run is still recorded, published and not retried; the email failure is recorded', async () => {
    await ingest('uri_folder_iris_model_inputs_with_drift/2023/01/01/01/data.jsonl', '2023/02/04/01');
    // A closed port: connection refused.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) =>
      probe.close(() => {
        r();
      }),
    );
    const noMail = appFor({ SMTP_URL: `smtp://127.0.0.1:${deadPort}` });

    at('2023-02-05T00:00:30Z');
    await handlers(noMail).timer(timer, ctx('scheduleMonitors'));
    const [m] = await pullAll(noMail);
    const run = await runFromQueue(m!, noMail);
    expect(run.status).toBe('Failed');
    expect(run.signals[SIGNAL]).toMatchObject({ status: 'Completed', breached: true });
    expect(run.errors).toEqual([]);
    expect(run.email).toMatchObject({
      state: 'failed',
      recipients: ['ops@example.org', 'ml-team@example.org'],
    });
    expect(run.email.error).toMatch(/ECONNREFUSED|connect/i);
    expect(run.event.state).toBe('published');
    expect(received().at(-1)?.data).toMatchObject({ runId: run.runId, runStatus: 'Failed' });
    expect(passes(TOKEN, received().at(-1)!)).toBe(true);
    expect(smtp.mails).toHaveLength(1);
    expect(await noMail.runtime.stores.results.list(MONITOR, run.runId)).toContain('manifest.json');
  });

  it('a message that keeps failing leaves the run Failed with the reason on the last attempt (then poison)', async () => {
    // A catalog entity whose YAML no longer validates (written around the API, as an older version might have).
    const broken = 'broken_monitor';
    await app.runtime.stores.catalog.create(
      broken,
      `name: ${broken}\ncreate_monitor: {monitoring_signals: {}}\n`,
      new Date(clock).toISOString(),
    );
    const message = {
      monitor: broken,
      scheduledTime: '2023-02-05T00:00:00.000Z',
      runId: `${broken}-20230205T000000000Z`,
    };
    await app.runtime.queue.sendMessage(Buffer.from(JSON.stringify(message)).toString('base64'));
    const [m] = await pullAll();
    const queue = handlers(app).queue;
    await expect(queue(m!.text, ctx('runMonitor', { dequeueCount: 1 }))).rejects.toThrow(
      /Invalid monitor YAML/,
    );
    expect((await app.runtime.stores.runs.get(broken, message.runId))?.status).toBe('Queued');
    await expect(queue(m!.text, ctx('runMonitor', { dequeueCount: 5 }))).rejects.toThrow(
      /Invalid monitor YAML/,
    );
    const run = await app.runtime.stores.runs.get(broken, message.runId);
    expect(run?.status).toBe('Failed');
    expect(run?.errors.at(-1)).toMatch(/^Attempt 5 of 5 failed: Invalid monitor YAML/);
    const last = received().at(-1)!;
    expect(last.data).toMatchObject({ experimentName: broken, runId: message.runId, runStatus: 'Failed' });
    expect(last.data.runTags[ERROR_TAG]).toMatch(/^run: Attempt 5 of 5 failed: Invalid monitor YAML/);
    expect(passes('', last)).toBe(false);
    await app.runtime.queue.deleteMessage(m!.messageId, m!.popReceipt);
  });
});
