/**
 * Seeds monitors and their run history through the real store ports (catalog, run records, metric rows and
 * result blobs in Azure's format), as scheduled runs would leave them. Deterministic: values come from a
 * seeded generator and a few features are made to breach in the latest run on purpose, so tests can name them.
 */
import type { MetricStore, MonitorCatalog, ResultStore, RunStore } from '../../src/core/ports.js';
import {
  finishedRun,
  metricPointsOf,
  queuedRun,
  runIdFor,
  type RunRecord,
} from '../../src/core/runs/records.js';
import { buildResultFiles } from '../../src/core/runs/outputs.js';
import type {
  EvaluationResult,
  FeatureHistogram,
  MetricRow,
  SignalResult,
} from '../../src/core/runs/result.js';
import { runStatusOf } from '../../src/core/runs/result.js';

export interface SeedStores {
  readonly catalog: MonitorCatalog;
  readonly runs: RunStore;
  readonly metrics: MetricStore;
  readonly results: ResultStore;
}

export interface SeedOptions {
  readonly monitors: number;
  readonly runs: number;
  readonly features: number;
  /** Result files (signal documents, histograms) only for the newest N runs; all by default. */
  readonly filesForLastRuns?: number;
  /** Features the data quality signal reports on (the first N); all by default. */
  readonly qualityFeatures?: number;
  /** First run day (UTC midnight); runs are daily at 10:15Z = 03:15 in Los Angeles while it is on PDT (summer). */
  readonly start?: string;
}

export const SIGNALS = {
  drift: 'feature_drift',
  quality: 'data_quality_check',
  performance: 'model_perf',
  custom: 'custom_std',
} as const;

/** The first features have names the tests assert on; the rest are generated. */
const NAMED = ['AGE', 'EDUCATION', 'LIMIT_BAL', 'SEX', 'INCOME', 'MARRIAGE'] as const;
const CATEGORICAL = new Set(['EDUCATION', 'SEX', 'MARRIAGE']);
/** In the latest run: drift breaches on these; data quality breaches on INCOME's null rate. */
export const BREACHED_DRIFT = ['AGE', 'EDUCATION'] as const;
export const BREACHED_QUALITY = { feature: 'INCOME', metric: 'NullValueRate' } as const;
export const DRIFT_THRESHOLD = 0.1;
export const ACCURACY_THRESHOLD = 0.9;

export const featureNames = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => NAMED[i] ?? `f${String(i).padStart(3, '0')}`);
export const isCategorical = (f: string): boolean => CATEGORICAL.has(f) || /[13579]$/.test(f);

export const monitorName = (i: number): string =>
  i === 0 ? 'credit-default-monitor' : `monitor-${String(i).padStart(3, '0')}`;

export function monitorYaml(name: string, endpoint: string): string {
  return `name: ${name}
display_name: ${name} (seeded)
trigger:
  type: recurrence
  frequency: day
  interval: 1
  schedule:
    hours: 3
    minutes: 15
  time_zone: Pacific Standard Time
create_monitor:
  compute:
    instance_type: standard_e4s_v3
    runtime_version: "3.4"
  monitoring_target:
    ml_task: classification
    endpoint_deployment_id: azureml:${endpoint}:main
  monitoring_signals:
    ${SIGNALS.drift}:
      type: data_drift
      reference_data:
        input_data:
          path: azureml:credit-reference:1
          type: mltable
        data_context: training
      features: all_features
      alert_enabled: true
      metric_thresholds:
        numerical:
          jensen_shannon_distance: ${DRIFT_THRESHOLD}
        categorical:
          jensen_shannon_distance: ${DRIFT_THRESHOLD}
    ${SIGNALS.quality}:
      type: data_quality
      reference_data:
        input_data:
          path: azureml:credit-reference:1
          type: mltable
        data_context: training
      features: all_features
      alert_enabled: true
      metric_thresholds:
        numerical:
          null_value_rate: 0.05
          data_type_error_rate: 0.02
          out_of_bounds_rate: 0.03
        categorical:
          null_value_rate: 0.05
          data_type_error_rate: 0.02
          out_of_bounds_rate: 0.03
    ${SIGNALS.performance}:
      type: model_performance
      production_data:
        input_data:
          path: azureml:credit-production:1
          type: mltable
        data_context: model_outputs
        data_column_names:
          prediction: pred
          correlation_id: correlationid
      reference_data:
        input_data:
          path: azureml:credit-ground-truth:1
          type: mltable
        data_context: ground_truth
        data_column_names:
          actual: label
          correlation_id: correlationid
      metric_thresholds:
        classification:
          accuracy: ${ACCURACY_THRESHOLD}
          precision: 0.8
    ${SIGNALS.custom}:
      type: custom
      component_id: azureml:my_custom_signal:1.0.0
      input_data:
        production_data:
          input_data:
            type: mltable
            path: azureml:credit-production:1
          data_context: model_inputs
      metric_thresholds:
        - metric_name: std_dev
          threshold: 2
`;
}

