/**
 * Publishes EventGrid-schema events with @azure/eventgrid, to an Event Grid topic or any endpoint speaking
 * its protocol. EventGrid schema by default; CloudEvents 1.0 by setting (the event is mapped field by field).
 * A key → `aeg-sas-key`; no key → a TokenCredential (managed identity). Bounded retries with exponential
 * backoff on top of the SDK's own; the last error is thrown as a PublishError for the outbox to record.
 */
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import type { Agent } from 'node:http';
import type { TokenCredential } from '@azure/identity';
import type { EventPublisher } from '../core/ports.js';
import type { EventGridEventLike } from '../core/runs/records.js';

export class PublishError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

export interface RetryOptions {
  /** Attempts in total (>= 1). Default 3. */
  readonly attempts?: number;
  /** First delay; doubles each retry. Default 500 ms. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface EventGridPublisherOptions {
  readonly endpoint: string;
  readonly schema: 'EventGrid' | 'CloudEvents';
  readonly key?: string;
  readonly credential?: TokenCredential;
  /** CloudEvents `source` when an event has no `topic`. */
  readonly source?: string;
  readonly retry?: RetryOptions;
  /** HTTP(S) agent, e.g. one trusting a private CA (local test receivers). */
  readonly agent?: Agent;
  /** For tests: how to wait between attempts. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

function clientOptions(
  endpoint: string,
  agent: Agent | undefined,
): { allowInsecureConnection: boolean; retryOptions: { maxRetries: number }; agent?: Agent } {
  // http endpoints only exist locally (test receivers, emulators); our own retry loop does the retrying.
  // The SDK refuses bearer tokens over http, so identity-based publishing needs https.
  return {
    allowInsecureConnection: endpoint.startsWith('http:'),
    retryOptions: { maxRetries: 0 },
    ...(agent === undefined ? {} : { agent }),
  };
}

export function toCloudEvent(
  e: EventGridEventLike,
  source: string,
): {
  type: string;
  source: string;
  id: string;
  time: Date;
  subject: string;
  data: unknown;
  specversion: '1.0';
} {
  return {
    type: e.eventType,
    source: e.topic ?? source,
    id: e.id,
    time: new Date(e.eventTime),
    subject: e.subject,
    data: e.data,
    specversion: '1.0',
  };
}

export function eventGridPublisher(opts: EventGridPublisherOptions): EventPublisher {
  const credential = opts.key === undefined ? opts.credential : new AzureKeyCredential(opts.key);
  if (!credential) throw new TypeError('eventGridPublisher: a key or a TokenCredential is required');
  const attempts = Math.max(1, opts.retry?.attempts ?? 3);
  const base = opts.retry?.baseDelayMs ?? 500;
  const max = opts.retry?.maxDelayMs ?? 10_000;
  const sleep = opts.sleep ?? sleepMs;
  const source = opts.source ?? '/model-monitor';

  const send: (events: readonly EventGridEventLike[]) => Promise<void> =
    opts.schema === 'CloudEvents'
      ? (() => {
          const client = new EventGridPublisherClient(
            opts.endpoint,
            'CloudEvent',
            credential,
            clientOptions(opts.endpoint, opts.agent),
          );
          return (events) => client.send(events.map((e) => toCloudEvent(e, source)));
        })()
      : (() => {
          const client = new EventGridPublisherClient(
            opts.endpoint,
            'EventGrid',
            credential,
            clientOptions(opts.endpoint, opts.agent),
          );
          return (events) =>
            client.send(
              events.map((e) => ({
                id: e.id,
                subject: e.subject,
                eventType: e.eventType,
                eventTime: new Date(e.eventTime),
                data: e.data,
                dataVersion: e.dataVersion,
                ...(e.topic === undefined ? {} : { topic: e.topic }),
              })),
            );
        })();

  return {
    async publish(events) {
      if (events.length === 0) return;
      let last: unknown;
      let tried = 0;
      for (let i = 0; i < attempts; i++) {
        if (i > 0) await sleep(Math.min(max, base * 2 ** (i - 1)));
        tried++;
        try {
          await send(events);
          return;
        } catch (err) {
          last = err;
          const status = (err as { statusCode?: unknown }).statusCode;
          // 400/401/403/413: retrying the same request cannot help.
          if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429)
            break;
        }
      }
      const msg = last instanceof Error ? last.message : String(last);
      throw new PublishError(
        `Event Grid publish to ${opts.endpoint} failed after ${tried} attempt(s): ${msg}`,
        tried,
        last,
      );
    },
  };
}
