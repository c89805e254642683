/**
 * Feature-attribution benchmark: surrogate fit + TreeSHAP importances on N rows × 15 features
 * (10 numerical, 5 categorical strings, 5% nulls), regression and binary classification targets.
 * Usage: npm run bench:attribution [-- rows] [-- nEstimators]
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import type { Column, Table } from '../src/core/data/table.js';
import {
  computeImportances,
  encodeFeature,
  explanationRows,
  seededRandom,
} from '../src/core/attribution/importance.js';
import { fitGbm, LIGHTGBM_DEFAULTS } from '../src/core/attribution/gbm.js';
import { meanAbsShap } from '../src/core/attribution/treeshap.js';

/** Wall and CPU time of `fn` (the machine may be shared: CPU time shows what the work itself costs). */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}
const fmt = (t: { wall: number; cpu: number }): string =>
  `${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU`;

const rows = Number(process.argv[2] ?? 100_000);
const estimators = process.argv[3] ? [Number(process.argv[3])] : [100, 200];

function makeTable(n: number): Table {
  const random = seededRandom(42);
  const normal = (): number => {
    const u = Math.max(1e-12, random());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const columns: Column[] = [];
  const num: Float64Array[] = [];
  for (let f = 0; f < 10; f++) {
    const values = new Float64Array(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = normal();
      valid[i] = random() < 0.05 ? 0 : 1;
    }
    num.push(values);
    columns.push({ name: `num${f}`, length: n, type: 'float', values, valid });
  }
  const cats: Int32Array[] = [];
  for (let f = 0; f < 5; f++) {
    const k = 3 + f * 4;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = random() < 0.05 ? -1 : Math.floor(random() * k);
    cats.push(codes);
    columns.push({
      name: `cat${f}`,
      length: n,
      type: 'string',
      codes,
      dictionary: Array.from({ length: k }, (_, c) => `c${c}`),
    });
  }
  const y = new Float64Array(n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s =
      2 * num[0]![i]! +
      1.5 * num[1]![i]! -
      num[2]![i]! ** 2 +
      0.5 * num[3]![i]! * num[4]![i]! +
      (cats[0]![i]! % 2);
    y[i] = s + 0.5 * normal();
    label[i] = s + 0.5 * normal() > 0 ? 1 : 0;
  }
  columns.push({ name: 'y', length: n, type: 'float', values: y, valid: new Uint8Array(n).fill(1) });
  columns.push({ name: 'label', length: n, type: 'string', codes: label, dictionary: ['no', 'yes'] });
  return { rowCount: n, columns };
}

const table = makeTable(rows);
console.log(
  `feature attribution: ${rows} rows × 15 features (10 numerical, 5 categorical), node ${process.version}`,
);
for (const nEstimators of estimators) {
  for (const [target, other] of [
    ['y', 'label'],
    ['label', 'y'],
  ] as const) {
    const t = timed(() => computeImportances(table, target, { nEstimators, excludeColumns: [other] }));
    const r = t.value;
    if (!r.ok) throw new Error(r.reason);
    const top = [...r.importances]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k}=${v.toFixed(3)}`)
      .join(' ');
    console.log(
      `  ${r.task.padEnd(14)} n_estimators=${nEstimators}: fit on ${r.rowCount} rows + TreeSHAP on ` +
        `${r.explainedRows} rows: ${fmt(t)}; top: ${top}`,
    );
  }
}

// Breakdown for regression at the default size: encoding, fit, TreeSHAP.
const all = Int32Array.from({ length: rows }, (_, i) => i);
const features = table.columns.filter((c) => c.name !== 'y' && c.name !== 'label');
const enc = timed(() => features.map((c) => encodeFeature(c, all)));
const yCol = table.columns.find((c) => c.name === 'y');
const y = yCol && yCol.type === 'float' ? yCol.values : new Float64Array(rows);
const fit = timed(() =>
  fitGbm(enc.value, y, { ...LIGHTGBM_DEFAULTS, objective: 'regression', nEstimators: estimators[0] ?? 100 }),
);
const explain = explanationRows(rows, 0);
const f = features.length;
const matrix = new Float64Array(explain.length * f);
explain.forEach((r, i) => {
  for (let j = 0; j < f; j++) matrix[i * f + j] = enc.value[j]![r]!;
});
const shap = timed(() => meanAbsShap(fit.value, matrix, explain.length));
console.log(
  `  breakdown (regression, n_estimators=${estimators[0] ?? 100}): encode ${fmt(enc)}; fit ${fmt(fit)}; ` +
    `TreeSHAP ${explain.length} rows × ${fit.value.trees.length} trees ${fmt(shap)}`,
);
