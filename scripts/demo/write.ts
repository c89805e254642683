/**
 * Writes the credit-default demo to a folder and prints the `model-monitor evaluate` command for each run time:
 *
 *   npx tsx scripts/demo/write.ts <dir> [--end YYYY-MM-DD] [--days N] [--rows-per-hour N] [--drift-from-day N] [--seed N]
 *
 * `--end` defaults to today (UTC).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCreditDemo } from './credit-default.js';
import { writeDemoFiles } from './files.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      end: { type: 'string' },
      days: { type: 'string' },
      'rows-per-hour': { type: 'string' },
      'drift-from-day': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const dir = positionals[0];
  if (dir === undefined) throw new Error('usage: write.ts <dir> [--end YYYY-MM-DD] [--days N] ...');
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const days = num(values.days);
  const rowsPerHour = num(values['rows-per-hour']);
  const driftFromDay = num(values['drift-from-day']);
  const seed = num(values.seed);
  const demo = generateCreditDemo({
    end: values.end ?? new Date().toISOString().slice(0, 10),
    ...(days === undefined ? {} : { days }),
    ...(rowsPerHour === undefined ? {} : { rowsPerHour }),
    ...(driftFromDay === undefined ? {} : { driftFromDay }),
    ...(seed === undefined ? {} : { seed }),
  });
  const paths = await writeDemoFiles(demo, path.resolve(dir));
  const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
  process.stdout.write(
    `${demo.days[0] ?? ''} … ${demo.days[demo.days.length - 1] ?? ''}: ${demo.productionRows} rows in ` +
      `${demo.collector.length} collector blobs under ${rel(paths.collectorRoot)}; drift from ${demo.driftStart ?? 'never'}\n`,
  );
  for (const t of demo.runTimes)
    process.stdout.write(
      `npx tsx src/cli/main.ts evaluate scripts/demo/credit-default-monitor.yaml --at ${t} ` +
        `--collector-root ${rel(paths.collectorRoot)} --asset credit-reference:1=${rel(paths.reference)} ` +
        `--asset credit-ground-truth:1=${rel(paths.groundTruth)}\n`,
    );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
