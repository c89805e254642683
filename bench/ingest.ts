/**
 * `npm run bench:ingest -- [rows=1000000] [--rows-per-chunk=50000]`: the ingestion benchmark (`ingest-run.ts`) in
 * two fresh processes, one after the other:
 *
 * 1. as deployed: `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, which `infra/main.json` sets on the Function App, so
 *    that glibc's malloc (which backs every ArrayBuffer) asks the kernel for transparent huge pages;
 * 2. with the process's own environment minus that tunable: 4 KiB pages, as Node runs by default.
 *
 * Both are printed, so the effect of the setting is always visible next to the figure it improves. The tunable is
 * read by the dynamic loader when a process starts, which is why each run is a process of its own.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const run = fileURLToPath(new URL('./ingest-run.ts', import.meta.url));
const args = process.argv.slice(2);

/** `GLIBC_TUNABLES` without any `glibc.malloc.hugetlb` entry, plus `hugetlb` when given. */
function tunables(hugetlb: string | undefined): string {
  const kept = (process.env['GLIBC_TUNABLES'] ?? '')
    .split(':')
    .filter((t) => t !== '' && !t.startsWith('glibc.malloc.hugetlb='));
  if (hugetlb !== undefined) kept.push(`glibc.malloc.hugetlb=${hugetlb}`);
  return kept.join(':');
}

const configurations = [
  { label: 'as deployed (GLIBC_TUNABLES=glibc.malloc.hugetlb=1)', tunables: tunables('1') },
  { label: 'Node default (4 KiB pages)', tunables: tunables(undefined) },
];

const summary: string[] = [];
for (const c of configurations) {
  console.log(`\n=== ${c.label} ===`);
  const { GLIBC_TUNABLES: _, ...rest } = process.env;
  const env = c.tunables === '' ? rest : { ...rest, GLIBC_TUNABLES: c.tunables };
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', run, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    console.error(`bench:ingest: the run "${c.label}" failed (exit ${String(r.status ?? r.signal)})`);
    process.exit(1);
  }
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  summary.push(`${c.label}:\n  ${last}`);
}
console.log(`\n=== summary ===\n${summary.join('\n')}`);
