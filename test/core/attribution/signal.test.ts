import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TableBuilder, type Table } from '../../../src/core/data/table.js';
import { featureAttributionDrift, NDCG_METRIC } from '../../../src/core/attribution/signal.js';
import { computeImportances } from '../../../src/core/attribution/importance.js';
import { ndcgScore } from '../../../src/core/attribution/ndcg.js';
import { AZUREML_DATA_DIR } from '../../helpers/paths.js';

/** The iris CSVs are plain (no quoting): numbers become numbers, the rest strings. */
function readCsv(file: string, rename: Record<string, string> = {}): Table {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',').map((n) => rename[n] ?? n);
  const b = new TableBuilder();
  for (const line of lines) {
    const cells = line.split(',');
    const row: Record<string, unknown> = {};
    names.forEach((n, i) => {
      const v = cells[i] ?? '';
      row[n] = v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v);
    });
    b.addRow(row);
  }
  return b.finish();
}

const baseline = readCsv(path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline', 'iris_baseline.csv'));
const productionNoDrift = readCsv(
  path.join(AZUREML_DATA_DIR, 'mltable_iris_preprocessed_model_inputs_outputs_no_drift', 'iris_baseline.csv'),
  { target: 'prediction' },
);

/** Production whose predictions follow sepal_width alone (the model changed what it looks at). */
function driftedProduction(): Table {
  const b = new TableBuilder();
  const sw = baseline.columns.find((c) => c.name === 'sepal_width')!;
  const sorted = [...(sw.type === 'float' || sw.type === 'int' ? sw.values : [])].sort((x, y) => x - y);
  const lo = sorted[Math.floor(sorted.length / 3)]!;
  const hi = sorted[Math.floor((2 * sorted.length) / 3)]!;
  for (let i = 0; i < baseline.rowCount; i++) {
    const row: Record<string, unknown> = {};
    for (const c of baseline.columns) {
      if (c.name === 'target' || c.type === 'string' || c.type === 'bool') continue;
      row[c.name] = c.values[i];
    }
    const w = row.sepal_width as number;
    row.prediction = w < lo ? 'a' : w < hi ? 'b' : 'c';
    b.addRow(row);
  }
  return b.finish();
}

describe('feature_attribution_drift on the iris reference data', () => {
  it('no drift: identical data gives NDCG 1 and does not breach at 0.9', () => {
    const r = featureAttributionDrift({
      reference: baseline,
      targetColumn: 'target',
      production: productionNoDrift,
      predictionColumn: 'prediction',
      threshold: 0.9,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ndcg = r.rows.find((x) => x.metric_name === NDCG_METRIC)!;
    expect(ndcg).toMatchObject({ group: '', threshold_value: 0.9, breached: false, data_type: '' });
    expect(ndcg.metric_value).toBeCloseTo(1, 12);
    expect(r.rowCounts).toEqual({ reference: 75, production: 75 });
    expect(r.rows.filter((x) => x.metric_name === 'BaselineFeatureImportance').map((x) => x.group)).toEqual([
      'petal_length',
      'petal_width',
      'sepal_length',
      'sepal_width',
    ]);
    for (const row of r.rows.filter((x) => x.metric_name.endsWith('FeatureImportance'))) {
      expect(row).toMatchObject({ threshold_value: null, breached: false, data_type: 'numerical' });
    }
    expect(r.rows.find((x) => x.metric_name === 'TargetRowCount')?.metric_value).toBe(75);
  });

  it('drift: a model that looks at other features breaches, and the NDCG is that of the rows reported', () => {
    const r = featureAttributionDrift({
      reference: baseline,
      targetColumn: 'target',
      production: driftedProduction(),
      predictionColumn: 'prediction',
      threshold: 0.9,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const get = (name: string): number[] =>
      r.rows.filter((x) => x.metric_name === name).map((x) => x.metric_value);
    const expected = ndcgScore(get('BaselineFeatureImportance'), get('ProductionFeatureImportance'));
    const ndcg = r.rows.find((x) => x.metric_name === NDCG_METRIC)!;
    expect(ndcg.metric_value).toBe(expected);
    expect(ndcg.metric_value).toBeLessThan(0.9);
    expect(ndcg.breached).toBe(true);
    expect(r.breached).toBe(true);
    // Lower is bad: a threshold at or below the value never breaches.
    const atValue = featureAttributionDrift({
      reference: baseline,
      targetColumn: 'target',
      production: driftedProduction(),
      predictionColumn: 'prediction',
      threshold: ndcg.metric_value,
    });
    expect(atValue.ok && atValue.breached).toBe(false);
  });

  it('an unset threshold never breaches', () => {
    const r = featureAttributionDrift({
      reference: baseline,
      targetColumn: 'target',
      production: driftedProduction(),
      predictionColumn: 'prediction',
      threshold: null,
    });
    expect(r.ok && r.breached).toBe(false);
  });

  it('gives signal errors with reasons: empty window, other features, missing target, continuous target', () => {
    const empty = new TableBuilder().finish();
    const base = {
      reference: baseline,
      targetColumn: 'target',
      predictionColumn: 'prediction',
      threshold: 0.9,
    };
    expect(featureAttributionDrift({ ...base, production: empty })).toEqual({
      ok: false,
      signal: 'feature_attribution_drift',
      reason: 'the production window has no rows',
    });
    const extra = featureAttributionDrift({
      ...base,
      production: readCsv(
        path.join(
          AZUREML_DATA_DIR,
          'mltable_iris_preprocessed_model_inputs_outputs_no_drift',
          'iris_baseline.csv',
        ),
        { target: 'prediction', sepal_width: 'sepal_w' },
      ),
    });
    expect(extra).toMatchObject({
      ok: false,
      reason:
        'reference and production have different feature sets (only in reference: sepal_width; only in production: sepal_w)',
    });
    expect(
      featureAttributionDrift({ ...base, production: productionNoDrift, targetColumn: 'label' }),
    ).toMatchObject({
      ok: false,
      reason: "reference: target column 'label' is not in the data",
    });
    expect(
      featureAttributionDrift({
        ...base,
        production: productionNoDrift,
        targetColumn: 'sepal_length',
        mlTask: 'classification',
        excludeColumns: ['target'],
      }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('is continuous') as unknown });
  });

  it('a correlationid column is dropped from the comparison', () => {
    const withId = (t: Table): Table => {
      const b = new TableBuilder();
      b.appendTable(t);
      const out = b.finish();
      const ids = new TableBuilder();
      for (let i = 0; i < t.rowCount; i++) ids.addRow({ correlationid: `id-${i}` });
      return { rowCount: t.rowCount, columns: [...out.columns, ...ids.finish().columns] };
    };
    const r = featureAttributionDrift({
      reference: baseline,
      targetColumn: 'target',
      production: withId(productionNoDrift),
      predictionColumn: 'prediction',
      threshold: 0.9,
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.rows.some((x) => x.group === 'correlationid')).toBe(false);
    // The production importance itself still saw the id column; the comparison did not.
    const imp = computeImportances(withId(productionNoDrift), 'prediction');
    expect(imp.ok && imp.importances.has('correlationid')).toBe(true);
  });

  it('too few rows to split (13-row integer iris) is a signal error, not NDCG 0', () => {
    const file = path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline_int_data_type', 'iris_baseline.csv');
    const r = featureAttributionDrift({
      reference: readCsv(file),
      targetColumn: 'target',
      production: readCsv(file, { target: 'prediction' }),
      predictionColumn: 'prediction',
      threshold: 0.9,
    });
    expect(r).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^reference: the surrogate learned nothing from 13 rows/) as unknown,
    });
  });
});
