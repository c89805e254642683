/**
 * The dashboard's HTTP functions: registrations the host would see (GET only, function keys, no route overlap
 * with the monitors write API), and the shell's encoding: JSON 404s with messages, a 500 without details.
 */
import azureFunctions from '@azure/functions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { memoryCatalog, memoryMetrics, memoryResults, memoryRuns } from '../../src/adapters/memory/stores.js';
import { servePage } from '../../src/adapters/web-assets.js';
import type { ReadStores } from '../../src/functions/dashboardApi.js';
import { installFunctionsCoreStandIn, type Registration } from '../../scripts/dev-host/functions-core.js';

// The function files register themselves at import with the app's settings, so load them after setting those.
let readHandler: typeof import('../../src/functions/dashboardApi.js').readHandler;
let registerDashboardApi: typeof import('../../src/functions/dashboardApi.js').registerDashboardApi;
let registerDashboardPages: typeof import('../../src/functions/dashboardPages.js').registerDashboardPages;

beforeAll(async () => {
  process.env.AzureWebJobsStorage = inject('storageConnectionString');
  process.env.COLLECTOR_CONTAINER = 'modeldatacollector';
  process.env.CURATED_CONTAINER = 'curated';
  process.env.RESULTS_CONTAINER = 'results';
  ({ readHandler, registerDashboardApi } = await import('../../src/functions/dashboardApi.js'));
  ({ registerDashboardPages } = await import('../../src/functions/dashboardPages.js'));
});

const { HttpRequest, InvocationContext } = azureFunctions;

// Installed before the function modules are imported (in beforeAll), for the whole file.
const { registrations: recorded, restore } = installFunctionsCoreStandIn();
afterAll(restore);

function captureRegistrations(run: () => void): Registration[] {
  recorded.length = 0;
  run();
  return [...recorded];
}

const memory = (): ReadStores => ({
  catalog: memoryCatalog(),
  runs: memoryRuns(),
  metrics: memoryMetrics(),
  results: memoryResults(),
});
const now = (): string => '2026-11-26T05:00:00.000Z';

describe('dashboard functions', () => {
  it('register GET-only, function-key HTTP triggers on api/... routes and the page on the root', () => {
    const regs = captureRegistrations(() => {
      registerDashboardApi(memory(), now);
      registerDashboardPages();
    });
    const triggers = regs.map((r) => {
      const t = Object.values(r.metadata.bindings).find((b) => b.type === 'httpTrigger')!;
      return [r.metadata.name, t.route, t.methods, t.authLevel];
    });
    expect(triggers).toEqual([
      ['dashboardMonitors', 'api/monitors/{name?}', ['GET'], 'function'],
      ['dashboardMonitorRuns', 'api/monitors/{name}/runs', ['GET'], 'function'],
      ['dashboardSignalMetrics', 'api/monitors/{name}/signals/{signal}/metrics', ['GET'], 'function'],
      ['dashboardRun', 'api/runs/{runId}', ['GET'], 'function'],
      ['dashboardRunSignal', 'api/runs/{runId}/signals/{signal}', ['GET'], 'function'],
      [
        'dashboardHistogram',
        'api/runs/{runId}/signals/{signal}/features/{feature}/histogram',
        ['GET'],
        'function',
      ],
      ['dashboardPages', '{*path}', ['GET'], 'function'],
    ]);
  });

  it('answers JSON: 200 list, 404 with the name, 500 without stack or message of the failure', async () => {
    const stores = memory();
    const list = await readHandler(
      'dashboardMonitors',
      stores,
      now,
    )(
      new HttpRequest({ method: 'GET', url: 'http://localhost/api/monitors', params: {} }),
      new InvocationContext(),
    );
    expect(list).toMatchObject({ status: 200, jsonBody: [] });
    const missing = await readHandler(
      'dashboardMonitors',
      stores,
      now,
    )(
      new HttpRequest({
        method: 'GET',
        url: 'http://localhost/api/monitors/ghost',
        params: { name: 'ghost' },
      }),
      new InvocationContext(),
    );
    expect(missing).toMatchObject({ status: 404, jsonBody: { error: 'Monitor "ghost" does not exist.' } });
    const secret = 'AccountKey=c2VjcmV0';
    const broken: ReadStores = {
      ...stores,
      catalog: { ...stores.catalog, list: () => Promise.reject(new Error(`connection failed: ${secret}`)) },
    };
    const logged: unknown[] = [];
    const context = new InvocationContext({ logHandler: (_level, ...args) => logged.push(...args) });
    const failed = await readHandler(
      'dashboardMonitors',
      broken,
      now,
    )(new HttpRequest({ method: 'GET', url: 'http://localhost/api/monitors', params: {} }), context);
    expect(failed.status).toBe(500);
    const text = JSON.stringify(failed.jsonBody);
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/at |Error:|stack/);
    expect(logged.length).toBeGreaterThan(0);
  });

  it('the page function serves only the page', async () => {
    expect((await servePage('app.js')).status).toBe(404);
    expect([200, 503]).toContain((await servePage('')).status);
  });
});
