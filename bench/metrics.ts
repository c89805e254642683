/**
 * `npm run bench:metrics [-- N]`: data drift (all four numerical metrics; JSD, PSI, chi² for categorical) and
 * data quality over N reference and N production rows, 10 numerical and 5 categorical features (default
 * N = 1,000,000). The same data is written to a temp folder and bench/metrics_numpy.py computes the equivalent
 * with numpy/scipy; only the computation is timed on both sides. Prints both times, the ratio and memory.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Column, Table } from '../src/core/data/table.js';
import { computeDataQuality, computeDrift } from '../src/core/signals/index.js';

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 1_000_000);
const NUM = 10;
const CAT = 5;
const K = 21; // 20 reference categories; code 20 appears only in production (drift)

let seed = 0x9e3779b9;
function rand(): number {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 4294967296;
}
function normal(): number {
  const u = rand() || 1e-12;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function numericColumn(name: string, shift: number, skewed: boolean): { col: Column; raw: Float64Array } {
  const values = new Float64Array(N);
  const valid = new Uint8Array(N);
  const raw = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    if (rand() < 0.01) {
      raw[i] = NaN;
      continue;
    }
    const z = normal() + shift;
    const v = skewed ? Math.exp(z) : Math.round(z * 1e4) / 1e2; // skewed, or 2-decimal values with ties
    values[i] = v;
    valid[i] = 1;
    raw[i] = v;
  }
  return { col: { name, type: 'float', length: N, values, valid }, raw };
}

const DICT = Array.from({ length: K }, (_, i) => `cat${i}`);
function categoricalColumn(name: string, production: boolean, drift: boolean): Column {
  const codes = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    if (rand() < 0.01) codes[i] = -1;
    else if (production && drift && rand() < 0.02) codes[i] = 20;
    else codes[i] = Math.min(19, Math.floor(-Math.log(rand() || 1e-12) * (production && drift ? 5 : 4)));
  }
  return { name, type: 'string', length: N, codes, dictionary: DICT };
}

function build(production: boolean): { table: Table; raw: Float64Array[] } {
  const columns: Column[] = [];
  const raw: Float64Array[] = [];
  for (let i = 0; i < NUM; i++) {
    const { col, raw: r } = numericColumn(`n${i}`, production && i % 3 === 0 ? 0.05 : 0, i % 2 === 1);
    columns.push(col);
    raw.push(r);
  }
  for (let i = 0; i < CAT; i++) columns.push(categoricalColumn(`c${i}`, production, i % 2 === 0));
  return { table: { rowCount: N, columns }, raw };
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

function main(): void {
  console.log(`bench:metrics N=${N} rows per side, ${NUM} numerical + ${CAT} categorical features`);
  const reference = build(false);
  const production = build(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-metrics-'));
  const write = (file: string, a: Float64Array | Int32Array) => {
    fs.writeFileSync(path.join(dir, file), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  };
  reference.raw.forEach((a, i) => {
    write(`ref_n${i}.f64`, a);
  });
  production.raw.forEach((a, i) => {
    write(`prod_n${i}.f64`, a);
  });
  for (let i = 0; i < CAT; i++) {
    const r = reference.table.columns[NUM + i];
    const p = production.table.columns[NUM + i];
    if (r?.type === 'string' && p?.type === 'string') {
      write(`ref_c${i}.i32`, r.codes);
      write(`prod_c${i}.i32`, p.codes);
    }
  }
  fs.writeFileSync(
    path.join(dir, 'meta.json'),
    JSON.stringify({ numerical: NUM, categorical: CAT, categories: K }),
  );
  // Free the raw copies: only the tables stay alive for our side.
  reference.raw.length = 0;
  production.raw.length = 0;

  const mem0 = process.memoryUsage();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const drift = computeDrift(
    {
      type: 'data_drift',
      reference: reference.table,
      production: production.table,
      metric_thresholds: {
        numerical: {
          jensen_shannon_distance: 0.1,
          normalized_wasserstein_distance: 0.1,
          population_stability_index: 0.2,
          two_sample_kolmogorov_smirnov_test: 0.05,
        },
        categorical: {
          jensen_shannon_distance: 0.1,
          population_stability_index: 0.2,
          pearsons_chi_squared_test: 0.05,
        },
      },
    },
    { metrics: 'all' },
  );
  const quality = computeDataQuality({ reference: reference.table, production: production.table });
  const ours = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const oursCpu = (cpu.user + cpu.system) / 1e6;
  const mem1 = process.memoryUsage();
  if (!drift.ok || !quality.ok) throw new Error('bench signal failed');

  if (process.env.BENCH_SKIP_PYTHON) {
    console.log(`ours (TypeScript):  ${ours.toFixed(3)} s (numpy/scipy skipped)`);
    return;
  }
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'metrics_numpy.py');
  const out = execFileSync('/usr/bin/python3', [script, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const py = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    seconds: number;
    cpu_seconds: number;
    results: Record<string, Record<string, number>>;
  };
  fs.rmSync(dir, { recursive: true, force: true });

  // Agreement check on every value both sides computed.
  let worstRel = 0;
  let worstP = 0;
  let compared = 0;
  for (const r of [...drift.rows, ...quality.rows]) {
    const expected = py.results[r.group]?.[r.metric_name];
    if (expected === undefined) continue;
    compared++;
    if (r.metric_name.endsWith('Test')) worstP = Math.max(worstP, Math.abs(r.metric_value - expected));
    else
      worstRel = Math.max(
        worstRel,
        Math.abs(r.metric_value - expected) / Math.max(Math.abs(expected), 1e-300),
      );
  }
  console.log(
    `ours (TypeScript):  ${ours.toFixed(3)} s   (drift ${drift.rows.length} rows + quality ${quality.rows.length} rows)`,
  );
  console.log(`numpy/scipy:        ${py.seconds.toFixed(3)} s`);
  console.log(`ratio ours/numpy:   ${(ours / py.seconds).toFixed(3)}  (wall clock; target <= 0.5)`);
  console.log(
    `CPU time: ours ${oursCpu.toFixed(3)} s, numpy/scipy ${py.cpu_seconds.toFixed(3)} s, ratio ${(oursCpu / py.cpu_seconds).toFixed(3)} (less sensitive to other load on the machine)`,
  );
  console.log(
    `agreement: ${compared} values, max relative diff (distances/rates) ${worstRel.toExponential(2)}, max abs diff (p-values) ${worstP.toExponential(2)}`,
  );
  console.log(
    `memory: rss ${mb(mem0.rss)} -> ${mb(mem1.rss)}, arrayBuffers ${mb(mem0.arrayBuffers)} -> ${mb(mem1.arrayBuffers)}, heapUsed ${mb(mem0.heapUsed)} -> ${mb(mem1.heapUsed)}`,
  );
}

main();
