/**
 * `npm run package` (after `npm run build`): the deployment zip `model-monitor.zip` at the repository root, with
 * `host.json`, `package.json`, the compiled code `dist/` and the production dependencies at its root, as
 * `az functionapp deployment source config-zip` and Flex Consumption expect (no remote build).
 *
 * Stages the files in a temp folder, installs production dependencies there with `npm ci --omit=dev`, then checks
 * that the package loads on its own: a child `node` process in the staged folder (so nothing resolves from the
 * repository's node_modules) imports every function file named by package.json `main`, with the required app
 * settings and a stand-in for `@azure/functions-core` (what the Functions host provides) that records the
 * registrations. Then writes the zip with scripts/zip.ts and reads it back. `--keep` keeps the staged folder.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readZip, writeZipFile, type ZipEntry } from './zip.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ZIP_NAME = 'model-monitor.zip';
const STAGED_FILES = ['host.json', 'package.json', 'package-lock.json'];

const EXPECTED_FUNCTIONS = [
  'ingestCollectorBlob',
  'scheduleMonitors',
  'runMonitor',
  'monitors',
  'monitor',
  'monitorAction',
  'dashboardMonitors',
  'dashboardMonitorRuns',
  'dashboardSignalMetrics',
  'dashboardRun',
  'dashboardRunSignal',
  'dashboardHistogram',
  'dashboardPages',
] as const;

/** The settings the function modules require at import (validated by src/adapters/settings.ts). */
const CHECK_SETTINGS: Record<string, string> = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  COLLECTOR_CONTAINER: 'modeldatacollector',
  CURATED_CONTAINER: 'curated',
  RESULTS_CONTAINER: 'results',
};

// Preloaded with `node --require`: @azure/functions require()s '@azure/functions-core' (provided by the
// Functions host, not an npm package) at the first registration; answer with a recorder.
const CORE_STAND_IN = `'use strict';
const Module = require('node:module');
const registrations = [];
globalThis.__registrations = registrations;
const standIn = {
  setProgrammingModel() {},
  registerFunction(metadata) {
    registrations.push({ name: metadata.name, bindings: metadata.bindings });
    return { dispose() {} };
  },
  registerHook() { return { dispose() {} }; },
  log() {},
};
const original = Module._load;
Module._load = function (request, ...rest) {
  if (request === '@azure/functions-core') return standIn;
  return original.call(this, request, ...rest);
};
`;

// The child's entry: import each function file (argv), then write what registered to the output file.
const LOADER = `import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [out, ...files] = process.argv.slice(2);
for (const f of files) await import(pathToFileURL(f).href);
writeFileSync(out, JSON.stringify(globalThis.__registrations));
process.exit(0);
`;

interface Registered {
  name: string;
  bindings: Record<string, { type?: string; direction?: string }>;
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

/** Regular files under `dir`, relative with forward slashes, sorted; symbolic links are skipped and counted. */
function listFiles(dir: string): { files: string[]; skippedLinks: number } {
  const files: string[] = [];
  let skippedLinks = 0;
  const walk = (rel: string): void => {
    for (const d of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isSymbolicLink()) skippedLinks++;
      else if (d.isDirectory()) walk(r);
      else if (d.isFile()) files.push(r);
    }
  };
  walk('');
  return { files: files.sort(), skippedLinks };
}

/** package.json `main` as the Functions host reads it: one file or a `dir/*.js` glob. */
function functionFiles(stage: string, main: string): string[] {
  const m = /^(.*)\/\*\.js$/.exec(main);
  if (m?.[1] === undefined) return [main];
  return readdirSync(path.join(stage, m[1]))
    .filter((n) => n.endsWith('.js'))
    .sort()
    .map((n) => `${m[1]}/${n}`);
}

function loadCheck(stage: string, checkDir: string, files: string[]): Registered[] {
  const preload = path.join(checkDir, 'functions-core.cjs');
  const loader = path.join(checkDir, 'load.mjs');
  const out = path.join(checkDir, 'registrations.json');
  writeFileSync(preload, CORE_STAND_IN);
  writeFileSync(loader, LOADER);
  const r = spawnSync(
    process.execPath,
    ['--require', preload, loader, out, ...files.map((f) => path.join(stage, f))],
    // Only PATH and the required settings: the check must not pass thanks to the developer's environment.
    {
      cwd: stage,
      env: { PATH: process.env.PATH ?? '', ...CHECK_SETTINGS },
      stdio: 'inherit',
      timeout: 120_000,
    },
  );
  if (r.status !== 0)
    throw new Error(`loading the staged functions failed (${r.error?.message ?? `exit ${r.status}`})`);
  return JSON.parse(readFileSync(out, 'utf8')) as Registered[];
}

