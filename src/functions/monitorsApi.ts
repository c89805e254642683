/** HTTP: the monitor catalog API (function-level keys). Decode → handleMonitorsApi → encode. */
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { handleMonitorsApi } from '../core/runs/monitors-http.js';
import type { MonitorValidation } from '../core/runs/monitors.js';
import type { Runtime } from '../adapters/runtime.js';

export function registerMonitorsApi(
  runtime: Runtime,
  validate: (yamlText: string) => MonitorValidation,
): void {
  app.http('monitorsApi', {
    // routePrefix is "" (host.json) so the dashboard owns `/`; GETs are the dashboard read API's (dashboardApi.ts).
    route: 'api/monitors/{name?}/{action?}',
    methods: ['POST', 'PUT', 'DELETE'],
    authLevel: 'function',
    handler: async (request: HttpRequest): Promise<HttpResponseInit> => {
      const { name, action } = request.params;
      const res = await handleMonitorsApi(
        { catalog: runtime.stores.catalog, runs: runtime.stores.runs, validate, now: runtime.deps.now },
        {
          method: request.method,
          ...(name ? { name } : {}),
          ...(action ? { action } : {}),
          body: await request.text(),
        },
      );
      return res.body === undefined ? { status: res.status } : { status: res.status, jsonBody: res.body };
    },
  });
}
