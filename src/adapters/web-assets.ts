/**
 * The dashboard page, built by scripts/build-web.ts into `dist/web/index.html` (script and styles inlined, so
 * one request loads everything and nothing comes from a CDN). Read once, then kept in memory.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// Compiled: dist/src/adapters/web-assets.js → dist/web. From source (tsx): src/adapters → dist/web.
const CANDIDATES = ['../../web/index.html', '../../dist/web/index.html'];

let cached: Promise<string | undefined> | undefined;

async function load(): Promise<string | undefined> {
  for (const rel of CANDIDATES) {
    try {
      return await readFile(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
    } catch {
      // try the next layout
    }
  }
  return undefined;
}

/** The page's HTML, or undefined when the web bundle was not built. */
export function dashboardHtml(): Promise<string | undefined> {
  cached ??= load();
  return cached;
}

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

/** The page for a path under `/` (only `/` and `/index.html` exist), as an HTTP response. */
export async function servePage(
  path: string,
): Promise<{ status: number; body: string; headers: Record<string, string> }> {
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
