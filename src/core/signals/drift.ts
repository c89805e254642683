/**
 * data_drift and prediction_drift: per selected feature, one drift metric per feature type (the first set in
 * the order JSD > NWD > PSI > KS/chi², FACTS §3.1; defaults NWD 0.1 / JSD 0.1), display histograms, row counts.
 */
import { getColumn } from '../data/table.js';
import type { CategoricalDriftPrep, NumericalDriftPrep } from '../metrics/drift.js';
import { prepareCategorical, prepareNumerical } from '../metrics/drift.js';
import type { FeatureType, MetricInfo } from '../metrics/registry.js';
import { DRIFT_METRIC_ORDER, isBreached, metricByYamlKey } from '../metrics/registry.js';
import { categoricalValues, numericalValues, selectFeatures, valueSpec } from './features.js';
import type {
  CategoricalHistogramBucket,
  FeatureContext,
  FeatureCounts,
  FeatureHistogram,
  SignalMetricRow,
  SignalResult,
  TypedThresholds,
} from './types.js';
import { signalError } from './types.js';

export interface DriftSignalConfig extends FeatureContext {
  readonly type: 'data_drift' | 'prediction_drift';
  readonly metric_thresholds?: TypedThresholds | undefined;
}

export interface DriftOptions {
  /** 'first' (Azure): one metric per type. 'all': every configured metric (benchmarks, diagnostics). */
  readonly metrics?: 'first' | 'all';
}

export const DEFAULT_DRIFT_THRESHOLDS: Readonly<Record<FeatureType, Readonly<Record<string, number>>>> = {
  numerical: { normalized_wasserstein_distance: 0.1 },
  categorical: { jensen_shannon_distance: 0.1 },
};

export const HISTOGRAM_TOP_CATEGORIES = 100;

interface MetricChoice {
  readonly info: MetricInfo;
  readonly threshold: number;
}

/** The metrics to compute for a feature type. Only truthy thresholds count as set (Azure treats 0 as unset). */
export function driftMetricsFor(
  type: FeatureType,
  thresholds: TypedThresholds | undefined,
  mode: 'first' | 'all' = 'first',
): MetricChoice[] {
  const configured = thresholds?.[type];
  const chosen: MetricChoice[] = [];
  for (const key of DRIFT_METRIC_ORDER) {
    const info = metricByYamlKey(key);
    const value = configured?.[key];
    if (!info || !info.featureTypes.includes(type) || !value) continue;
    chosen.push({ info, threshold: value });
    if (mode === 'first') break;
  }
  if (chosen.length > 0) return chosen;
  const [key, value] = Object.entries(DEFAULT_DRIFT_THRESHOLDS[type])[0] ?? [];
  const info = key === undefined ? undefined : metricByYamlKey(key);
  return info && value !== undefined ? [{ info, threshold: value }] : [];
}

function row(feature: string, type: FeatureType, choice: MetricChoice, value: number): SignalMetricRow {
  const base = {
    group: feature,
    metric_name: choice.info.name,
    metric_value: value,
    threshold_value: choice.threshold,
    breached: isBreached(choice.info.name, value, choice.threshold),
    data_type: type === 'numerical' ? ('Numerical' as const) : ('Categorical' as const),
  };
  return Number.isNaN(value) ? { ...base, value_is_nan: true } : base;
}

function numericalHistogram(feature: string, prep: NumericalDriftPrep): FeatureHistogram {
  const e = prep.bins.edges;
  return {
    featureName: feature,
    dataType: 'Numerical',
    histogram: Array.from(prep.refCounts, (count, i) => ({
      lowerBound: e[i] ?? NaN,
      upperBound: e[i + 1] ?? NaN,
      baselineCount: count,
      targetCount: prep.prodCounts[i] ?? 0,
    })),
  };
}

