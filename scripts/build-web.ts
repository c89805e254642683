/**
 * Bundles the dashboard (src/web) with esbuild into one self-contained `dist/web/index.html`: the script and
 * styles are inlined, so the page needs no other asset and nothing from a CDN. `npm run build` runs this after
 * tsc; the browser tests call `buildDashboardHtml()` in-process.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(REPO, 'src', 'web');

export async function buildDashboardHtml(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(WEB, 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new Error('esbuild produced no output');
  const css = await readFile(path.join(WEB, 'styles.css'), 'utf8');
  const template = await readFile(path.join(WEB, 'index.html'), 'utf8');
  // A literal "</script" inside the bundle would end the inline script early.
  const safeJs = js.replace(/<\/(script)/gi, '<\\/$1');
  return template.replace('/*STYLES*/', () => css).replace('/*SCRIPT*/', () => safeJs);
}

async function main(): Promise<void> {
  const html = await buildDashboardHtml();
  const out = path.join(REPO, 'dist', 'web');
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'index.html'), html);
  process.stdout.write(`dist/web/index.html: ${(html.length / 1024).toFixed(1)} KiB\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
