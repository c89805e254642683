/**
 * HTTP: the dashboard pages at `/` (host.json sets routePrefix "" so this can own the root). Function-level
 * keys like the API: open `/?code=<key>`; the page sends the same key to the API.
 */
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions from '@azure/functions';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { appContext } from '../adapters/app.js';
import { servePage } from '../adapters/web-assets.js';

export function registerDashboardPages(): void {
  azureFunctions.app.http('dashboardPages', {
    route: '{*path}',
    methods: ['GET'],
    authLevel: 'function',
    handler: (request: HttpRequest): Promise<HttpResponseInit> => servePage(request.params.path ?? ''),
  });
}

// Read the app settings like every function file, so a bad setting fails start-up whichever file loads first.
appContext();
registerDashboardPages();