/** mulberry32: small, seeded, good enough for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const row = (
  group: string,
  metric: string,
  value: number,
  threshold: number,
  breached: boolean,
  dataType: MetricRow['data_type'],
  extra: Partial<MetricRow> = {},
): MetricRow => ({
  group,
  metric_name: metric,
  metric_value: value,
  threshold_value: threshold,
  breached,
  data_type: dataType,
  ...extra,
});

function histogramOf(feature: string, rand: () => number, shift: number): FeatureHistogram {
  if (isCategorical(feature)) {
    const cats =
      feature === 'EDUCATION' ? ['graduate', 'university', 'high school', 'others'] : ['a', 'b', 'c'];
    return {
      featureName: feature,
      dataType: 'Categorical',
      histogram: cats.map((category, i) => ({
        category,
        baselineCount: 400 - i * 80,
        targetCount: Math.round((100 - i * 15) * (1 + shift * (i % 2 === 0 ? -1 : 1)) + rand() * 10),
      })),
    };
  }
  return {
    featureName: feature,
    dataType: 'Numerical',
    histogram: Array.from({ length: 10 }, (_, i) => ({
      lowerBound: 20 + i * 5,
      upperBound: 25 + i * 5,
      baselineCount: Math.round(200 * Math.exp(-((i - 4.5) ** 2) / 8)),
      targetCount: Math.round(50 * Math.exp(-((i - 4.5 - shift * 10) ** 2) / 8) + rand() * 3),
    })),
  };
}

/** One run's evaluation: `k` counts runs from the first (0) to the latest (`last`). */
export function seededResult(
  monitor: string,
  runTime: string,
  k: number,
  last: number,
  features: readonly string[],
  withHistograms: boolean,
  qualityFeatures = features.length,
): EvaluationResult {
  const rand = rng(k * 7919 + monitor.length * 104729 + 1);
  const latest = k === last;
  const driftRows: MetricRow[] = [];
  const histograms: FeatureHistogram[] = [];
  for (const f of features) {
    const cat = isCategorical(f);
    let v = 0.01 + rand() * 0.06;
    if (f === 'AGE') v = 0.02 + (0.1 * k) / Math.max(1, last) + (latest ? 0.02 : 0); // a trend that ends breached
    if (f === 'EDUCATION' && latest) v = 0.1534;
    const breached = v > DRIFT_THRESHOLD;
    driftRows.push(
      row(f, 'JensenShannonDistance', v, DRIFT_THRESHOLD, breached, cat ? 'Categorical' : 'Numerical'),
    );
    if (withHistograms) histograms.push(histogramOf(f, rand, v));
  }
  const qualityRows: MetricRow[] = [];
  const configured = { NullValueRate: 0.05, DataTypeErrorRate: 0.02, OutOfBoundsRate: 0.03 } as const;
  for (const f of features.slice(0, qualityFeatures)) {
    for (const [metric, add] of Object.entries(configured)) {
      const baseline = Math.round(rand() * 200) / 10000;
      let value = baseline + rand() * add * 0.5;
      if (latest && f === BREACHED_QUALITY.feature && metric === BREACHED_QUALITY.metric) value = 0.2;
      const threshold = baseline + add;
      qualityRows.push(
        row(f, metric, value, threshold, value > threshold, isCategorical(f) ? 'Categorical' : 'Numerical', {
          baseline_value: baseline,
        }),
      );
    }
  }
  const accuracy = 0.95 - (0.07 * k) / Math.max(1, last);
  const precision = 0.88 - rand() * 0.05;
  const std = 1.2 + rand();
  const signal = (type: string, metrics: MetricRow[], extra: Partial<SignalResult> = {}): SignalResult => ({
    type,
    status: 'Completed',
    breached: metrics.some((m) => m.breached),
    alertEnabled: true,
    rowCounts: { baseline: 5000, target: 1200 + Math.round(rand() * 100) },
    metrics,
    ...extra,
  });
  const signals: Record<string, SignalResult> = {
    [SIGNALS.drift]: signal('data_drift', driftRows, { histograms }),
    [SIGNALS.quality]: signal('data_quality', qualityRows),
    [SIGNALS.performance]: signal('model_performance', [
      row('', 'Accuracy', accuracy, ACCURACY_THRESHOLD, accuracy < ACCURACY_THRESHOLD, ''),
      row('', 'Precision', precision, 0.8, precision < 0.8, ''),
    ]),
    [SIGNALS.custom]: signal('custom', [row('', 'std_dev', std, 2, std > 2, '')]),
  };
  return { monitor, runTime, status: runStatusOf(signals), signals };
}

