/**
 * Builds the result files of one run in Azure ML's output format (FACTS §7.2–7.4): `manifest.json`,
 * `signals/<signal>.json` and `signals/<signal>/<feature>.histogram.json`. Pure: data in, documents out.
 *
 * Choices where Azure is not a model to copy: values are JSON numbers (Azure's generic outputter writes
 * strings like "17.0" and "NaN"); NaN/±Infinity and absent thresholds are omitted or null because JSON has no
 * NaN; `runId`s point at this project's run, not at per-metric MLflow runs; only Completed signals get a
 * file and a manifest entry (Azure's failed signal steps write nothing either).
 */
import type { ResultFile } from '../ports.js';
import type {
  EvaluationResult,
  FeatureHistogram,
  HistogramBucket,
  MetricRow,
  SignalResult,
} from './result.js';

export const OUTPUT_VERSION = '1.0.0';

const SIGNAL_TYPES: Readonly<Record<string, string>> = {
  data_drift: 'DataDrift',
  prediction_drift: 'PredictionDrift',
  data_quality: 'DataQuality',
  feature_attribution_drift: 'FeatureAttributionDrift',
  model_performance: 'ModelPerformance',
  custom: 'Custom',
  generation_safety_quality: 'GenerationSafetyQuality',
  generation_token_statistics: 'GenerationTokenStatistics',
};

/** Azure's PascalCase signalType for a YAML `type` (PascalCase input is accepted as is). */
export function azureSignalType(type: string): string {
  return SIGNAL_TYPES[type.toLowerCase()] ?? type;
}

/** Signal types written with the per-feature shape of §7.2; everything else uses the generic outputter. */
const FEATURE_SHAPED = new Set(['DataDrift', 'PredictionDrift', 'DataQuality', 'FeatureAttributionDrift']);