/** Top 100 categories by reference count (then production count), the rest summed into "Other". */
function categoricalHistogram(feature: string, prep: CategoricalDriftPrep): FeatureHistogram {
  const order = prep.categories.map((_, i) => i);
  order.sort(
    (a, b) =>
      (prep.refCounts[b] ?? 0) - (prep.refCounts[a] ?? 0) ||
      (prep.prodCounts[b] ?? 0) - (prep.prodCounts[a] ?? 0),
  );
  const buckets: CategoricalHistogramBucket[] = order.slice(0, HISTOGRAM_TOP_CATEGORIES).map((i) => ({
    category: prep.categories[i] ?? '',
    baselineCount: prep.refCounts[i] ?? 0,
    targetCount: prep.prodCounts[i] ?? 0,
  }));
  if (order.length > HISTOGRAM_TOP_CATEGORIES) {
    let b = 0;
    let t = 0;
    for (const i of order.slice(HISTOGRAM_TOP_CATEGORIES)) {
      b += prep.refCounts[i] ?? 0;
      t += prep.prodCounts[i] ?? 0;
    }
    buckets.push({ category: 'Other', baselineCount: b, targetCount: t });
  }
  return { featureName: feature, dataType: 'Categorical', histogram: buckets };
}

export function computeDrift(config: DriftSignalConfig, options: DriftOptions = {}): SignalResult {
  const type = config.type;
  if (config.production.rowCount === 0) {
    return signalError(type, 'empty_production', 'The production data window has no rows.');
  }
  if (config.reference.rowCount === 0) {
    return signalError(type, 'empty_reference', 'The reference data has no rows.');
  }
  // Prediction drift has no `features` field: all common columns.
  const ctx: FeatureContext = type === 'prediction_drift' ? { ...config, features: undefined } : config;
  const selection = selectFeatures(ctx);
  if (!selection.ok) return { ok: false, signal_type: type, error: selection.error };
  const mode = options.metrics ?? 'first';
  const numericalMetrics = driftMetricsFor('numerical', config.metric_thresholds, mode);
  const categoricalMetrics = driftMetricsFor('categorical', config.metric_thresholds, mode);

  const rows: SignalMetricRow[] = [];
  const histograms: FeatureHistogram[] = [];
  const counts: FeatureCounts[] = [];
  for (const f of selection.features) {
    const refCol = getColumn(config.reference, f.name);
    const prodCol = getColumn(config.production, f.name);
    if (!refCol || !prodCol) continue; // selection guarantees both
    const spec = valueSpec(refCol, f.type);
    const allNull = (side: string) =>
      signalError(
        type,
        'all_null_feature',
        `Feature '${f.name}' has no usable values in the ${side} data (all null or of the wrong type).`,
        f.name,
      );
    if (f.type === 'numerical') {
      const ref = numericalValues(refCol, spec);
      const prod = numericalValues(prodCol, spec);
      if (ref.values.length === 0) return allNull('reference');
      if (prod.values.length === 0) return allNull('production');
      const prep = prepareNumerical(ref.values, prod.values);
      for (const m of numericalMetrics)
        rows.push(row(f.name, f.type, m, m.info.computeNumerical?.(prep) ?? NaN));
      histograms.push(numericalHistogram(f.name, prep));
      counts.push({
        name: f.name,
        type: f.type,
        reference_values: prep.refSorted.length,
        production_values: prep.prodSorted.length,
        production_nulls: prod.nulls,
        production_type_errors: prod.typeErrors,
      });
    } else {
      const ref = categoricalValues(refCol, spec);
      const prod = categoricalValues(prodCol, spec);
      if (ref.keys.length === 0) return allNull('reference');
      if (prod.keys.length === 0) return allNull('production');
      const prep = prepareCategorical(ref.keys, ref.counts, prod.keys, prod.counts);
      for (const m of categoricalMetrics)
        rows.push(row(f.name, f.type, m, m.info.computeCategorical?.(prep) ?? NaN));
      histograms.push(categoricalHistogram(f.name, prep));
      let nRef = 0;
      let nProd = 0;
      for (const c of ref.counts) nRef += c;
      for (const c of prod.counts) nProd += c;
      counts.push({
        name: f.name,
        type: f.type,
        reference_values: nRef,
        production_values: nProd,
        production_nulls: prod.nulls,
        production_type_errors: prod.typeErrors,
      });
    }
  }
  return {
    ok: true,
    signal_type: type,
    rows,
    row_counts: { reference: config.reference.rowCount, production: config.production.rowCount },
    features: counts,
    histograms,
    breached: rows.some((r) => r.breached),
  };
}