export interface SeededMonitor {
  readonly name: string;
  readonly runIds: readonly string[];
  readonly latest: RunRecord;
}

const DAY = 86_400_000;

/** Seeds `monitors` monitors with `runs` daily runs each; returns what was written, newest run last. */
export async function seedDashboard(stores: SeedStores, opts: SeedOptions): Promise<SeededMonitor[]> {
  const start = Date.parse(opts.start ?? '2026-08-01T00:00:00Z') + 10 * 3_600_000 + 15 * 60_000;
  const features = featureNames(opts.features);
  const filesFrom = opts.runs - (opts.filesForLastRuns ?? opts.runs);
  const out: SeededMonitor[] = [];
  for (let m = 0; m < opts.monitors; m++) {
    const name = monitorName(m);
    const created = new Date(start - DAY).toISOString();
    const c = await stores.catalog.create(
      name,
      monitorYaml(name, m === 0 ? 'credit-default' : `endpoint-${m}`),
      created,
    );
    if (!c.ok) throw new Error(`seed: monitor ${name} exists`);
    const runIds: string[] = [];
    let latest: RunRecord | undefined;
    for (let k = 0; k < opts.runs; k++) {
      const time = new Date(start + k * DAY).toISOString();
      const runId = runIdFor(name, time);
      const result = seededResult(
        name,
        time,
        k,
        opts.runs - 1,
        features,
        k >= filesFrom,
        opts.qualityFeatures,
      );
      const finished = new Date(Date.parse(time) + 95_000).toISOString();
      const run = finishedRun({ ...queuedRun(name, time, time), status: 'Running' }, result, time, finished);
      await stores.runs.put(run);
      await stores.metrics.upsert(metricPointsOf(result, runId));
      if (k >= filesFrom) await stores.results.write(name, runId, buildResultFiles(result, runId));
      runIds.push(runId);
      latest = run;
    }
    if (latest) {
      await stores.catalog.setRunState(name, {
        lastRun: { runId: latest.runId, status: latest.status, time: latest.scheduledTime },
        nextFireTime: new Date(Date.parse(latest.scheduledTime) + DAY).toISOString(),
      });
      out.push({ name, runIds, latest });
    }
  }
  return out;
}
