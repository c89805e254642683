/**
 * model_performance: inner join of production outputs and ground truth on the correlation-id columns named by
 * `data_column_names`, then sklearn-style Accuracy/Precision/Recall (macro) or MAE/MSE/RMSE (FACTS §3.5, §5.9).
 * ★ Accuracy, Precision and Recall are lower-is-bad; MSE is computed.
 */
import type { Column, Table } from '../data/table.js';
import { getColumn, keyAt, valueAt } from '../data/table.js';
import type { MetricName } from '../metrics/registry.js';
import { isBreached } from '../metrics/registry.js';
import { classificationMetrics, regressionMetrics } from '../metrics/performance.js';
import { featureTypeOf } from './features.js';
import type { SignalMetricRow, SignalResult } from './types.js';
import { signalError } from './types.js';
import { joinKey } from '../data/join.js';

export interface ModelPerformanceSignalConfig {
  /** Production model outputs. */
  readonly production: Table;
  /** Ground truth (the reference data of the signal). */
  readonly ground_truth: Table;
  /** Production `data_column_names`: the prediction column and the correlation-id column(s). */
  readonly production_prediction_column: string;
  readonly production_correlation_columns: readonly string[];
  /** Ground-truth `data_column_names`: the actual (target) column and the correlation-id column(s), same order. */
  readonly ground_truth_actual_column: string;
  readonly ground_truth_correlation_columns: readonly string[];
  /** `monitoring_target.ml_task` or the thresholds' family; inferred from the actual column when absent. */
  readonly task?: 'classification' | 'regression' | undefined;
  readonly metric_thresholds?:
    | {
        readonly classification?: Readonly<Record<string, number>> | undefined;
        readonly regression?: Readonly<Record<string, number>> | undefined;
      }
    | undefined;
}

const CLASSIFICATION: readonly (readonly [string, MetricName])[] = [
  ['accuracy', 'Accuracy'],
  ['precision', 'Precision'],
  ['recall', 'Recall'],
];
const REGRESSION: readonly (readonly [readonly string[], MetricName])[] = [
  [['mean_absolute_error', 'mae'], 'MeanAbsoluteError'],
  [['mean_squared_error', 'mse'], 'MeanSquaredError'],
  [['root_mean_squared_error', 'rmse'], 'RootMeanSquaredError'],
];

