import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { eventGridPublisher, PublishError } from '../../src/adapters/eventgrid.js';
import { azureStores } from '../../src/adapters/storage.js';
import { enqueueRunEvent, flushOutbox } from '../../src/core/runs/outbox.js';
import { queuedRun, type EventGridEventLike } from '../../src/core/runs/records.js';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** A real HTTP receiver on a loopback port; `status` decides each response (default 200). */
async function startReceiver(
  port = 0,
  status: (n: number) => number = () => 200,
): Promise<{
  server: Server;
  port: number;
  received: Received[];
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      });
      res.statusCode = status(received.length);
      res.end(
        res.statusCode >= 400
          ? JSON.stringify({ error: { code: 'Boom', message: `status ${res.statusCode}` } })
          : '',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  return { server, port: (server.address() as AddressInfo).port, received, close };
}

const event = (id: string): EventGridEventLike => ({
  id,
  subject: 'experiments/exp-1/runs/credit-monitor-20261126T040000000Z',
  eventType: 'Microsoft.MachineLearningServices.RunStatusChanged',
  eventTime: '2026-11-26T04:00:05.000Z',
  data: {
    experimentId: 'exp-1',
    experimentName: 'credit-monitor',
    runId: 'credit-monitor-20261126T040000000Z',
    runType: null,
    runTags: {
      azureml_modelmonitor_threshold_breached:
        'The signal ... has failed due to one or more features violating metric thresholds.',
    },
    runProperties: {},
    runStatus: 'Failed',
  },
  dataVersion: '1',
});

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('Event Grid publisher against a local HTTP receiver', () => {
  it('EventGrid schema: body and aeg-sas-key header', async () => {
    const rx = await startReceiver();
    cleanup.push(rx.close);
    const pub = eventGridPublisher({
      endpoint: `http://127.0.0.1:${rx.port}/api/events`,
      schema: 'EventGrid',
      key: 'topic-key-1',
    });
    await pub.publish([event('ev-1')]);
    expect(rx.received).toHaveLength(1);
    const req = rx.received[0]!;
    expect(req.method).toBe('POST');
    expect(req.url.startsWith('/api/events')).toBe(true);
    expect(req.headers['aeg-sas-key']).toBe('topic-key-1');
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(req.body).toEqual([
      {
        id: 'ev-1',
        subject: event('ev-1').subject,
        eventType: 'Microsoft.MachineLearningServices.RunStatusChanged',
        eventTime: '2026-11-26T04:00:05.000Z',
        data: event('ev-1').data,
        dataVersion: '1',
      },
    ]);
  });

  it('CloudEvents 1.0 schema', async () => {
    const rx = await startReceiver();
    cleanup.push(rx.close);
    const pub = eventGridPublisher({
      endpoint: `http://127.0.0.1:${rx.port}/api/events`,
      schema: 'CloudEvents',
      key: 'k',
      source: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws',
    });
    await pub.publish([event('ev-2')]);
    const req = rx.received[0]!;
    expect(req.headers['content-type']).toMatch(/^application\/cloudevents-batch\+json/);
    expect(req.headers['aeg-sas-key']).toBe('k');
    expect(req.body).toEqual([
      {
        specversion: '1.0',
        id: 'ev-2',
        type: 'Microsoft.MachineLearningServices.RunStatusChanged',
        source:
          '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws',
        subject: event('ev-2').subject,
        time: '2026-11-26T04:00:05.000Z',
        datacontenttype: 'application/json',
        data: event('ev-2').data,
      },
    ]);
  });

  it('retries 5xx with doubling backoff, then succeeds', async () => {
    const rx = await startReceiver(0, (n) => (n <= 2 ? 503 : 200));
    cleanup.push(rx.close);
    const delays: number[] = [];
    const pub = eventGridPublisher({
      endpoint: `http://127.0.0.1:${rx.port}/api/events`,
      schema: 'EventGrid',
      key: 'k',
      retry: { attempts: 4, baseDelayMs: 100 },
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    await pub.publish([event('ev-3')]);
    expect(rx.received).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after the configured attempts; 4xx is not retried', async () => {
    const rx = await startReceiver(0, () => 500);
    cleanup.push(rx.close);
    const opts = {
      endpoint: `http://127.0.0.1:${rx.port}/api/events`,
      schema: 'EventGrid' as const,
      key: 'k',
      sleep: () => Promise.resolve(),
    };
    const err = await eventGridPublisher({ ...opts, retry: { attempts: 3 } })
      .publish([event('ev-4')])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect((err as PublishError).attempts).toBe(3);
    expect(rx.received).toHaveLength(3);

    const rx400 = await startReceiver(0, () => 400);
    cleanup.push(rx400.close);
    const err400 = await eventGridPublisher({
      ...opts,
      endpoint: `http://127.0.0.1:${rx400.port}/api/events`,
      retry: { attempts: 3 },
    })
      .publish([event('ev-5')])
      .catch((e: unknown) => e);
    expect((err400 as PublishError).attempts).toBe(1);
    expect(rx400.received).toHaveLength(1);
  });

  it('a TokenCredential (managed identity) sends a bearer token over https instead of a key', async () => {
    // A self-signed certificate for 127.0.0.1, trusted only by this publisher's agent.
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-eg-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(path.join(dir, 'cert.pem'));
    const received: { headers: IncomingHttpHeaders; body: unknown }[] = [];
    const server = createHttpsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => {
            resolve();
          });
        }),
    );
    const scopes: string[] = [];
    const pub = eventGridPublisher({
      endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`,
      schema: 'EventGrid',
      agent: new HttpsAgent({ ca: cert }),
      credential: {
        getToken: (scope) => {
          scopes.push(...(Array.isArray(scope) ? scope : [scope]));
          return Promise.resolve({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 });
        },
      },
    });
    await pub.publish([event('ev-6')]);
    expect(received[0]?.headers.authorization).toBe('Bearer fake-token');
    expect(received[0]?.headers['aeg-sas-key']).toBeUndefined();
    expect((received[0]?.body as { id: string }[])[0]?.id).toBe('ev-6');
    expect(scopes).toEqual(['https://eventgrid.azure.net/.default']);
  });
});

describe('event outbox on Azurite: receiver down, then up', () => {
  it('keeps the event, records the failure on the outbox row and the run, publishes on the next flush', async () => {
    const tag = `eg${Date.now().toString(36)}`;
    const stores = azureStores(
      { kind: 'connectionString', connectionString: inject('storageConnectionString') },
      `${tag}-results`,
      tag,
    );
    // Find a free port, then close the receiver: the topic is "down".
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();

    const run = queuedRun('credit-monitor', '2026-11-26T04:00:00Z', '2026-11-26T04:00:01Z');
    await stores.runs.put(run);
    const ev = event(`${run.runId}-status`);
    expect(
      await enqueueRunEvent(
        stores.outbox,
        stores.runs,
        run.monitor,
        run.runId,
        ev,
        '2026-11-26T04:00:06.000Z',
      ),
    ).toBe(true);
    // Queue redelivery of the same run does not add a second event.
    expect(
      await enqueueRunEvent(
        stores.outbox,
        stores.runs,
        run.monitor,
        run.runId,
        ev,
        '2026-11-26T04:00:09.000Z',
      ),
    ).toBe(false);
    expect((await stores.runs.get(run.monitor, run.runId))?.event).toEqual({
      state: 'pending',
      eventId: ev.id,
      attempts: 0,
    });

    const publisher = eventGridPublisher({
      endpoint: `http://127.0.0.1:${port}/api/events`,
      schema: 'EventGrid',
      key: 'k',
      retry: { attempts: 2, baseDelayMs: 10 },
    });
    let clock = 0;
    const now = (): string => new Date(Date.parse('2026-11-26T04:05:00Z') + 1000 * clock++).toISOString();

    const down = await flushOutbox(stores.outbox, publisher, stores.runs, { now });
    expect(down.published).toEqual([]);
    expect(down.failed.map((f) => f.eventId)).toEqual([ev.id]);
    expect(down.failed[0]?.error).toMatch(/ECONNREFUSED|connect/i);
    const afterDown = await stores.runs.get(run.monitor, run.runId);
    expect(afterDown?.event.state).toBe('failed');
    expect(afterDown?.event.attempts).toBe(1);
    expect(afterDown?.event.lastError).toMatch(/failed after 2 attempt/);
    expect((await stores.outbox.pending()).map((r) => r.eventId)).toEqual([ev.id]);

    const rx = await startReceiver(port);
    cleanup.push(rx.close);
    const up = await flushOutbox(stores.outbox, publisher, stores.runs, { now });
    expect(up.published).toEqual([ev.id]);
    expect(rx.received).toHaveLength(1);
    expect((rx.received[0]?.body as { id: string }[])[0]?.id).toBe(ev.id);
    const afterUp = await stores.runs.get(run.monitor, run.runId);
    expect(afterUp?.event).toMatchObject({ state: 'published', eventId: ev.id, attempts: 2 });
    expect(afterUp?.event.lastError).toBeUndefined();
    expect(await stores.outbox.pending()).toEqual([]);

    // Nothing left: a further flush sends nothing.
    await flushOutbox(stores.outbox, publisher, stores.runs, { now });
    expect(rx.received).toHaveLength(1);
  });
});
