/**
 * The scheduled-run runtime on real infrastructure: Azurite (tables, blobs, queue), a local HTTP receiver as the
 * Event Grid topic and a local SMTP server. Evaluation, schedule and event rule are the test plug-ins
 * (test/helpers/run-plugins.ts); test/integration/scheduled-runs.test.ts runs the real ones.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRuntime, decodeRunMessage, type Runtime } from '../../src/adapters/runtime.js';
import { readSettings } from '../../src/adapters/settings.js';
import type { RunMessage } from '../../src/core/runs/scheduled.js';
import { runClaimed, tick } from '../../src/core/runs/scheduled.js';
import { findPart, parseMime } from '../../scripts/dev-host/mime.js';
import { evaluateFrom, everyMinutes, transitionEvent } from '../helpers/run-plugins.js';
import { startMailCatcher, type MailCatcher } from '../../scripts/dev-host/mail-catcher.js';

const events: { headers: IncomingHttpHeaders; body: { id: string; data: { runStatus: string } }[] }[] = [];
const http = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    events.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as never });
    res.end();
  });
});
let smtp: MailCatcher;

let clock = Date.parse('2026-11-26T04:00:00Z');
const tag = `rt${Date.now().toString(36)}`;
let runtime: () => Runtime;

beforeAll(async () => {
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  smtp = await startMailCatcher({});
  const settings = readSettings({
    AzureWebJobsStorage: inject('storageConnectionString'),
    COLLECTOR_CONTAINER: 'modeldatacollector',
    CURATED_CONTAINER: 'curated',
    RESULTS_CONTAINER: `${tag}-results`,
    EVENTGRID_TOPIC_ENDPOINT: `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/events`,
    EVENTGRID_TOPIC_KEY: 'local-topic-key',
    SMTP_URL: smtp.url,
    ALERT_EMAIL_FROM: 'monitor@example.org',
    DASHBOARD_BASE_URL: 'http://localhost:7071/api/dashboard',
  });
  runtime = () =>
    createRuntime(
      settings,
      {
        evaluate: (yaml, runTime) => Promise.resolve(evaluateFrom(yaml, runTime, 'credit')),
        nextFireTimes: everyMinutes,
        runEvent: transitionEvent,
        alertEmails: () => ['ops@example.org'],
      },
      { tablePrefix: tag, queueName: `${tag}-runs`, now: () => new Date(clock).toISOString() },
    );
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise<void>((r) =>
    http.close(() => {
      r();
    }),
  );
  await smtp.stop();
});

async function receiveAll(rt: Runtime): Promise<RunMessage[]> {
  const out: RunMessage[] = [];
  for (;;) {
    const got = await rt.queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
    if (got.receivedMessageItems.length === 0) return out;
    for (const m of got.receivedMessageItems) {
      out.push(decodeRunMessage(m.messageText));
      await rt.queue.deleteMessage(m.messageId, m.popReceipt);
    }
  }
}

describe('scheduled runs on Azurite with a local Event Grid receiver and SMTP server', () => {
  it('tick → queue → run: rows, Azure-format blobs, event with key, email; redelivery and racing ticks add nothing', async () => {
    const a = runtime();
    const b = runtime();
    expect(
      (await a.stores.catalog.create('credit', 'every: 5\ndrift: yes', new Date(clock).toISOString())).ok,
    ).toBe(true);

    clock = Date.parse('2026-11-26T04:05:00Z');
    const [ta, tb] = await Promise.all([tick(a.deps), tick(b.deps)]);
    expect(ta.enqueued.length + tb.enqueued.length).toBe(1);
    const messages = await receiveAll(a);
    expect(messages).toEqual([
      { monitor: 'credit', scheduledTime: '2026-11-26T04:05:00.000Z', runId: 'credit-20261126T040500000Z' },
    ]);

    clock = Date.parse('2026-11-26T04:05:03Z');
    const run = await runClaimed(a.deps, messages[0]!);
    expect(run.status).toBe('Failed');
    expect(run.event.state).toBe('published');
    expect(run.email.state).toBe('sent');
    // redelivery of the same message
    await runClaimed(b.deps, messages[0]!, { dequeueCount: 2, maxDequeueCount: 5 });

    const stored = await a.stores.runs.get('credit', run.runId);
    expect(stored).toMatchObject({
      status: 'Failed',
      startedAt: '2026-11-26T04:05:03.000Z',
      breachedCount: 1,
    });
    expect(await a.stores.metrics.query({ monitor: 'credit' })).toHaveLength(1);
    expect(await a.stores.results.list('credit', run.runId)).toEqual([
      'manifest.json',
      'signals/credit_drift.json',
      'signals/credit_drift/AGE.histogram.json',
    ]);
    expect(await a.stores.results.read('credit', run.runId, 'manifest.json')).toEqual({
      version: '1.0.0',
      metricsFiles: { credit_drift: 'signals/credit_drift.json' },
    });
    expect(
      await a.stores.results.read('credit', run.runId, 'signals/credit_drift/AGE.histogram.json'),
    ).toEqual({
      featureName: 'AGE',
      histogram: [{ baselineCount: 60, lowerBound: 18, upperBound: 40.12, targetCount: 10 }],
    });

    expect(events).toHaveLength(1);
    expect(events[0]?.headers['aeg-sas-key']).toBe('local-topic-key');
    expect(events[0]?.body.map((e) => [e.id, e.data.runStatus])).toEqual([[`${run.runId}-status`, 'Failed']]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['ops@example.org']);
    const mail = parseMime(smtp.mails[0]!.raw);
    expect(mail.headers.subject).toBe('Model monitor credit: signal credit_drift breached thresholds');
    expect(findPart(mail, 'text/plain')?.body).toContain(
      'feature AGE: NormalizedWassersteinDistance = 0.4 (threshold 0.1)',
    );
    expect(findPart(mail, 'text/html')?.body).toContain(`#/monitors/credit/runs/${run.runId}`);

    // Drift gone: the next run publishes Failed → Completed and sends no email.
    expect(
      (await a.stores.catalog.update('credit', 'every: 5\ndrift: no', new Date(clock).toISOString())).ok,
    ).toBe(true);
    clock = Date.parse('2026-11-26T04:10:00Z');
    await tick(a.deps);
    const [next] = await receiveAll(a);
    const ok = await runClaimed(a.deps, next!);
    expect(ok.status).toBe('Completed');
    expect(events.map((e) => e.body[0]?.data.runStatus)).toEqual(['Failed', 'Completed']);
    expect(smtp.mails).toHaveLength(1);
    expect((await a.stores.catalog.get('credit'))?.lastRun).toEqual({
      runId: ok.runId,
      status: 'Completed',
      time: ok.scheduledTime,
    });
  });
});

describe('runtime start-up', () => {
  it('accepts ACS email settings at start-up (alerts go through Azure Communication Services)', () => {
    const settings = readSettings({
      AzureWebJobsStorage: inject('storageConnectionString'),
      COLLECTOR_CONTAINER: 'modeldatacollector',
      CURATED_CONTAINER: 'curated',
      RESULTS_CONTAINER: 'results',
      ACS_EMAIL_CONNECTION_STRING: 'endpoint=https://x.communication.azure.com/;accesskey=abc',
      ALERT_EMAIL_FROM: 'a@b.org',
      DASHBOARD_BASE_URL: 'http://d',
    });
    const plugins = {
      evaluate: () => Promise.reject(new Error('unused')),
      nextFireTimes: everyMinutes,
      runEvent: transitionEvent,
      alertEmails: () => [],
    };
    expect(settings.mail.kind).toBe('acs');
    expect(() => createRuntime(settings, plugins)).not.toThrow();
  });
});
