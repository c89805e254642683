/**
 * HTTP: the monitor catalog API with function-level keys. Decode → handleMonitorsApi → encode.
 *   /api/monitors                   POST create
 *   /api/monitors/{name}            PUT create-or-replace, DELETE
 *   /api/monitors/{name}/{action}   POST enable | disable
 * GETs on the same paths belong to the dashboard read API (dashboardApi.ts). host.json's routePrefix is ""
 * so the dashboard pages can own `/`; the routes here therefore spell out `api/`.
 */
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions, { type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { appContext, type AppContext } from '../adapters/app.js';
import { handleMonitorsApi } from '../core/runs/monitors-http.js';

export function monitorsApiHandler(
  app: Pick<AppContext, 'runtime' | 'validate'>,
): (request: HttpRequest) => Promise<HttpResponseInit> {
  return async (request) => {
    const { name, action } = request.params;
    const res = await handleMonitorsApi(
      {
        catalog: app.runtime.stores.catalog,
        runs: app.runtime.stores.runs,
        validate: app.validate,
        now: app.runtime.deps.now,
      },
      {
        method: request.method,
        ...(name ? { name } : {}),
        ...(action ? { action } : {}),
        body: await request.text(),
      },
    );
    return res.body === undefined ? { status: res.status } : { status: res.status, jsonBody: res.body };
  };
}

const handler = monitorsApiHandler(appContext());

azureFunctions.app.http('monitors', {
  route: 'api/monitors',
  methods: ['POST'],
  authLevel: 'function',
  handler,
});
azureFunctions.app.http('monitor', {
  route: 'api/monitors/{name}',
  methods: ['PUT', 'DELETE'],
  authLevel: 'function',
  handler,
});
azureFunctions.app.http('monitorAction', {
  route: 'api/monitors/{name}/{action:alpha}',
  methods: ['POST'],
  authLevel: 'function',
  handler,
});
