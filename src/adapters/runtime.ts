/**
 * Composition root of the scheduled runs: settings → Azure stores, run queue, Event Grid publisher, mailer →
 * the dependencies of `tick`/`runClaimed`. The module functions (evaluate, schedule, event builder, alert
 * recipients) come in as a `RunPlugins` value, so the Functions and the CLI wire the real ones in one place.
 */
import { QueueClient } from '@azure/storage-queue';
import type { EventPublisher, Mailer } from '../core/ports.js';
import type { RunMessage, ScheduledDeps } from '../core/runs/scheduled.js';
import { eventGridPublisher, type RetryOptions } from './eventgrid.js';
import { credentialFor, loadCliEnv, readSettings, type Settings, type StorageSettings } from './settings.js';
import { acsMailer } from './acs-email.js';
import { smtpMailer } from './smtp.js';
import { azureStores, type Stores } from './storage.js';

export type RunPlugins = Pick<ScheduledDeps, 'evaluate' | 'nextFireTimes' | 'runEvent' | 'alertEmails'>;

export const RUN_QUEUE = 'monitor-runs';

export interface RuntimeOptions {
  readonly queueName?: string;
  readonly tablePrefix?: string;
  readonly now?: () => string;
  readonly eventRetry?: RetryOptions;
  /** CloudEvents `source` for events without a topic (e.g. the workspace-like ARM id of this app). */
  readonly eventSource?: string;
}

export interface Runtime {
  readonly deps: ScheduledDeps;
  readonly stores: Stores;
  readonly queue: QueueClient;
}

export function queueClient(storage: StorageSettings, name: string): QueueClient {
  if (storage.kind === 'connectionString') return new QueueClient(storage.connectionString, name);
  return new QueueClient(
    `${storage.queueServiceUri.replace(/\/+$/, '')}/${name}`,
    credentialFor(storage.credential, storage.clientId),
  );
}

/** Queue messages are base64 JSON: what the Functions queue trigger decodes by default. */
export function encodeRunMessage(m: RunMessage): string {
  return Buffer.from(JSON.stringify(m), 'utf8').toString('base64');
}

/** What the queue trigger hands over (already JSON-parsed by the host, or a string). */
export function decodeRunMessage(raw: unknown): RunMessage {
  let v = raw;
  if (typeof v === 'string') {
    const text = v.trim().startsWith('{') ? v : Buffer.from(v, 'base64').toString('utf8');
    v = JSON.parse(text) as unknown;
  }
  const o = v as Partial<Record<keyof RunMessage, unknown>> | null;
  if (
    !o ||
    typeof o.monitor !== 'string' ||
    typeof o.scheduledTime !== 'string' ||
    typeof o.runId !== 'string'
  ) {
    throw new TypeError(`not a run message: ${JSON.stringify(raw)}`);
  }
  return { monitor: o.monitor, scheduledTime: o.scheduledTime, runId: o.runId };
}

function publisherFor(settings: Settings, opts: RuntimeOptions): EventPublisher | undefined {
  const eg = settings.eventGrid;
  if (!eg.enabled) return undefined;
  const identity = settings.storage.kind === 'identity' ? settings.storage : undefined;
  return eventGridPublisher({
    endpoint: eg.endpoint,
    schema: eg.schema,
    ...(eg.key === undefined
      ? { credential: credentialFor(identity?.credential, identity?.clientId) }
      : { key: eg.key }),
    ...(opts.eventRetry === undefined ? {} : { retry: opts.eventRetry }),
    ...(opts.eventSource === undefined ? {} : { source: opts.eventSource }),
  });
}

function mailerFor(settings: Settings): Mailer | undefined {
  const mail = settings.mail;
  if (mail.kind === 'none') return undefined;
  if (mail.kind === 'acs') return acsMailer({ connectionString: mail.connectionString, from: mail.from });
  return smtpMailer({ smtp: mail.smtp, from: mail.from });
}

export function createRuntime(settings: Settings, plugins: RunPlugins, opts: RuntimeOptions = {}): Runtime {
  const stores = azureStores(settings.storage, settings.resultsContainer, opts.tablePrefix);
  const queue = queueClient(settings.storage, opts.queueName ?? RUN_QUEUE);
  let queueReady: Promise<unknown> | undefined;
  const publisher = publisherFor(settings, opts);
  const mailer = mailerFor(settings);
  const deps: ScheduledDeps = {
    ...stores,
    ...plugins,
    ...(publisher ? { publisher } : {}),
    ...(mailer ? { mailer } : {}),
    now: opts.now ?? (() => new Date().toISOString()),
    enqueue: async (m) => {
      queueReady ??= queue.createIfNotExists().catch((err: unknown) => {
        queueReady = undefined;
        throw err;
      });
      await queueReady;
      await queue.sendMessage(encodeRunMessage(m));
    },
    events: settings.monitorEvents,
    dashboardBaseUrl:
      settings.mail.kind === 'none' ? (settings.dashboardBaseUrl ?? '') : settings.mail.dashboardBaseUrl,
  };
  return { deps, stores, queue };
}

/** The CLI's runtime: settings from the environment over `local.settings.json`, then the same wiring. */
export async function cliRuntime(
  env: Readonly<Record<string, string | undefined>>,
  plugins: RunPlugins,
  localSettingsPath = 'local.settings.json',
  opts: RuntimeOptions = {},
): Promise<{ settings: Settings; runtime: Runtime }> {
  const settings = readSettings(await loadCliEnv(env, localSettingsPath));
  return { settings, runtime: createRuntime(settings, plugins, opts) };
}
