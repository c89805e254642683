/**
 * HTTP: the dashboard pages at `/` (host.json sets routePrefix "" so this can own the root). Function-level
 * keys like the API: open `/?code=<key>`; the page sends the same key to the API.
 */
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions from '@azure/functions';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { appContext } from '../adapters/app.js';
import { dashboardHtml } from '../adapters/web-assets.js';

/** Served for the page; the CSP keeps it to its own inline script/styles and same-origin API calls. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
};

export async function servePage(path: string): Promise<HttpResponseInit> {
  if (path !== '' && path !== 'index.html')
    return { status: 404, body: 'Not found', headers: { 'content-type': 'text/plain' } };
  const html = await dashboardHtml();
  if (html === undefined)
    return {
      status: 503,
      body: 'The dashboard was not built (npm run build).',
      headers: { 'content-type': 'text/plain' },
    };
  return { status: 200, body: html, headers: PAGE_HEADERS };
}

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
