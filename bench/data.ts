/**
 * Data-reader benchmark: a 1M-row, 25-column CSV (credit-default shaped) through the CSV reader, and 1M rows in
 * 24 curated Arrow partitions (one per hour) through the collector reader. Prints wall time and peak RSS.
 * Run: npm run bench:data  (ROWS=200000 for a smaller run)
 */
import { tableToArrowBytes } from '../src/core/data/arrow.js';
import { readCollectorFolder } from '../src/core/data/collector-folders.js';
import { parseCsv } from '../src/core/data/csv.js';
import { memoryFileSource } from '../src/core/data/file-source.js';
import { TableBuilder } from '../src/core/data/table.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
let peak = 0;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function time<T>(label: string, f: () => Promise<T> | T): Promise<T> {
  peak = process.memoryUsage().rss;
  const t0 = performance.now();
  const out = await f();
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
  return out;
}

const r = rng(42);
const cols = [
  'LIMIT_BAL',
  'SEX',
  'EDUCATION',
  'MARRIAGE',
  'AGE',
  ...Array.from({ length: 18 }, (_, i) => `F${i}`),
  'RATE',
  'TIMESTAMP',
];
const lines = [cols.join(',')];
for (let i = 0; i < ROWS; i++) {
  const row: (string | number)[] = [
    Math.floor(r() * 500000),
    1 + Math.floor(r() * 2),
    Math.floor(r() * 4),
    Math.floor(r() * 3),
    20 + Math.floor(r() * 50),
  ];
  for (let j = 0; j < 18; j++) row.push(Math.floor(r() * 100000) - 1000);
  row.push((r() * 10).toFixed(3), `2023-12-04T${String(Math.floor(r() * 24)).padStart(2, '0')}:00:00`);
  lines.push(row.join(','));
}
const csv = lines.join('\n');
lines.length = 0;
console.log(`CSV: ${ROWS} rows x ${cols.length} columns, ${(csv.length / 2 ** 20).toFixed(0)} MiB`);
const parsed = await time('parseCsv', () => parseCsv(csv));
console.log(
  `  → ${parsed.table.rowCount} rows, types ${[...new Set(parsed.table.columns.map((c) => c.type))].join('/')}`,
);

const files: Record<string, Uint8Array> = {};
const perHour = Math.ceil(ROWS / 24);
for (let h = 0; h < 24; h++) {
  const b = new TableBuilder();
  for (let i = 0; i < perHour; i++)
    b.addRow({
      x: r(),
      k: Math.floor(r() * 10),
      c: `cat${Math.floor(r() * 20)}`,
      correlationid: `${h}_${i}`,
    });
  files[`curated/ep/dep/model_inputs/2024/03/05/${String(h).padStart(2, '0')}/part.arrow`] =
    tableToArrowBytes(b.finish());
}
const source = memoryFileSource(files);
const read = await time('readCollectorFolder (24 Arrow partitions)', () =>
  readCollectorFolder(source, 'curated/ep/dep/model_inputs', {
    window: { start: new Date('2024-03-05T00:00:00Z'), end: new Date('2024-03-06T00:00:00Z') },
  }),
);
console.log(`  → ${read.ok ? read.table.rowCount : 'failed'} rows`);
clearInterval(sample);
