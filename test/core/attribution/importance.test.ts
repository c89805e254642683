import { describe, expect, it } from 'vitest';
import { TableBuilder, type Table } from '../../../src/core/data/table.js';
import {
  computeImportances,
  explanationRows,
  FeatureAttributionDataError,
  featureImportances,
} from '../../../src/core/attribution/importance.js';
import { compareImportances, ndcgScore } from '../../../src/core/attribution/ndcg.js';
import { oracle } from './oracle.js';

function rankingTable(target: readonly (number | boolean | string | null)[]): Table {
  const b = new TableBuilder();
  const { columns, features } = oracle.ranking;
  for (let i = 0; i < target.length; i++) {
    const row: Record<string, unknown> = {};
    for (const f of features) row[f] = columns[f]![i];
    row.label = target[i];
    b.addRow(row);
  }
  return b.finish();
}

describe('surrogate importances against xgboost + TreeSHAP (oracle fixtures)', () => {
  for (const c of oracle.ranking.cases) {
    it(`${c.name}: ranking agrees (NDCG >= 0.95) and the strongest feature matches`, () => {
      const table = rankingTable(c.target);
      const r = computeImportances(table, 'label');
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.task).toBe(c.name === 'regression' ? 'regression' : 'classification');
      const ours = r.importances;
      const theirs = new Map(oracle.ranking.features.map((f, j) => [f, c.importance[j]!]));
      const cmp = compareImportances(theirs, ours);
      expect(cmp.ok).toBe(true);
      if (cmp.ok) expect(cmp.value).toBeGreaterThanOrEqual(0.95);
      const top = (m: ReadonlyMap<string, number>): string => [...m].sort((a, b) => b[1] - a[1])[0]![0];
      expect(top(ours)).toBe(top(theirs));
      expect(r.dataTypes.get('color')).toBe('categorical');
      expect(r.dataTypes.get('n0')).toBe('numerical');
    });
  }

  it('is deterministic: the same table gives identical importances', () => {
    const table = rankingTable(oracle.ranking.cases[0]!.target);
    const a = featureImportances(table, 'label', { nEstimators: 20 });
    const b = featureImportances(table, 'label', { nEstimators: 20 });
    expect([...a]).toEqual([...b]);
  });
});

describe('task selection and data errors', () => {
  const build = (rows: Record<string, unknown>[]): Table => {
    const b = new TableBuilder();
    for (const r of rows) b.addRow(r);
    return b.finish();
  };
  const n = 200;
  const xs = Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 10);

  it('a float target with ml_task classification is a clear error', () => {
    const t = build(xs.map((x) => ({ x, y: x * 1.5 + 0.25 })));
    const r = computeImportances(t, 'y', { task: 'classification' });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('is continuous') as unknown });
    expect(() => featureImportances(t, 'y', { task: 'classification' })).toThrow(FeatureAttributionDataError);
  });

  it('a string target with ml_task regression is a clear error', () => {
    const t = build(xs.map((x) => ({ x, y: x > 5 ? 'a' : 'b' })));
    const r = computeImportances(t, 'y', { task: 'regression' });
    expect(r.ok).toBe(false);
  });

  it('a single-class target, a missing target and no features are errors', () => {
    const t = build(xs.map((x) => ({ x, y: 'same' })));
    expect(computeImportances(t, 'y')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('single class') as unknown,
    });
    expect(computeImportances(t, 'nope')).toMatchObject({ ok: false });
    expect(computeImportances(build(xs.map((x) => ({ y: x }))), 'y')).toMatchObject({ ok: false });
  });

  it('chooses the task by target type: strings classify, floats regress, few-valued ints classify', () => {
    const s = build(xs.map((x) => ({ x, z: (x * 7) % 3, y: x > 5 ? 'hi' : 'lo' })));
    expect(computeImportances(s, 'y', { nEstimators: 5 })).toMatchObject({
      ok: true,
      task: 'classification',
    });
    const f = build(xs.map((x) => ({ x, z: (x * 7) % 3, y: x * 2 + 0.5 })));
    expect(computeImportances(f, 'y', { nEstimators: 5 })).toMatchObject({ ok: true, task: 'regression' });
    const i = build(xs.map((x) => ({ x, z: (x * 7) % 3, y: x > 5 ? 1 : 0 })));
    expect(computeImportances(i, 'y', { nEstimators: 5 })).toMatchObject({
      ok: true,
      task: 'classification',
    });
  });

  it('nulls in features follow a default direction and still rank the informative feature first', () => {
    const rows = xs.map((x, i) => ({ a: i % 4 === 0 ? null : x, b: (i * 13) % 7, y: x * 3 }));
    const imp = featureImportances(build(rows), 'y', { nEstimators: 30 });
    expect(imp.get('a')!).toBeGreaterThan(imp.get('b')!);
  });

  it('feature data types: strings/bools categorical, floats numerical, ints by distinct ratio, override wins', () => {
    const rows = xs.map((x, i) => ({
      f: x + 0.5,
      few: i % 3,
      many: i,
      s: i % 2 ? 'a' : 'b',
      b: i % 2 === 0,
      y: x * 2 + (i % 3),
    }));
    const r = computeImportances(build(rows), 'y', {
      nEstimators: 5,
      featureTypeOverride: { many: 'categorical' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.fromEntries(r.dataTypes)).toEqual({
      f: 'numerical',
      few: 'categorical',
      many: 'categorical',
      s: 'categorical',
      b: 'categorical',
    });
    const plain = computeImportances(build(rows), 'y', { nEstimators: 5 });
    expect(plain.ok && plain.dataTypes.get('many')).toBe('numerical');
  });

  it('a constant target gives an error instead of all-zero importances', () => {
    const r = computeImportances(build(xs.map((x) => ({ x, y: 1.5 }))), 'y');
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('learned nothing') as unknown });
  });

  it('explains half the rows (rounded up), or 5000 rows above 10000 rows, seeded', () => {
    expect(explanationRows(101, 0).length).toBe(51);
    expect(explanationRows(10000, 0).length).toBe(5000);
    expect(explanationRows(20001, 0).length).toBe(5000);
    expect([...explanationRows(50, 1)]).toEqual([...explanationRows(50, 1)]);
    expect([...explanationRows(50, 1)]).not.toEqual([...explanationRows(50, 2)]);
  });
});

describe('NDCG against sklearn ndcg_score (oracle fixtures)', () => {
  for (const c of oracle.ndcg) {
    it(c.name, () => {
      expect(Math.abs(ndcgScore(c.y_true, c.y_score) - c.ndcg)).toBeLessThanOrEqual(1e-9);
    });
  }

  it('sorts by feature name, drops correlationid, requires the same feature sets', () => {
    const ref = new Map([
      ['b', 0.2],
      ['a', 0.5],
      ['correlationid', 9],
    ]);
    const prod = new Map([
      ['a', 0.1],
      ['b', 0.4],
    ]);
    const r = compareImportances(ref, prod);
    expect(r).toEqual({ ok: true, value: ndcgScore([0.5, 0.2], [0.1, 0.4]), features: ['a', 'b'] });
    const bad = compareImportances(
      ref,
      new Map([
        ['a', 1],
        ['c', 2],
      ]),
    );
    expect(bad).toEqual({
      ok: false,
      reason:
        'reference and production have different feature sets (only in reference: b; only in production: c)',
    });
    expect(compareImportances(new Map([['a', 1]]), new Map([['a', 1]])).ok).toBe(false);
  });
});