export function computeModelPerformance(config: ModelPerformanceSignalConfig): SignalResult {
  const type = 'model_performance';
  const { production, ground_truth } = config;
  if (production.rowCount === 0)
    return signalError(type, 'empty_production', 'The production data window has no rows.');
  const need = (t: Table, name: string, side: string): Column | string => {
    const c = getColumn(t, name);
    return c ?? `Column '${name}' is not in the ${side} data.`;
  };
  const pred = need(production, config.production_prediction_column, 'production');
  const actual = need(ground_truth, config.ground_truth_actual_column, 'ground-truth');
  const prodKeys = config.production_correlation_columns.map((n) => need(production, n, 'production'));
  const truthKeys = config.ground_truth_correlation_columns.map((n) => need(ground_truth, n, 'ground-truth'));
  for (const c of [pred, actual, ...prodKeys, ...truthKeys]) {
    if (typeof c === 'string') return signalError(type, 'column_missing', c);
  }
  if (prodKeys.length === 0 || prodKeys.length !== truthKeys.length) {
    return signalError(
      type,
      'column_missing',
      'Model performance needs the same number (at least one) of correlation-id columns on both sides.',
    );
  }
  const predCol = pred as Column;
  const actualCol = actual as Column;

  // Index ground truth by key (inner join: duplicates multiply, null keys never match).
  const index = new Map<string, number[]>();
  for (let r = 0; r < ground_truth.rowCount; r++) {
    const k = joinKey(truthKeys as Column[], r);
    if (k === null) continue;
    const list = index.get(k);
    if (list) list.push(r);
    else index.set(k, [r]);
  }
  const pairsProd: number[] = [];
  const pairsTruth: number[] = [];
  let withoutTruth = 0;
  for (let r = 0; r < production.rowCount; r++) {
    const k = joinKey(prodKeys as Column[], r);
    const matches = k === null ? undefined : index.get(k);
    if (!matches) {
      withoutTruth++;
      continue;
    }
    for (const t of matches) {
      pairsProd.push(r);
      pairsTruth.push(t);
    }
  }
  const joined = pairsProd.length;
  if (joined === 0) {
    return signalError(
      type,
      'empty_join',
      `No production row matched the ground truth on ${config.production_correlation_columns.join(', ')} = ${config.ground_truth_correlation_columns.join(', ')}.`,
    );
  }

  const thresholds = config.metric_thresholds;
  const task =
    config.task ??
    (thresholds?.classification
      ? 'classification'
      : thresholds?.regression
        ? 'regression'
        : featureTypeOf(actualCol) === 'categorical'
          ? 'classification'
          : 'regression');

  const rows: SignalMetricRow[] = [];
  const push = (name: MetricName, value: number, threshold: number | undefined): void => {
    const t = threshold ?? NaN;
    const base = {
      group: '',
      metric_name: name,
      metric_value: value,
      threshold_value: t,
      breached: isBreached(name, value, t),
      data_type: '' as const,
    };
    rows.push(Number.isNaN(value) ? { ...base, value_is_nan: true } : base);
  };

  let used: number;
  if (task === 'classification') {
    const labels = new Map<string, number>();
    const code = (k: string): number => {
      let c = labels.get(k);
      if (c === undefined) {
        c = labels.size;
        labels.set(k, c);
      }
      return c;
    };
    const yTrue: number[] = [];
    const yPred: number[] = [];
    for (let i = 0; i < joined; i++) {
      const t = keyAt(actualCol, pairsTruth[i] ?? 0);
      const p = keyAt(predCol, pairsProd[i] ?? 0);
      if (t === null || p === null) continue;
      yTrue.push(code(t));
      yPred.push(code(p));
    }
    used = yTrue.length;
    const m = classificationMetrics(Int32Array.from(yTrue), Int32Array.from(yPred), labels.size);
    const values: Record<string, number> = { Accuracy: m.accuracy, Precision: m.precision, Recall: m.recall };
    const configured = thresholds?.classification;
    for (const [key, name] of CLASSIFICATION) {
      if (configured && configured[key] === undefined) continue;
      push(name, values[name] ?? NaN, configured?.[key]);
    }
  } else {
    const yTrue: number[] = [];
    const yPred: number[] = [];
    const num = (v: unknown): number =>
      typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    for (let i = 0; i < joined; i++) {
      const t = num(valueAt(actualCol, pairsTruth[i] ?? 0));
      const p = num(valueAt(predCol, pairsProd[i] ?? 0));
      if (!Number.isFinite(t) || !Number.isFinite(p)) continue;
      yTrue.push(t);
      yPred.push(p);
    }
    used = yTrue.length;
    const m = regressionMetrics(Float64Array.from(yTrue), Float64Array.from(yPred));
    const values: Record<string, number> = {
      MeanAbsoluteError: m.meanAbsoluteError,
      MeanSquaredError: m.meanSquaredError,
      RootMeanSquaredError: m.rootMeanSquaredError,
    };
    const configured = thresholds?.regression;
    for (const [keys, name] of REGRESSION) {
      const key = keys.find((k) => configured?.[k] !== undefined);
      if (configured && key === undefined) continue;
      push(name, values[name] ?? NaN, key === undefined ? undefined : configured?.[key]);
    }
  }
  if (used === 0) {
    return signalError(
      type,
      'empty_join',
      'Every joined row has a null or unusable prediction or actual value.',
    );
  }
  return {
    ok: true,
    signal_type: type,
    rows,
    row_counts: {
      production: production.rowCount,
      reference: ground_truth.rowCount,
      joined,
      without_ground_truth: withoutTruth,
    },
    breached: rows.some((r) => r.breached),
  };
}
