/** Feature typing/selection, breach rule, and each signal's rows, counts and errors. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/core/data/table.js';
import { TableBuilder, getColumn } from '../../../src/core/data/table.js';
import { isBreached, metricByName, METRICS } from '../../../src/core/metrics/registry.js';
import {
  computeCustom,
  computeDataQuality,
  computeDrift,
  computeModelPerformance,
  featureTypeOf,
  selectFeatures,
} from '../../../src/core/signals/index.js';
import type { CategoricalHistogramBucket, SignalResult } from '../../../src/core/signals/index.js';
import { loadOracle } from '../metrics/oracle-data.js';

function table(rows: Record<string, unknown>[]): Table {
  const b = new TableBuilder();
  for (const r of rows) b.addRow(r);
  return b.finish();
}

function ok(r: SignalResult) {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r;
}

const ref = table(
  Array.from({ length: 200 }, (_, i) => ({
    age: 20 + (i % 50),
    income: 1000 + i * 10.5,
    flag: i % 3 === 0,
    level: i % 4, // 4 distinct / 200 rows = 0.02 < 0.05 → categorical
    city: ['a', 'b', 'c'][i % 3],
    label: i % 2 ? 'yes' : 'no',
    correlationid: `r${i}`,
    _ingest_time: i,
  })),
);

describe('feature typing', () => {
  it('int columns are categorical below 5% distinct, numerical otherwise; override wins', () => {
    const col = (n: string) =>
      getColumn(ref, n) ??
      (() => {
        throw new Error(n);
      })();
    expect(featureTypeOf(col('level'))).toBe('categorical');
    expect(featureTypeOf(col('age'))).toBe('numerical'); // 50 / 200 = 0.25
    expect(featureTypeOf(col('income'))).toBe('numerical');
    expect(featureTypeOf(col('flag'))).toBe('categorical');
    expect(featureTypeOf(col('city'))).toBe('categorical');
    expect(featureTypeOf(col('level'), 'numerical')).toBe('numerical');
    expect(featureTypeOf(col('income'), 'categorical')).toBe('categorical');
  });
});

describe('feature selection', () => {
  const production = ref;
  it('all_features excludes target, correlation ids and ingestion metadata (list or predicate)', () => {
    for (const excluded_columns of [['_ingest_time'], (n: string) => n.startsWith('_')]) {
      const s = selectFeatures({
        production,
        reference: ref,
        features: 'all_features',
        target_column: 'label',
        correlation_id_columns: ['correlationid'],
        excluded_columns,
      });
      expect(s.ok && s.features.map((f) => f.name)).toEqual(['age', 'income', 'flag', 'level', 'city']);
    }
  });
  it('a listed feature missing from one side is an error naming it', () => {
    const s = selectFeatures({ production: table([{ age: 1 }]), reference: ref, features: ['age', 'city'] });
    expect(s.ok).toBe(false);
    if (!s.ok) {
      expect(s.error.code).toBe('feature_missing');
      expect(s.error.feature).toBe('city');
      expect(s.error.message).toContain("'city'");
      expect(s.error.message).toContain('production');
    }
  });
  it('top_n_feature_importance takes the N most important, then intersects with the common columns', () => {
    const importances = new Map([
      ['income', 0.5],
      ['city', 0.3],
      ['missing_col', 0.4],
      ['age', 0.1],
    ]);
    const s = selectFeatures({
      production,
      reference: ref,
      features: { top_n_feature_importance: 3 },
      importances,
    });
    expect(s.ok && s.features.map((f) => f.name)).toEqual(['income', 'city']);
    const none = selectFeatures({ production, reference: ref, features: { top_n_feature_importance: 3 } });
    expect(!none.ok && none.error.code).toBe('importances_missing');
  });
  it('omitted features: top 10 by importance for a training reference with a target, else all', () => {
    const importances = new Map(['age', 'income', 'flag', 'level', 'city'].map((n, i) => [n, i] as const));
    const training = selectFeatures({
      production,
      reference: ref,
      target_column: 'label',
      reference_is_training: true,
      importances,
      correlation_id_columns: ['correlationid'],
      excluded_columns: ['_ingest_time'],
    });
    expect(training.ok && training.features.length).toBe(5);
    const notTraining = selectFeatures({ production, reference: ref, target_column: 'label', importances });
    expect(notTraining.ok && notTraining.features.length).toBe(7); // includes correlationid, _ingest_time
  });
  it('no common columns is an error', () => {
    const s = selectFeatures({ production: table([{ zzz: 1 }]), reference: ref });
    expect(!s.ok && s.error.code).toBe('no_common_columns');
  });
});

describe('breach rule and registry', () => {
  it('equality never breaches; NaN never breaches; direction from the registry', () => {
    expect(isBreached('JensenShannonDistance', 0.1, 0.1)).toBe(false);
    expect(isBreached('JensenShannonDistance', 0.2, 0.1)).toBe(true);
    expect(isBreached('TwoSampleKolmogorovSmirnovTest', 0.01, 0.05)).toBe(true);
    expect(isBreached('TwoSampleKolmogorovSmirnovTest', 0.05, 0.05)).toBe(false);
    expect(isBreached('Accuracy', 0.8, 0.9)).toBe(true);
    expect(isBreached('PearsonsChiSquaredTest', NaN, 0.05)).toBe(false);
    expect(isBreached('my_custom_metric', 2, 1)).toBe(true);
  });
  it('has every Azure metric with its YAML key', () => {
    expect(METRICS.length).toBe(15);
    expect(metricByName('PearsonsChiSquaredTest')?.yamlKey).toBe('pearsons_chi_squared_test');
    expect(metricByName('NullValueRate')?.relativeThreshold).toBe(true);
  });
});

describe('data drift', () => {
  const prod = table(
    Array.from({ length: 150 }, (_, i) => ({
      age: i === 0 ? 'not a number' : i === 1 ? null : i === 2 ? '33' : 25 + (i % 50),
      income: 1500 + i * 9,
      flag: i % 2 === 0,
      level: i % 5,
      city: ['a', 'b', 'c', 'd'][i % 4],
      correlationid: `p${i}`,
    })),
  );
  const base = {
    reference: ref,
    production: prod,
    target_column: 'label',
    correlation_id_columns: ['correlationid'],
  };

  it('uses the first configured metric per type in the order JSD > NWD > PSI > KS/chi² (0 counts as unset)', () => {
    const r = ok(
      computeDrift({
        ...base,
        type: 'data_drift',
        features: ['age', 'city'],
        metric_thresholds: {
          numerical: {
            jensen_shannon_distance: 0,
            population_stability_index: 0.2,
            two_sample_kolmogorov_smirnov_test: 0.05,
          },
          categorical: { pearsons_chi_squared_test: 0.05 },
        },
      }),
    );
    expect(r.rows.map((x) => [x.group, x.metric_name, x.data_type])).toEqual([
      ['age', 'PopulationStabilityIndex', 'Numerical'],
      ['city', 'PearsonsChiSquaredTest', 'Categorical'],
    ]);
    // 'd' is unseen in the reference: p = 0 < 0.05 breaches (lower is bad).
    expect(r.rows[1]?.metric_value).toBe(0);
    expect(r.rows[1]?.breached).toBe(true);
  });

  it('non-conforming production values are type errors and excluded; nulls dropped per column', () => {
    const r = ok(computeDrift({ ...base, type: 'data_drift', features: ['age'] }));
    const f = r.features?.[0];
    expect(f).toMatchObject({
      name: 'age',
      production_nulls: 1,
      production_type_errors: 1,
      production_values: 148,
    });
    expect(f?.reference_values).toBe(200);
  });

  it('defaults: NWD 0.1 numerical, JSD 0.1 categorical; level is categorical by ratio', () => {
    const r = ok(computeDrift({ ...base, type: 'data_drift' }));
    const names = Object.fromEntries(r.rows.map((x) => [x.group, x.metric_name]));
    expect(names).toEqual({
      age: 'NormalizedWassersteinDistance',
      income: 'NormalizedWassersteinDistance',
      flag: 'JensenShannonDistance',
      level: 'JensenShannonDistance',
      city: 'JensenShannonDistance',
    });
    expect(r.rows.every((x) => x.threshold_value === 0.1)).toBe(true);
    const hist = r.histograms?.find((h) => h.featureName === 'level');
    expect(hist?.dataType).toBe('Categorical');
    const cats = (hist?.histogram ?? []) as CategoricalHistogramBucket[];
    expect(cats.map((c) => c.category).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(cats.reduce((s, c) => s + c.baselineCount, 0)).toBe(200);
    expect(cats.reduce((s, c) => s + c.targetCount, 0)).toBe(150);
  });

  it('chi-squared with a single category is NaN, reported and not breached', () => {
    const one = table([{ c: 'x' }, { c: 'x' }]);
    const r = ok(
      computeDrift({
        type: 'data_drift',
        reference: one,
        production: one,
        metric_thresholds: { categorical: { pearsons_chi_squared_test: 0.05 } },
      }),
    );
    expect(r.rows[0]?.metric_value).toBeNaN();
    expect(r.rows[0]?.value_is_nan).toBe(true);
    expect(r.rows[0]?.breached).toBe(false);
  });

  it('categorical histograms keep the top 100 categories plus "Other"', () => {
    const many = (n: number) => table(Array.from({ length: n }, (_, i) => ({ c: `k${i % 130}` })));
    const r = ok(computeDrift({ type: 'data_drift', reference: many(1300), production: many(650) }));
    const h = (r.histograms?.[0]?.histogram ?? []) as CategoricalHistogramBucket[];
    expect(h.length).toBe(101);
    expect(h[100]).toEqual({ category: 'Other', baselineCount: 300, targetCount: 150 });
  });

  it('prediction drift uses all common columns (features ignored) minus excluded ones', () => {
    const outputs = (shift: number) =>
      table(
        Array.from({ length: 300 }, (_, i) => ({
          score: (i % 100) / 100 + shift,
          cls: i % 3 ? 'a' : 'b',
          correlationid: `x${i}`,
        })),
      );
    const same = ok(
      computeDrift({
        type: 'prediction_drift',
        reference: outputs(0),
        production: outputs(0),
        features: ['score'],
        correlation_id_columns: ['correlationid'],
      }),
    );
    expect(same.rows.map((x) => [x.group, x.metric_value, x.breached])).toEqual([
      ['score', 0, false],
      ['cls', 0, false],
    ]);
    const shifted = ok(
      computeDrift({
        type: 'prediction_drift',
        reference: outputs(0),
        production: outputs(0.5),
        excluded_columns: ['correlationid'],
      }),
    );
    expect(shifted.rows.find((x) => x.group === 'score')?.breached).toBe(true);
    expect(shifted.rows.map((x) => x.group)).toEqual(['score', 'cls']);
  });

  it('signal errors: empty production, all-null feature, no common columns', () => {
    const empty = computeDrift({ type: 'data_drift', reference: ref, production: table([]) });
    expect(!empty.ok && empty.error.code).toBe('empty_production');
    const nulls = computeDrift({
      type: 'data_drift',
      reference: ref,
      production: table([{ age: null }, { age: 'x' }]),
      features: ['age'],
    });
    expect(!nulls.ok && nulls.error).toMatchObject({ code: 'all_null_feature', feature: 'age' });
    const disjoint = computeDrift({
      type: 'prediction_drift',
      reference: ref,
      production: table([{ q: 1 }]),
    });
    expect(!disjoint.ok && disjoint.error.code).toBe('no_common_columns');
  });
});

describe('data quality', () => {
  it('rates over production rows with the relative threshold (reference rate + configured)', () => {
    const reference = table([{ x: 1 }, { x: 5 }, { x: null }, { x: 3 }]); // null rate 0.25, bounds 1..5
    const production = table([
      { x: 0 },
      { x: 2 },
      { x: null },
      { x: null },
      { x: 'bad' },
      { x: 9 },
      { x: 4 },
      { x: 5 },
    ]);
    const r = ok(
      computeDataQuality({
        reference,
        production,
        metric_thresholds: {
          numerical: { null_value_rate: 0.1, data_type_error_rate: 0.2, out_of_bounds_rate: 0 },
        },
      }),
    );
    const by = Object.fromEntries(r.rows.map((x) => [x.metric_name, x]));
    expect(by.NullValueRate).toMatchObject({ metric_value: 2 / 8, baseline_value: 0.25, breached: false });
    expect(by.NullValueRate?.threshold_value).toBeCloseTo(0.35, 15);
    expect(by.DataTypeErrorRate).toMatchObject({
      metric_value: 1 / 8,
      threshold_value: 0.2,
      breached: false,
    });
    expect(by.OutOfBoundsRate).toMatchObject({ metric_value: 2 / 8, threshold_value: 0, breached: true });
    expect(r.row_counts).toEqual({ reference: 4, production: 8 });
  });
  it('categorical out of bounds = values outside the reference category set', () => {
    const reference = table([{ c: 'a' }, { c: 'b' }]);
    const production = table([{ c: 'a' }, { c: 'z' }, { c: 'b' }, { c: 'y' }]);
    const r = ok(computeDataQuality({ reference, production }));
    expect(r.rows.find((x) => x.metric_name === 'OutOfBoundsRate')?.metric_value).toBe(0.5);
    expect(r.rows.length).toBe(3);
  });
});

describe('data quality vs pandas', () => {
  const oracle = loadOracle();
  it.each(oracle.quality.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = ok(
      computeDataQuality({
        reference: table(c.ref.map((x) => ({ x }))),
        production: table(c.prod.map((x) => ({ x }))),
        feature_type_override: { x: c.kind },
      }),
    );
    const by = Object.fromEntries(r.rows.map((x) => [x.metric_name, x]));
    expect(by.NullValueRate?.metric_value).toBeCloseTo(c.expected.NullValueRate, 15);
    expect(by.NullValueRate?.baseline_value).toBeCloseTo(c.expected.refNullValueRate, 15);
    expect(by.DataTypeErrorRate?.metric_value).toBeCloseTo(c.expected.DataTypeErrorRate, 15);
    expect(by.OutOfBoundsRate?.metric_value).toBeCloseTo(c.expected.OutOfBoundsRate, 15);
  });
});

describe('model performance', () => {
  const oracle = loadOracle();
  it.each(oracle.classification.map((c) => [c.name, c] as const))('classification via join: %s', (_n, c) => {
    // Production has extra rows without ground truth and rows in a different order.
    const production = table([
      ...c.yPred.map((p, i) => ({ id: `id${i}`, pred: p })).reverse(),
      { id: 'late1', pred: c.yPred[0] },
      { id: 'late2', pred: c.yPred[0] },
    ]);
    const truth = table(c.yTrue.map((t, i) => ({ cid: `id${i}`, actual: t })));
    const r = ok(
      computeModelPerformance({
        production,
        ground_truth: truth,
        production_prediction_column: 'pred',
        production_correlation_columns: ['id'],
        ground_truth_actual_column: 'actual',
        ground_truth_correlation_columns: ['cid'],
        metric_thresholds: { classification: { accuracy: 0.9, precision: 0.9, recall: 0.9 } },
      }),
    );
    expect(r.row_counts.joined).toBe(c.yTrue.length);
    expect(r.row_counts.without_ground_truth).toBe(2);
    const v = Object.fromEntries(r.rows.map((x) => [x.metric_name, x.metric_value]));
    expect(v.Accuracy).toBeCloseTo(c.expected.Accuracy, 12);
    expect(v.Precision).toBeCloseTo(c.expected.Precision, 12);
    expect(v.Recall).toBeCloseTo(c.expected.Recall, 12);
    for (const x of r.rows) expect(x.breached).toBe(x.metric_value < 0.9);
  });
  it.each(oracle.regression.map((c) => [c.name, c] as const))('regression via join: %s', (_n, c) => {
    const production = table(c.yPred.map((p, i) => ({ id: i, pred: p })));
    const truth = table(c.yTrue.map((t, i) => ({ id: i, y: t })));
    const r = ok(
      computeModelPerformance({
        production,
        ground_truth: truth,
        production_prediction_column: 'pred',
        production_correlation_columns: ['id'],
        ground_truth_actual_column: 'y',
        ground_truth_correlation_columns: ['id'],
        task: 'regression',
      }),
    );
    const v = Object.fromEntries(r.rows.map((x) => [x.metric_name, x.metric_value]));
    expect(v.MeanAbsoluteError).toBeCloseTo(c.expected.MeanAbsoluteError, 9);
    expect(v.MeanSquaredError).toBeCloseTo(c.expected.MeanSquaredError, 9);
    expect(v.RootMeanSquaredError).toBeCloseTo(c.expected.RootMeanSquaredError, 9);
    expect(r.rows.every((x) => Number.isNaN(x.threshold_value) && !x.breached)).toBe(true);
  });
  it('an empty join is a signal error', () => {
    const r = computeModelPerformance({
      production: table([{ id: 'a', p: 1 }]),
      ground_truth: table([{ id: 'b', y: 1 }]),
      production_prediction_column: 'p',
      production_correlation_columns: ['id'],
      ground_truth_actual_column: 'y',
      ground_truth_correlation_columns: ['id'],
    });
    expect(!r.ok && r.error.code).toBe('empty_join');
  });
});

describe('custom signal', () => {
  const production = table([{ v: 1 }, { v: 4 }, { v: 10 }]);
  it('passes tables and <metric>_threshold literals to the module and breaches on value > threshold', async () => {
    const seen: Record<string, unknown>[] = [];
    const module = {
      default: ({
        tables,
        literals,
      }: {
        tables: Record<string, Table>;
        literals: Record<string, unknown>;
      }) => {
        seen.push(literals);
        const col = getColumn(tables.production_data as Table, 'v');
        const max = col && col.type !== 'string' ? Math.max(...col.values) : NaN;
        return [
          {
            group: 'v',
            metric_name: 'max_value',
            metric_value: max,
            threshold_value: Number(literals.max_value_threshold),
          },
          {
            group: 'v',
            group_dimension: 'aggregate',
            metric_name: 'rows',
            metric_value: 3,
            threshold_value: 3,
          },
        ];
      },
    };
    const r = ok(
      await computeCustom(
        {
          component_id: 'azureml:my_signal:1',
          tables: { production_data: production },
          inputs: { mode: 'strict' },
          metric_thresholds: [{ metric_name: 'max_value', threshold: 5 }],
        },
        (id) =>
          id === 'azureml:my_signal:1' ? Promise.resolve(module) : Promise.reject(new Error('unknown')),
      ),
    );
    expect(seen[0]).toEqual({ mode: 'strict', max_value_threshold: 5 });
    expect(r.rows.map((x) => [x.metric_name, x.metric_value, x.breached])).toEqual([
      ['max_value', 10, true],
      ['rows', 3, false],
    ]);
    expect(r.rows[1]?.group_dimension).toBeUndefined();
  });
  it('a failing module or invalid rows give a signal error', async () => {
    const thrower = await computeCustom({ component_id: 'x', tables: {} }, () =>
      Promise.resolve({
        default: () => {
          throw new Error('boom');
        },
      }),
    );
    expect(!thrower.ok && thrower.error.message).toContain('boom');
    const invalid = await computeCustom({ component_id: 'x', tables: {} }, () =>
      Promise.resolve({
        computeSignalMetrics: () => [{ group: 'g', metric_name: 'm', metric_value: '1', threshold_value: 1 }],
      }),
    );
    expect(!invalid.ok && invalid.error.code).toBe('custom_invalid_output');
  });
});
