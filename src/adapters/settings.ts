/**
 * App settings, read and validated once at start-up (Function App host or CLI). A missing or malformed
 * setting throws a SettingsError naming every offending setting, so a bad deployment fails at start-up and
 * not in a later invocation. The CLI reads the same names from the environment, then local.settings.json.
 */
import { readFile } from 'node:fs/promises';
import type { TokenCredential } from '@azure/identity';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';

export class SettingsError extends Error {
  constructor(readonly problems: readonly { readonly setting: string; readonly message: string }[]) {
    super(`Invalid app settings: ${problems.map((p) => `${p.setting}: ${p.message}`).join('; ')}`);
    this.name = 'SettingsError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Azurite's well-known development account (what `UseDevelopmentStorage=true` means). */
export const DEVELOPMENT_STORAGE =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
  'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;' +
  'TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

export type StorageSettings =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | {
      readonly kind: 'identity';
      readonly blobServiceUri: string;
      readonly queueServiceUri: string;
      readonly tableServiceUri: string;
      /** `managedidentity` → ManagedIdentityCredential (with clientId if set); otherwise DefaultAzureCredential. */
      readonly credential?: string;
      readonly clientId?: string;
    };

export type EventGridSettings =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      readonly endpoint: string;
      /** Absent → managed identity (a TokenCredential). */
      readonly key?: string;
      readonly schema: 'EventGrid' | 'CloudEvents';
    };

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
}

export type MailSettings =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'smtp';
      readonly smtp: SmtpSettings;
      readonly from: string;
      readonly dashboardBaseUrl: string;
    }
  | {
      readonly kind: 'acs';
      readonly connectionString: string;
      readonly from: string;
      readonly dashboardBaseUrl: string;
    };

export interface Settings {
  readonly storage: StorageSettings;
  readonly collectorContainer: string;
  readonly curatedContainer: string;
  readonly resultsContainer: string;
  readonly tickSchedule: string;
  readonly eventGrid: EventGridSettings;
  readonly monitorEvents: 'transitions' | 'every_run';
  readonly mail: MailSettings;
  readonly dashboardBaseUrl?: string;
  readonly ingest: IngestionSettings;
}

/** Ingestion's own settings: the ledger table and the longest line parsed. */
export interface IngestionSettings {
  readonly ledgerTable: string;
  readonly maxLineBytes: number;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
const TABLE = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

export const DEFAULT_TICK_SCHEDULE = '0 */5 * * * *';

const CONTAINER = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
/** One NCRONTAB field: *, numbers, ranges, lists, steps, and the month/day names the host accepts. */
const CRON_FIELD = /^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;

function httpUrl(v: string): URL | undefined {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** `smtp://user:pass@host:port` (STARTTLS if offered) or `smtps://...` (implicit TLS). */
export function parseSmtpUrl(v: string): SmtpSettings | undefined {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || u.hostname === '') return undefined;
  const secure = u.protocol === 'smtps:';
  const port = u.port === '' ? (secure ? 465 : 587) : Number(u.port);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    secure,
    ...(user === '' ? {} : { user }),
    ...(password === '' ? {} : { password }),
  };
}

