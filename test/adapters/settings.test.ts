import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TICK_SCHEDULE,
  DEVELOPMENT_STORAGE,
  loadCliEnv,
  parseSmtpUrl,
  readSettings,
  SettingsError,
  type Env,
} from '../../src/adapters/settings.js';
import { REPO_ROOT } from '../helpers/paths.js';

const base: Env = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  COLLECTOR_CONTAINER: 'modeldatacollector',
  CURATED_CONTAINER: 'curated',
  RESULTS_CONTAINER: 'results',
};

function problemsOf(env: Env): string[] {
  try {
    readSettings(env);
  } catch (err) {
    expect(err).toBeInstanceOf(SettingsError);
    return (err as SettingsError).problems.map((p) => p.setting);
  }
  return [];
}

describe('settings', () => {
  it('minimal settings: development storage, defaults, no events, no mail', () => {
    const s = readSettings(base);
    expect(s.storage).toEqual({ kind: 'connectionString', connectionString: DEVELOPMENT_STORAGE });
    expect(s.tickSchedule).toBe(DEFAULT_TICK_SCHEDULE);
    expect(s.eventGrid).toEqual({ enabled: false });
    expect(s.monitorEvents).toBe('transitions');
    expect(s.mail).toEqual({ kind: 'none' });
    expect(s.resultsContainer).toBe('results');
    expect(s.ingest).toEqual({ ledgerTable: 'ingestledger', maxLineBytes: 16 * 1024 * 1024 });
  });

  it('ingestion settings are read and checked with the others', () => {
    expect(
      readSettings({ ...base, INGEST_LEDGER_TABLE: 'myLedger2', INGEST_MAX_LINE_BYTES: '1024' }).ingest,
    ).toEqual({
      ledgerTable: 'myLedger2',
      maxLineBytes: 1024,
    });
    expect(problemsOf({ ...base, INGEST_LEDGER_TABLE: 'bad-name', INGEST_MAX_LINE_BYTES: '1.5' })).toEqual([
      'INGEST_LEDGER_TABLE',
      'INGEST_MAX_LINE_BYTES',
    ]);
  });

  it('every missing required setting is named', () => {
    expect(problemsOf({})).toEqual([
      'AzureWebJobsStorage',
      'COLLECTOR_CONTAINER',
      'CURATED_CONTAINER',
      'RESULTS_CONTAINER',
    ]);
    expect(() => readSettings({})).toThrow(/COLLECTOR_CONTAINER: is required/);
  });

  it('malformed settings are named', () => {
    expect(
      problemsOf({
        ...base,
        AzureWebJobsStorage: 'not a connection string',
        RESULTS_CONTAINER: 'Bad_Name',
        MONITOR_TICK_SCHEDULE: '*/5 * * * *',
        EVENTGRID_TOPIC_ENDPOINT: 'ftp://x',
        EVENTGRID_SCHEMA: 'Kafka',
        MONITOR_EVENTS: 'always',
        SMTP_URL: 'http://mail',
        DASHBOARD_BASE_URL: 'nope',
      }),
    ).toEqual([
      'AzureWebJobsStorage',
      'RESULTS_CONTAINER',
      'MONITOR_TICK_SCHEDULE',
      'EVENTGRID_SCHEMA',
      'EVENTGRID_TOPIC_ENDPOINT',
      'MONITOR_EVENTS',
      'DASHBOARD_BASE_URL',
      'ALERT_EMAIL_FROM',
      'SMTP_URL',
    ]);
    expect(problemsOf({ ...base, EVENTGRID_TOPIC_KEY: 'k' })).toEqual(['EVENTGRID_TOPIC_ENDPOINT']);
    expect(problemsOf({ ...base, SMTP_URL: 'smtp://h:25', ALERT_EMAIL_FROM: 'a@b.c' })).toEqual([
      'DASHBOARD_BASE_URL',
    ]);
    expect(
      problemsOf({
        ...base,
        ACS_EMAIL_CONNECTION_STRING: 'x',
        ALERT_EMAIL_FROM: 'a@b.c',
        DASHBOARD_BASE_URL: 'http://d',
      }),
    ).toEqual(['ACS_EMAIL_CONNECTION_STRING']);
  });

  it('identity-based storage', () => {
    const s = readSettings({
      ...base,
      AzureWebJobsStorage: undefined,
      AzureWebJobsStorage__blobServiceUri: 'https://acct.blob.core.windows.net',
      AzureWebJobsStorage__queueServiceUri: 'https://acct.queue.core.windows.net',
      AzureWebJobsStorage__tableServiceUri: 'https://acct.table.core.windows.net',
      AzureWebJobsStorage__credential: 'managedidentity',
      AzureWebJobsStorage__clientId: '00000000-0000-0000-0000-000000000001',
    });
    expect(s.storage).toEqual({
      kind: 'identity',
      blobServiceUri: 'https://acct.blob.core.windows.net',
      queueServiceUri: 'https://acct.queue.core.windows.net',
      tableServiceUri: 'https://acct.table.core.windows.net',
      credential: 'managedidentity',
      clientId: '00000000-0000-0000-0000-000000000001',
    });
    expect(
      problemsOf({
        ...base,
        AzureWebJobsStorage: undefined,
        AzureWebJobsStorage__blobServiceUri: 'https://a.blob.core.windows.net',
      }),
    ).toEqual(['AzureWebJobsStorage__queueServiceUri', 'AzureWebJobsStorage__tableServiceUri']);
  });

  it('event grid, events mode and mail settings', () => {
    const s = readSettings({
      ...base,
      MONITOR_TICK_SCHEDULE: '0 */1 * * * *',
      EVENTGRID_TOPIC_ENDPOINT: 'https://t.westeurope-1.eventgrid.azure.net/api/events',
      EVENTGRID_SCHEMA: 'CloudEvents',
      MONITOR_EVENTS: 'every_run',
      SMTP_URL: 'smtps://alerts%40x.org:p%40ss@mail.x.org',
      ALERT_EMAIL_FROM: 'Model Monitor <alerts@x.org>',
      DASHBOARD_BASE_URL: 'https://dash.x.org/',
    });
    expect(s.eventGrid).toEqual({
      enabled: true,
      endpoint: 'https://t.westeurope-1.eventgrid.azure.net/api/events',
      schema: 'CloudEvents',
    });
    expect(s.monitorEvents).toBe('every_run');
    expect(s.mail).toEqual({
      kind: 'smtp',
      smtp: { host: 'mail.x.org', port: 465, secure: true, user: 'alerts@x.org', password: 'p@ss' },
      from: 'Model Monitor <alerts@x.org>',
      dashboardBaseUrl: 'https://dash.x.org',
    });
    expect(parseSmtpUrl('smtp://127.0.0.1:2525')).toEqual({ host: '127.0.0.1', port: 2525, secure: false });
  });

  it('the CLI overlays the environment on local.settings.json Values', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-settings-'));
    const file = path.join(dir, 'local.settings.json');
    writeFileSync(
      file,
      JSON.stringify({
        IsEncrypted: false,
        Values: { ...base, '//x': 'comment', RESULTS_CONTAINER: 'fromfile' },
      }),
    );
    const env = await loadCliEnv({ RESULTS_CONTAINER: 'fromenv' }, file);
    expect(readSettings(env).resultsContainer).toBe('fromenv');
    expect(env['//x']).toBeUndefined();
    expect(readSettings(await loadCliEnv(base, path.join(dir, 'missing.json'))).resultsContainer).toBe(
      'results',
    );
  });

  it('local.settings.sample.json lists every setting with a comment and is valid', async () => {
    const env = await loadCliEnv({}, path.join(REPO_ROOT, 'local.settings.sample.json'));
    const { readFileSync } = await import('node:fs');
    const values = (
      JSON.parse(readFileSync(path.join(REPO_ROOT, 'local.settings.sample.json'), 'utf8')) as {
        Values: Record<string, string>;
      }
    ).Values;
    for (const name of [
      'AzureWebJobsStorage',
      'COLLECTOR_CONTAINER',
      'CURATED_CONTAINER',
      'RESULTS_CONTAINER',
      'MONITOR_TICK_SCHEDULE',
      'EVENTGRID_TOPIC_ENDPOINT',
      'EVENTGRID_TOPIC_KEY',
      'EVENTGRID_SCHEMA',
      'MONITOR_EVENTS',
      'SMTP_URL',
      'ALERT_EMAIL_FROM',
      'ACS_EMAIL_CONNECTION_STRING',
      'DASHBOARD_BASE_URL',
    ]) {
      expect(values, name).toHaveProperty(`//${name}`);
      expect(values, name).toHaveProperty(name);
    }
    expect(() => readSettings(env)).not.toThrow();
  });
});
