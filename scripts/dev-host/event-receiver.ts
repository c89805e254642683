/**
 * A local Event Grid subscriber: the HTTP endpoint the app publishes RunStatusChanged events to in local runs
 * (EVENTGRID_TOPIC_ENDPOINT), standing in for a topic + webhook subscription. It checks the `aeg-sas-key`,
 * answers the subscription validation handshake, and keeps and reports every event.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  readonly id: string;
  readonly eventType: string;
  readonly subject: string;
  readonly eventTime: string;
  readonly data: {
    readonly experimentName?: string;
    readonly runId?: string;
    readonly runStatus?: string;
    readonly runTags?: Readonly<Record<string, string>>;
  };
}

export interface EventReceiver {
  /** The topic endpoint to configure (`.../api/events`). */
  readonly endpoint: string;
  readonly key: string;
  readonly events: readonly ReceivedEvent[];
  readonly stop: () => Promise<void>;
}

export async function startEventReceiver(opts: {
  readonly key: string;
  readonly onEvent?: (e: ReceivedEvent) => void;
}): Promise<EventReceiver> {
  const events: ReceivedEvent[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== '/api/events') {
        res.writeHead(404).end();
        return;
      }
      if (req.headers['aeg-sas-key'] !== opts.key) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('aeg-sas-key missing or wrong');
        return;
      }
      let batch: unknown;
      try {
        batch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('body is not JSON');
        return;
      }
      if (!Array.isArray(batch)) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('expected a JSON array of events');
        return;
      }
      for (const e of batch as ReceivedEvent[]) {
        if (e.eventType === 'Microsoft.EventGrid.SubscriptionValidationEvent') {
          const code = (e.data as { validationCode?: string }).validationCode ?? '';
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ validationResponse: code }));
          return;
        }
        events.push(e);
        opts.onEvent?.(e);
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/api/events`,
    key: opts.key,
    events,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