export function readSettings(env: Env): Settings {
  const problems: { setting: string; message: string }[] = [];
  const bad = (setting: string, message: string): void => {
    problems.push({ setting, message });
  };
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const required = (name: string): string => {
    const v = get(name);
    if (v === undefined) bad(name, 'is required but not set');
    return v ?? '';
  };

  // Storage: a connection string, or the identity-based AzureWebJobsStorage__* form.
  let storage: StorageSettings = { kind: 'connectionString', connectionString: '' };
  const conn = get('AzureWebJobsStorage');
  const blobUri = get('AzureWebJobsStorage__blobServiceUri');
  if (conn !== undefined) {
    if (/^UseDevelopmentStorage=true;?$/i.test(conn))
      storage = { kind: 'connectionString', connectionString: DEVELOPMENT_STORAGE };
    else if (!/AccountName=|BlobEndpoint=|SharedAccessSignature=/i.test(conn))
      bad(
        'AzureWebJobsStorage',
        'is not a storage connection string (AccountName=...;AccountKey=... or UseDevelopmentStorage=true)',
      );
    else storage = { kind: 'connectionString', connectionString: conn };
  } else if (blobUri !== undefined || get('AzureWebJobsStorage__accountName') !== undefined) {
    const account = get('AzureWebJobsStorage__accountName');
    const uri = (svc: 'blob' | 'queue' | 'table'): string => {
      const name = `AzureWebJobsStorage__${svc}ServiceUri`;
      const v =
        get(name) ?? (account === undefined ? undefined : `https://${account}.${svc}.core.windows.net`);
      if (v === undefined) {
        bad(name, 'is required with identity-based storage');
        return '';
      }
      if (!httpUrl(v)) bad(name, `is not an http(s) URL: ${v}`);
      return v;
    };
    const credential = get('AzureWebJobsStorage__credential');
    const clientId = get('AzureWebJobsStorage__clientId');
    if (credential !== undefined && credential.toLowerCase() !== 'managedidentity')
      bad('AzureWebJobsStorage__credential', `must be "managedidentity" when set, not "${credential}"`);
    storage = {
      kind: 'identity',
      blobServiceUri: uri('blob'),
      queueServiceUri: uri('queue'),
      tableServiceUri: uri('table'),
      ...(credential === undefined ? {} : { credential: credential.toLowerCase() }),
      ...(clientId === undefined ? {} : { clientId }),
    };
  } else {
    bad(
      'AzureWebJobsStorage',
      'is required (a connection string, UseDevelopmentStorage=true, or AzureWebJobsStorage__blobServiceUri/__queueServiceUri/__tableServiceUri)',
    );
  }

  const container = (name: string): string => {
    const v = required(name);
    if (v !== '' && !CONTAINER.test(v))
      bad(
        name,
        `is not a valid blob container name: "${v}" (3-63 lowercase letters, digits, single hyphens)`,
      );
    return v;
  };
  const collectorContainer = container('COLLECTOR_CONTAINER');
  const curatedContainer = container('CURATED_CONTAINER');
  const resultsContainer = container('RESULTS_CONTAINER');

  const tickSchedule = get('MONITOR_TICK_SCHEDULE') ?? DEFAULT_TICK_SCHEDULE;
  const fields = tickSchedule.split(/\s+/);
  if (
    !/^%[A-Za-z0-9_]+%$/.test(tickSchedule) &&
    (fields.length !== 6 || !fields.every((f) => CRON_FIELD.test(f)))
  )
    bad(
      'MONITOR_TICK_SCHEDULE',
      `must be a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}), not "${tickSchedule}"`,
    );

  let eventGrid: EventGridSettings = { enabled: false };
  const endpoint = get('EVENTGRID_TOPIC_ENDPOINT');
  const key = get('EVENTGRID_TOPIC_KEY');
  const schemaRaw = get('EVENTGRID_SCHEMA') ?? 'EventGrid';
  const schema =
    schemaRaw.toLowerCase() === 'eventgrid'
      ? 'EventGrid'
      : schemaRaw.toLowerCase() === 'cloudevents'
        ? 'CloudEvents'
        : undefined;
  if (schema === undefined) bad('EVENTGRID_SCHEMA', `must be EventGrid or CloudEvents, not "${schemaRaw}"`);
  if (endpoint !== undefined) {
    if (!httpUrl(endpoint)) bad('EVENTGRID_TOPIC_ENDPOINT', `is not an http(s) URL: ${endpoint}`);
    eventGrid = {
      enabled: true,
      endpoint,
      schema: schema ?? 'EventGrid',
      ...(key === undefined ? {} : { key }),
    };
  } else if (key !== undefined) {
    bad('EVENTGRID_TOPIC_ENDPOINT', 'is required when EVENTGRID_TOPIC_KEY is set');
  }

  const eventsRaw = get('MONITOR_EVENTS') ?? 'transitions';
  if (eventsRaw !== 'transitions' && eventsRaw !== 'every_run')
    bad('MONITOR_EVENTS', `must be transitions or every_run, not "${eventsRaw}"`);
  const monitorEvents = eventsRaw === 'every_run' ? 'every_run' : 'transitions';

  const dashboardRaw = get('DASHBOARD_BASE_URL');
  if (dashboardRaw !== undefined && !httpUrl(dashboardRaw))
    bad('DASHBOARD_BASE_URL', `is not an http(s) URL: ${dashboardRaw}`);
  const dashboardBaseUrl = dashboardRaw?.replace(/\/+$/, '');

  let mail: MailSettings = { kind: 'none' };
  const smtpUrl = get('SMTP_URL');
  const acs = get('ACS_EMAIL_CONNECTION_STRING');
  const from = get('ALERT_EMAIL_FROM');
  if (smtpUrl !== undefined || acs !== undefined) {
    if (from === undefined)
      bad('ALERT_EMAIL_FROM', 'is required when SMTP_URL or ACS_EMAIL_CONNECTION_STRING is set');
    else if (!EMAIL.test(from.replace(/^.*<(.+)>\s*$/, '$1')))
      bad('ALERT_EMAIL_FROM', `is not an email address: ${from}`);
    if (dashboardBaseUrl === undefined)
      bad('DASHBOARD_BASE_URL', 'is required when email alerts are configured (the email links to the run)');
    if (acs !== undefined) {
      if (!/endpoint=https?:\/\/[^;]+;accesskey=.+/i.test(acs))
        bad(
          'ACS_EMAIL_CONNECTION_STRING',
          'is not an ACS connection string (endpoint=https://...;accesskey=...)',
        );
      mail = {
        kind: 'acs',
        connectionString: acs,
        from: from ?? '',
        dashboardBaseUrl: dashboardBaseUrl ?? '',
      };
    } else if (smtpUrl !== undefined) {
      const smtp = parseSmtpUrl(smtpUrl);
      if (!smtp) bad('SMTP_URL', 'must look like smtp://user:pass@host:port or smtps://user:pass@host:port');
      else mail = { kind: 'smtp', smtp, from: from ?? '', dashboardBaseUrl: dashboardBaseUrl ?? '' };
    }
  }

  const ledgerTable = get('INGEST_LEDGER_TABLE') ?? 'ingestledger';
  if (!TABLE.test(ledgerTable))
    bad(
      'INGEST_LEDGER_TABLE',
      `is not a valid table name: "${ledgerTable}" (3-63 letters and digits, starting with a letter)`,
    );
  const maxText = get('INGEST_MAX_LINE_BYTES');
  const maxLineBytes = maxText === undefined ? DEFAULT_MAX_LINE_BYTES : Number(maxText);
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes <= 0)
    bad('INGEST_MAX_LINE_BYTES', `must be a positive integer, not "${maxText ?? ''}"`);

  if (problems.length > 0) throw new SettingsError(problems);
  return {
    ingest: { ledgerTable, maxLineBytes },
    storage,
    collectorContainer,
    curatedContainer,
    resultsContainer,
    tickSchedule,
    eventGrid,
    monitorEvents,
    mail,
    ...(dashboardBaseUrl === undefined ? {} : { dashboardBaseUrl }),
  };
}

/**
 * The CLI's view: `local.settings.json` `Values` (if the file exists) overlaid by the process environment,
 * so an exported variable wins as it does for `func start`.
 */
export async function loadCliEnv(env: Env, localSettingsPath = 'local.settings.json'): Promise<Env> {
  let values: Record<string, string> = {};
  try {
    const parsed = JSON.parse(await readFile(localSettingsPath, 'utf8')) as {
      Values?: Record<string, unknown>;
    };
    for (const [k, v] of Object.entries(parsed.Values ?? {}))
      if (typeof v === 'string' && !k.startsWith('//')) values[k] = v;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new SettingsError([{ setting: localSettingsPath, message: `cannot be read: ${String(err)}` }]);
    values = {};
  }
  const merged: Record<string, string | undefined> = { ...values };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

/** The credential for identity-based storage or Event Grid without a key. */
export function credentialFor(kind: string | undefined, clientId: string | undefined): TokenCredential {
  if (kind === 'managedidentity')
    return clientId === undefined
      ? new ManagedIdentityCredential()
      : new ManagedIdentityCredential({ clientId });
  return new DefaultAzureCredential(clientId === undefined ? {} : { managedIdentityClientId: clientId });
}
