/**
 * HTTP: the dashboard's read API (GET only, function-level keys, no CORS headers). Each route template is its
 * own function so none overlaps the monitors write API (`api/monitors/{name?}/{action?}`, POST/PUT/DELETE).
 * Decode → handleReadApi → encode; a store failure is logged and answered 500 without details.
 */
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions from '@azure/functions';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { appContext } from '../adapters/app.js';
import type { Stores } from '../adapters/storage.js';
import { handleReadApi, type ReadResponse, type ReadRoute } from '../core/dashboard/read-api.js';

export type ReadStores = Pick<Stores, 'catalog' | 'runs' | 'metrics' | 'results'>;

const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function encodeRead(res: ReadResponse): HttpResponseInit {
  return { status: res.status, jsonBody: res.body, headers: SECURITY_HEADERS };
}

export const INTERNAL_ERROR: HttpResponseInit = {
  status: 500,
  jsonBody: { error: 'The request failed inside the service; the function logs have the details.' },
  headers: SECURITY_HEADERS,
};

type RouteOf = (p: Readonly<Record<string, string | undefined>>) => ReadRoute | undefined;

const ROUTES: readonly { name: string; route: string; of: RouteOf }[] = [
  {
    name: 'dashboardMonitors',
    route: 'api/monitors/{name?}',
    of: (p) => (p.name ? { kind: 'monitor', name: p.name } : { kind: 'monitors' }),
  },
  {
    name: 'dashboardMonitorRuns',
    route: 'api/monitors/{name}/runs',
    of: (p) => (p.name ? { kind: 'runs', name: p.name } : undefined),
  },
  {
    name: 'dashboardSignalMetrics',
    route: 'api/monitors/{name}/signals/{signal}/metrics',
    of: (p) => (p.name && p.signal ? { kind: 'metrics', name: p.name, signal: p.signal } : undefined),
  },
  {
    name: 'dashboardRun',
    route: 'api/runs/{runId}',
    of: (p) => (p.runId ? { kind: 'run', runId: p.runId } : undefined),
  },
  {
    name: 'dashboardRunSignal',
    route: 'api/runs/{runId}/signals/{signal}',
    of: (p) => (p.runId && p.signal ? { kind: 'signal', runId: p.runId, signal: p.signal } : undefined),
  },
  {
    name: 'dashboardHistogram',
    route: 'api/runs/{runId}/signals/{signal}/features/{feature}/histogram',
    of: (p) =>
      p.runId && p.signal && p.feature
        ? { kind: 'histogram', runId: p.runId, signal: p.signal, feature: p.feature }
        : undefined,
  },
];

/** The HTTP handler of one read route (exported for tests). */
export function readHandler(
  name: string,
  stores: ReadStores,
  now: () => string,
): (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> {
  const r = ROUTES.find((x) => x.name === name);
  if (!r) throw new RangeError(`no dashboard API function ${name}`);
  return async (request, context) => {
    const route = r.of(request.params);
    if (!route) return encodeRead({ status: 404, body: { error: 'No such API route.' } });
    try {
      const query = Object.fromEntries(request.query.entries());
      return encodeRead(await handleReadApi({ ...stores, now }, route, query));
    } catch (err) {
      context.error(`${r.name} failed`, err);
      return INTERNAL_ERROR;
    }
  };
}

export const DASHBOARD_API_FUNCTIONS: readonly { readonly name: string; readonly route: string }[] =
  ROUTES.map(({ name, route }) => ({ name, route }));

export function registerDashboardApi(stores: ReadStores, now: () => string): void {
  for (const r of ROUTES) {
    azureFunctions.app.http(r.name, {
      route: r.route,
      methods: ['GET'],
      authLevel: 'function',
      handler: readHandler(r.name, stores, now),
    });
  }
}

const context = appContext();
registerDashboardApi(context.runtime.stores, context.runtime.deps.now);