function triggerType(reg: Registered): string {
  const t = Object.values(reg.bindings).find((b) => b.direction === 'in' && /Trigger$/.test(b.type ?? ''));
  return t?.type ?? '?';
}

function main(): void {
  const keep = process.argv.includes('--keep');
  const started = Date.now();
  if (!existsSync(path.join(REPO, 'dist', 'src', 'functions')))
    throw new Error('dist/ is missing: run npm run build');
  if (!existsSync(path.join(REPO, 'dist', 'web', 'index.html')))
    throw new Error('dist/web/index.html is missing');
  const zipPath = path.join(REPO, ZIP_NAME);
  rmSync(zipPath, { force: true }); // a failed run must not leave an older zip looking current
  const tmp = mkdtempSync(path.join(tmpdir(), 'model-monitor-package-'));
  const stage = path.join(tmp, 'stage');
  const checkDir = path.join(tmp, 'check');
  mkdirSync(stage);
  mkdirSync(checkDir);
  try {
    cpSync(path.join(REPO, 'dist'), path.join(stage, 'dist'), { recursive: true });
    for (const f of STAGED_FILES) cpSync(path.join(REPO, f), path.join(stage, f));
    process.stdout.write(`Staged dist/ and ${STAGED_FILES.join(', ')} in ${stage}\n`);
    run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], stage);

    const pkg = JSON.parse(readFileSync(path.join(stage, 'package.json'), 'utf8')) as {
      main: string;
      devDependencies?: Record<string, string>;
    };
    const devInstalled = Object.keys(pkg.devDependencies ?? {}).filter((d) =>
      existsSync(path.join(stage, 'node_modules', d)),
    );
    if (devInstalled.length > 0)
      throw new Error(`dev dependencies in the package: ${devInstalled.join(', ')}`);

    const fnFiles = functionFiles(stage, pkg.main);
    const registered = loadCheck(stage, checkDir, fnFiles);
    const names = registered.map((r) => r.name);
    const missing = EXPECTED_FUNCTIONS.filter((n) => !names.includes(n));
    const extra = names.filter((n) => !(EXPECTED_FUNCTIONS as readonly string[]).includes(n));
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    if (missing.length + extra.length + dupes.length > 0) {
      throw new Error(
        `registrations differ: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}] ` +
          `(a stale file in dist/? delete dist/ and rebuild), duplicated [${dupes.join(', ')}]`,
      );
    }

    const { files, skippedLinks } = listFiles(stage);
    const entries = function* (): Generator<ZipEntry> {
      for (const name of files) {
        const p = path.join(stage, name);
        yield { name, data: readFileSync(p), mode: lstatSync(p).mode & 0o777 };
      }
    };
    const summary = writeZipFile(zipPath, entries());

    // Read the zip back: every entry inflates with the right CRC, and the files the host needs are there.
    const inZip = new Set(readZip(readFileSync(zipPath)).map((r) => r.name));
    const required = ['host.json', 'package.json', 'dist/web/index.html', ...fnFiles];
    const absent = required.filter((n) => !inZip.has(n));
    if (inZip.size !== files.length || absent.length > 0) {
      throw new Error(
        `zip check failed: ${inZip.size}/${files.length} entries, missing ${absent.join(', ')}`,
      );
    }
    const nodeModules = files.filter((f) => f.startsWith('node_modules/')).length;
    const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const lines = [
      '',
      `${ZIP_NAME}: ${mib(summary.bytes)} (${mib(summary.uncompressedBytes)} uncompressed), ${summary.entries} files` +
        ` (${nodeModules} under node_modules/; ${skippedLinks} symbolic links skipped)`,
      `Function files: ${fnFiles.join(', ')}`,
      `Functions registered (${registered.length}/${EXPECTED_FUNCTIONS.length}):`,
      ...registered.map((r) => `  ${r.name.padEnd(24)} ${triggerType(r)}`),
      `dist/web/index.html: in the package`,
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s${keep ? `; staged folder kept: ${stage}` : ''}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (!keep) rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err: unknown) {
  process.stderr.write(`npm run package: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
