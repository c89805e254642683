/**
 * The whole stack for local runs, as `npm start` starts it: storage (Azurite in memory unless a storage
 * connection is configured), a local Event Grid receiver and an SMTP catcher (unless a topic or mail transport
 * is configured), the dashboard bundle, the app's function registrations and the dev host dispatching them.
 * Settings come from the environment over `local.settings.json`, as for the CLI and Core Tools.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCliEnv } from '../../src/adapters/settings.js';
import { freePort, startAzurite } from '../azurite.js';
import { buildDashboardHtml } from '../build-web.js';
import { startEventReceiver, type EventReceiver, type ReceivedEvent } from './event-receiver.js';
import { startDevHost, type DevHost, type HostJson, type Invocation } from './host.js';
import { loadFunctionApp } from './load-app.js';
import { startMailCatcher, type CaughtMail, type MailCatcher } from './mail-catcher.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LocalStackOptions {
  /** HTTP port of the host; 0 picks a free one. Default 7071, as Core Tools. */
  readonly port?: number;
  /** Where the caught mail (`mail/<n>.eml`) and the host log go. Default `.devhost` in the repository. */
  readonly workDir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly localSettingsPath?: string;
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
  readonly onInvocation?: (i: Invocation) => void;
  readonly onEvent?: (e: ReceivedEvent) => void;
  readonly onMail?: (m: CaughtMail) => void;
}

export interface LocalStack {
  readonly host: DevHost;
  readonly url: string;
  /** The app settings the functions were loaded with (also in `process.env`). */
  readonly settings: Readonly<Record<string, string | undefined>>;
  readonly storage: 'azurite' | 'configured';
  readonly events?: EventReceiver;
  readonly mail?: MailCatcher;
  readonly workDir: string;
  /** Every invocation the host dispatches from now on; returns the unsubscribe function. */
  readonly subscribe: (listener: (i: Invocation) => void) => () => void;
  readonly stop: () => Promise<void>;
}

const isUnset = (v: string | undefined): boolean => v === undefined || v.trim() === '';

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stoppers.splice(0).reverse()) await s();
  };
  const listeners = new Set<(i: Invocation) => void>();
  try {
    const env: Record<string, string | undefined> = {
      ...(await loadCliEnv(opts.env ?? process.env, opts.localSettingsPath ?? 'local.settings.json')),
    };
    const workDir = opts.workDir ?? path.join(REPO, '.devhost');
    mkdirSync(workDir, { recursive: true });

    const conn = env.AzureWebJobsStorage;
    let storage: LocalStack['storage'] = 'configured';
    const identity = !isUnset(env.AzureWebJobsStorage__blobServiceUri);
    if ((isUnset(conn) || /^UseDevelopmentStorage=true;?$/i.test(conn ?? '')) && !identity) {
      const azurite = await startAzurite();
      stoppers.push(() => azurite.stop());
      env.AzureWebJobsStorage = azurite.connectionString;
      storage = 'azurite';
    }
    env.COLLECTOR_CONTAINER ??= 'modeldatacollector';
    env.CURATED_CONTAINER ??= 'curated';
    env.RESULTS_CONTAINER ??= 'results';

    let events: EventReceiver | undefined;
    if (isUnset(env.EVENTGRID_TOPIC_ENDPOINT)) {
      events = await startEventReceiver({
        key: 'local-dev-key',
        ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      });
      stoppers.push(events.stop);
      env.EVENTGRID_TOPIC_ENDPOINT = events.endpoint;
      env.EVENTGRID_TOPIC_KEY = events.key;
    }
    const port = opts.port === 0 ? await freePort() : (opts.port ?? 7071);
    const url = `http://localhost:${port}`;
    let mail: MailCatcher | undefined;
    if (isUnset(env.SMTP_URL) && isUnset(env.ACS_EMAIL_CONNECTION_STRING)) {
      mail = await startMailCatcher({
        folder: path.join(workDir, 'mail'),
        ...(opts.onMail ? { onMail: opts.onMail } : {}),
      });
      stoppers.push(mail.stop);
      env.SMTP_URL = mail.url;
      if (isUnset(env.ALERT_EMAIL_FROM)) env.ALERT_EMAIL_FROM = 'Model Monitor <monitor@localhost>';
      if (isUnset(env.DASHBOARD_BASE_URL)) env.DASHBOARD_BASE_URL = url;
    }

    // The page function serves dist/web/index.html; build it once if `npm run build` has not.
    const page = path.join(REPO, 'dist', 'web', 'index.html');
    if (!existsSync(page)) {
      mkdirSync(path.dirname(page), { recursive: true });
      writeFileSync(page, await buildDashboardHtml());
    }

    // The function modules read their settings at import, as in the host.
    for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
    const registrations = await loadFunctionApp(path.join(REPO, 'src', 'functions'));
    const host = await startDevHost({
      registrations,
      env,
      hostJson: JSON.parse(readFileSync(path.join(REPO, 'host.json'), 'utf8')) as HostJson,
      port,
      ...(opts.pollMs === undefined ? {} : { pollMs: opts.pollMs }),
      ...(opts.log ? { log: opts.log } : {}),
      onInvocation: (i) => {
        opts.onInvocation?.(i);
        for (const l of listeners) l(i);
      },
    });
    stoppers.push(host.stop);
    return {
      host,
      url: host.url,
      settings: env,
      storage,
      ...(events ? { events } : {}),
      ...(mail ? { mail } : {}),
      workDir,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
