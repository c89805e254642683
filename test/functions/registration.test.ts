/**
 * Loads the function modules against a stand-in `@azure/functions-core` (what the Functions host provides) that
 * records registrations, and checks the trigger bindings the host would see. The modules read the app settings
 * once, at import (host start-up): a missing or malformed setting makes the import fail, naming the setting.
 */
import { afterAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { installFunctionsCoreStandIn, type Registration } from '../../scripts/dev-host/functions-core.js';

// @azure/functions require()s '@azure/functions-core' lazily at the first registration; answer it here.
const { registrations, restore } = installFunctionsCoreStandIn();
afterAll(restore);

const FUNCTION_FILES = [
  'ingestCollectorBlob',
  'scheduleMonitors',
  'runMonitor',
  'monitorsApi',
  'dashboardApi',
  'dashboardPages',
] as const;

function setEnv(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
}

const validEnv = (): Record<string, string | undefined> => ({
  AzureWebJobsStorage: inject('storageConnectionString'),
  COLLECTOR_CONTAINER: 'modeldatacollector',
  CURATED_CONTAINER: 'curated',
  RESULTS_CONTAINER: 'results',
  MONITOR_TICK_SCHEDULE: '0 */5 * * * *',
  EVENTGRID_TOPIC_ENDPOINT: undefined,
  EVENTGRID_TOPIC_KEY: undefined,
  SMTP_URL: undefined,
  ACS_EMAIL_CONNECTION_STRING: undefined,
});

async function loadAll(): Promise<Map<string, Registration>> {
  registrations.length = 0;
  for (const f of FUNCTION_FILES) await import(`../../src/functions/${f}.ts`);
  return new Map(registrations.map((r) => [r.metadata.name, r]));
}

function trigger(reg: Registration | undefined): Record<string, unknown> | undefined {
  return Object.values(reg?.metadata.bindings ?? {}).find(
    (b) => b.direction === 'in' && String(b.type).endsWith('Trigger'),
  );
}

describe('function registrations', () => {
  beforeEach(() => {
    vi.resetModules();
  });

  it('registers every function at import with the bindings the host needs', async () => {
    setEnv(validEnv());
    const regs = await loadAll();
    expect([...regs.keys()].sort()).toEqual(
      [
        'ingestCollectorBlob',
        'monitor',
        'monitorAction',
        'monitors',
        'runMonitor',
        'scheduleMonitors',
        'dashboardMonitors',
        'dashboardMonitorRuns',
        'dashboardSignalMetrics',
        'dashboardRun',
        'dashboardRunSignal',
        'dashboardHistogram',
        'dashboardPages',
      ].sort(),
    );
    for (const r of regs.values()) expect(typeof r.callback, r.metadata.name).toBe('function');

    expect(trigger(regs.get('ingestCollectorBlob'))).toMatchObject({
      type: 'blobTrigger',
      source: 'EventGrid',
      path: '%COLLECTOR_CONTAINER%/{name}',
      connection: 'AzureWebJobsStorage',
    });
    expect(trigger(regs.get('scheduleMonitors'))).toMatchObject({
      type: 'timerTrigger',
      schedule: '%MONITOR_TICK_SCHEDULE%',
    });
    expect(trigger(regs.get('runMonitor'))).toMatchObject({
      type: 'queueTrigger',
      queueName: 'monitor-runs',
      connection: 'AzureWebJobsStorage',
    });
    const http = (name: string) => trigger(regs.get(name));
    expect(http('monitors')).toMatchObject({
      type: 'httpTrigger',
      route: 'api/monitors',
      authLevel: 'function',
      methods: ['POST'],
    });
    expect(http('monitor')).toMatchObject({
      type: 'httpTrigger',
      route: 'api/monitors/{name}',
      authLevel: 'function',
      methods: ['PUT', 'DELETE'],
    });
    expect(http('monitorAction')).toMatchObject({
      type: 'httpTrigger',
      route: 'api/monitors/{name}/{action:alpha}',
      authLevel: 'function',
      methods: ['POST'],
    });
  });

  it('uses the default timer schedule when MONITOR_TICK_SCHEDULE is not set', async () => {
    setEnv({ ...validEnv(), MONITOR_TICK_SCHEDULE: undefined });
    const regs = await loadAll();
    expect(trigger(regs.get('scheduleMonitors'))).toMatchObject({ schedule: '0 */5 * * * *' });
  });

  it.each([
    ['RESULTS_CONTAINER', undefined, /RESULTS_CONTAINER: is required but not set/],
    ['MONITOR_TICK_SCHEDULE', 'every five minutes', /MONITOR_TICK_SCHEDULE: must be a six-field NCRONTAB/],
    ['EVENTGRID_SCHEMA', 'Xml', /EVENTGRID_SCHEMA: must be EventGrid or CloudEvents/],
    ['INGEST_MAX_LINE_BYTES', '-1', /INGEST_MAX_LINE_BYTES: must be a positive integer/],
  ])('start-up fails naming %s when it is missing or malformed', async (name, value, message) => {
    setEnv({ ...validEnv(), [name]: value });
    try {
      for (const f of FUNCTION_FILES) {
        registrations.length = 0;
        vi.resetModules();
        await expect(import(`../../src/functions/${f}.ts`), f).rejects.toThrow(message);
        expect(registrations, `${f} registered nothing`).toEqual([]);
      }
    } finally {
      setEnv({ [name]: undefined });
    }
  });
});
