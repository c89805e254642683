import { describe, expect, it } from 'vitest';
import { binCuts, fitGbm, LIGHTGBM_DEFAULTS } from '../../../src/core/attribution/gbm.js';
import { seededRandom } from '../../../src/core/attribution/importance.js';
import { predictMargin, treeDepth, type Tree } from '../../../src/core/attribution/tree.js';
import { shapValues } from '../../../src/core/attribution/treeshap.js';

function data(n: number, seed: number): { cols: Float64Array[]; x: Float64Array } {
  const random = seededRandom(seed);
  const cols = Array.from({ length: 4 }, (_, f) =>
    Float64Array.from({ length: n }, () => (f === 3 && random() < 0.2 ? Number.NaN : random() * 4 - 2)),
  );
  const x = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) for (let f = 0; f < 4; f++) x[i * 4 + f] = cols[f]![i]!;
  return { cols, x };
}

function leaves(tree: Tree): number {
  let n = 0;
  for (const f of tree.feature) if (f < 0) n++;
  return n;
}

describe('histogram GBM surrogate', () => {
  const n = 2000;
  const { cols, x } = data(n, 11);
  const signal = (i: number): number =>
    2 * cols[0]![i]! - cols[1]![i]! ** 2 + (Number.isNaN(cols[3]![i]!) ? 1.5 : 0);

  it('regression: fits a nonlinear signal with nulls (R² > 0.9) and respects depth, leaves and covers', () => {
    const y = Float64Array.from({ length: n }, (_, i) => signal(i));
    const model = fitGbm(cols, y, { ...LIGHTGBM_DEFAULTS, objective: 'regression', nEstimators: 100 });
    const pred = predictMargin(model, x, n);
    const mean = y.reduce((a, b) => a + b, 0) / n;
    let ssr = 0;
    let sst = 0;
    for (let i = 0; i < n; i++) {
      ssr += (y[i]! - pred[i]!) ** 2;
      sst += (y[i]! - mean) ** 2;
    }
    expect(1 - ssr / sst).toBeGreaterThan(0.9);
    for (const t of model.trees) {
      expect(treeDepth(t)).toBeLessThanOrEqual(5);
      expect(leaves(t)).toBeLessThanOrEqual(31);
      expect(t.cover[0]).toBe(n);
      t.feature.forEach((f, node) => {
        if (f >= 0) expect(t.cover[t.left[node]!]! + t.cover[t.right[node]!]!).toBe(t.cover[node]);
        else expect(t.cover[node]!).toBeGreaterThanOrEqual(20);
      });
    }
    // TreeSHAP on our own trees: per row the values sum to the margin.
    const phi = shapValues(model, x.subarray(0, 50 * 4), 50);
    for (let i = 0; i < 50; i++) {
      let s = 0;
      for (let j = 0; j <= 4; j++) s += phi[i * 5 + j]!;
      expect(s).toBeCloseTo(pred[i]!, 9);
    }
  });

  it('binary and multiclass: classify the signal well above chance', () => {
    const yb = Float64Array.from({ length: n }, (_, i) => (signal(i) > 0 ? 1 : 0));
    const b = fitGbm(cols, yb, { ...LIGHTGBM_DEFAULTS, objective: 'binary', nEstimators: 50 });
    const mb = predictMargin(b, x, n);
    let correct = 0;
    for (let i = 0; i < n; i++) if ((mb[i]! > 0 ? 1 : 0) === yb[i]) correct++;
    expect(correct / n).toBeGreaterThan(0.9);

    const ym = Float64Array.from({ length: n }, (_, i) => (signal(i) < -1 ? 0 : signal(i) < 1 ? 1 : 2));
    const m = fitGbm(cols, ym, {
      ...LIGHTGBM_DEFAULTS,
      objective: 'multiclass',
      numClasses: 3,
      nEstimators: 50,
    });
    expect(m.trees.length).toBe(150);
    expect([...m.output.slice(0, 6)]).toEqual([0, 1, 2, 0, 1, 2]);
    const mm = predictMargin(m, x, n);
    correct = 0;
    for (let i = 0; i < n; i++) {
      const row = [mm[i * 3]!, mm[i * 3 + 1]!, mm[i * 3 + 2]!];
      if (row.indexOf(Math.max(...row)) === ym[i]) correct++;
    }
    expect(correct / n).toBeGreaterThan(0.85);
  });

  it('bins: midpoints between few distinct values; at most maxBin bins for many', () => {
    expect([...binCuts(Float64Array.of(3, 1, Number.NaN, 2, 1), 255)]).toEqual([1.5, 2.5]);
    const many = Float64Array.from({ length: 10000 }, (_, i) => i);
    const cuts = binCuts(many, 254);
    expect(cuts.length).toBeLessThanOrEqual(253);
    expect(cuts.length).toBeGreaterThan(200);
    for (let i = 1; i < cuts.length; i++) expect(cuts[i]!).toBeGreaterThan(cuts[i - 1]!);
  });
});
