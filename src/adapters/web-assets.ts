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