/** Keeps a signal or feature name one path segment long ("/" would create folders). */
export function pathSegment(name: string): string {
  return name.replace(/%/g, '%25').replace(/\//g, '%2F').replace(/\\/g, '%5C');
}

export function signalFilePath(signal: string): string {
  return `signals/${pathSegment(signal)}.json`;
}

export function histogramFilePath(signal: string, feature: string): string {
  return `signals/${pathSegment(signal)}/${pathSegment(feature)}.histogram.json`;
}

const finite = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

const round2 = (v: number): number => Math.round(v * 100) / 100;

const ROW_COUNT = 'RowCount';
const NDCG = 'NormalizedDiscountedCumulativeGain';

function countOf(counts: Readonly<Record<string, number>>, keys: readonly string[]): number | undefined {
  for (const k of keys) {
    const v = counts[k];
    if (v !== undefined) return v;
  }
  return undefined;
}

function rowCountOf(signal: SignalResult): { baselineCount: number; targetCount: number } | undefined {
  let baseline = countOf(signal.rowCounts, ['baseline', 'reference', 'reference_data', 'baseline_data']);
  let target = countOf(signal.rowCounts, ['target', 'production', 'production_data', 'target_data']);
  for (const m of signal.metrics) {
    if (m.metric_name !== ROW_COUNT || m.metric_value === null) continue;
    const g = m.group.toLowerCase();
    if (baseline === undefined && (g.startsWith('baseline') || g.startsWith('reference')))
      baseline = m.metric_value;
    if (target === undefined && (g.startsWith('target') || g.startsWith('production')))
      target = m.metric_value;
  }
  if (baseline === undefined && target === undefined) return undefined;
  return { baselineCount: baseline ?? 0, targetCount: target ?? 0 };
}

function featureMetric(row: MetricRow, dataQuality: boolean): Record<string, unknown> {
  const threshold = finite(row.threshold_value);
  if (dataQuality) {
    return {
      metricName: row.metric_name,
      targetValue: finite(row.metric_value),
      baselineValue: finite(row.baseline_value ?? null),
      ...(threshold === null ? {} : { threshold }),
    };
  }
  return {
    metricName: row.metric_name,
    metricValue: finite(row.metric_value),
    ...(threshold === null ? {} : { threshold }),
  };
}

/** §7.2: drift, data quality and feature attribution drift. */
export function buildFeatureSignalDocument(name: string, signal: SignalResult, runId: string): unknown {
  const signalType = azureSignalType(signal.type);
  const dataQuality = signalType === 'DataQuality';
  const withHistogram = new Set((signal.histograms ?? []).map((h) => h.featureName));
  const features: Record<
    string,
    { dataType: string; histogram?: string; metrics: unknown[]; runMetrics: unknown[] }
  > = {};
  const metrics: Record<string, unknown> = {};
  const rowCount = rowCountOf(signal);
  if (rowCount) metrics.rowCount = rowCount;
  for (const row of signal.metrics) {
    if (row.metric_name === ROW_COUNT) continue;
    if (row.metric_name === NDCG && row.group === '') {
      const threshold = finite(row.threshold_value);
      metrics[NDCG] = {
        metricValue: finite(row.metric_value),
        runId,
        metricName: NDCG,
        runMetricName: 'value',
        ...(threshold === null ? {} : { threshold }),
      };
      continue;
    }
    if (row.group === '') continue;
    let feature = features[row.group];
    if (!feature) {
      feature = {
        dataType: row.data_type,
        ...(withHistogram.has(row.group) ? { histogram: histogramFilePath(name, row.group) } : {}),
        metrics: [],
        runMetrics: [],
      };
      features[row.group] = feature;
    }
    if (feature.dataType === '' && row.data_type !== '') feature.dataType = row.data_type;
    feature.metrics.push(featureMetric(row, dataQuality));
    feature.runMetrics.push({ runId, metricName: row.metric_name, runMetricName: 'value' });
  }
  metrics.features = features;
  return { signalName: name, signalType, version: OUTPUT_VERSION, metrics };
}

interface GenericEntry {
  value?: number | null;
  threshold?: number | null;
  timeseries?: { runId: string; metricNames: { value: string; threshold: string } };
  groups?: Record<string, GenericEntry>;
}

/** §7.3: model performance, custom, GSQ and any other signal. A duplicate (metric, group path) is skipped. */
export function buildGenericSignalDocument(name: string, signal: SignalResult, runId: string): unknown {
  const metrics: Record<string, GenericEntry> = {};
  const timeseries = { runId, metricNames: { value: 'value', threshold: 'threshold' } };
  const seen = new Set<string>();
  for (const row of signal.metrics) {
    const dim = row.group_dimension ?? '';
    const hasDim = dim !== '' && dim.toLowerCase() !== 'aggregate';
    const key = JSON.stringify([row.metric_name, row.group, hasDim ? dim : '']);
    if (seen.has(key)) continue;
    seen.add(key);
    const root = (metrics[row.metric_name] ??= {});
    let target: GenericEntry = root;
    if (row.group !== '') {
      root.groups ??= {};
      target = root.groups[row.group] ??= {};
      if (hasDim) {
        target.groups ??= {};
        target = target.groups[dim] ??= {};
      }
    }
    target.value = finite(row.metric_value);
    target.threshold = finite(row.threshold_value);
    target.timeseries = timeseries;
  }
  return { signalName: name, signalType: azureSignalType(signal.type), version: OUTPUT_VERSION, metrics };
}

export function buildSignalDocument(name: string, signal: SignalResult, runId: string): unknown {
  return FEATURE_SHAPED.has(azureSignalType(signal.type))
    ? buildFeatureSignalDocument(name, signal, runId)
    : buildGenericSignalDocument(name, signal, runId);
}

function bucketJson(b: HistogramBucket): Record<string, unknown> {
  if ('category' in b)
    return { baselineCount: b.baselineCount, category: b.category, targetCount: b.targetCount };
  return {
    baselineCount: b.baselineCount,
    lowerBound: round2(b.lowerBound),
    upperBound: round2(b.upperBound),
    targetCount: b.targetCount,
  };
}

export function buildHistogramDocument(h: FeatureHistogram): unknown {
  return { featureName: h.featureName, histogram: h.histogram.map(bucketJson) };
}

/** Every file of a run: the manifest, one document per Completed signal, one histogram per feature. */
export function buildResultFiles(result: EvaluationResult, runId: string): ResultFile[] {
  const files: ResultFile[] = [];
  const metricsFiles: Record<string, string> = {};
  for (const [name, signal] of Object.entries(result.signals)) {
    if (signal.status !== 'Completed') continue;
    const path = signalFilePath(name);
    metricsFiles[name] = path;
    files.push({ path, content: buildSignalDocument(name, signal, runId) });
    if (!FEATURE_SHAPED.has(azureSignalType(signal.type))) continue;
    for (const h of signal.histograms ?? []) {
      files.push({ path: histogramFilePath(name, h.featureName), content: buildHistogramDocument(h) });
    }
  }
  files.unshift({ path: 'manifest.json', content: { version: OUTPUT_VERSION, metricsFiles } });
  return files;
}
