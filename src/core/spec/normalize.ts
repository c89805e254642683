/**
 * Validated raw YAML → `MonitorSpec`: smart defaults (AZUREML-MONITORING-FACTS §3, §3.8), data windows from
 * the trigger (§9), collector inputs for deployments, and the cross-field checks zod cannot express.
 */
import { formatDuration, parseDuration, scaleDuration, type IsoDuration } from '../schedule/duration.js';
import { parseTriggerTime } from '../schedule/next-runs.js';
import { resolveTimeZone } from '../schedule/timezone.js';
import type { Trigger } from '../schedule/trigger.js';
import type { PathSegment, SpecWarningKind } from './issues.js';
import {
  CLASSIFICATION_METRICS,
  DATA_QUALITY_METRICS,
  DRIFT_CATEGORICAL_METRICS,
  DRIFT_NUMERICAL_METRICS,
  REGRESSION_METRICS,
  REGRESSION_SHORT_TO_LONG,
  type DataQualityMetric,
  type DriftCategoricalMetric,
  type DriftNumericalMetric,
} from './metrics.js';
import type { RawMonitorSchedule, RawProductionInput, RawReferenceInput, RawSignal } from './schema.js';
import type {
  CollectorSource,
  DataInput,
  DriftThresholds,
  FeatureSelection,
  MetricThreshold,
  MonitorSignal,
  MonitorSpec,
  WindowSpec,
} from './types.js';

export interface Finding {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export interface NormalizeResult {
  readonly spec: MonitorSpec | undefined;
  readonly problems: readonly Finding[];
  readonly warnings: readonly (Finding & { readonly kind: SpecWarningKind })[];
}

/** Smart defaults (SDK `_get_default_thresholds`). */
export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = {
  numerical: { metric: 'normalized_wasserstein_distance', threshold: 0.1 },
  categorical: { metric: 'jensen_shannon_distance', threshold: 0.1 },
};
export const DEFAULT_DATA_QUALITY_THRESHOLD = 0;

const SIGNALS: readonly PathSegment[] = ['create_monitor', 'monitoring_signals'];

/** W: minute/hour → P1D, day → P{i}D, week → P{7i}D, month → P{30i}D, cron → P7D (DESIGN §5). */
export function defaultWindowSize(trigger: Trigger): IsoDuration {
  const days = (n: number): IsoDuration => ({
    years: 0,
    months: 0,
    weeks: 0,
    days: n,
    hours: 0,
    minutes: 0,
    seconds: 0,
  });
  if (trigger.type === 'cron') return days(7);
  switch (trigger.frequency) {
    case 'minute':
    case 'hour':
      return days(1);
    case 'day':
      return days(trigger.interval);
    case 'week':
      return days(7 * trigger.interval);
    case 'month':
      return days(30 * trigger.interval);
  }
}

/** `azureml:<endpoint>:<deployment>` or `.../onlineEndpoints/<e>/deployments/<d>`. */
export function parseEndpointDeploymentId(id: string): { endpoint: string; deployment: string } | undefined {
  const arm = /onlineEndpoints\/([^/]+)\/deployments\/([^/]+)\/?$/i.exec(id);
  if (arm?.[1] !== undefined && arm[2] !== undefined) return { endpoint: arm[1], deployment: arm[2] };
  const short = /^azureml:([^:/]+):([^:/]+)$/.exec(id);
  if (short?.[1] !== undefined && short[2] !== undefined) return { endpoint: short[1], deployment: short[2] };
  return undefined;
}

export function normalizeMonitor(raw: RawMonitorSchedule): NormalizeResult {
  const problems: Finding[] = [];
  const warnings: (Finding & { kind: SpecWarningKind })[] = [];
  const problem = (path: readonly PathSegment[], message: string): void => {
    problems.push({ path, message });
  };
  const warn = (path: readonly PathSegment[], message: string, kind: SpecWarningKind = 'note'): void => {
    warnings.push({ path, message, kind });
  };

  const trigger = normalizeTrigger(raw.trigger);
  const start =
    trigger.startTime === undefined ? undefined : parseTriggerTime(trigger.startTime, trigger.timeZone);
  const end = trigger.endTime === undefined ? undefined : parseTriggerTime(trigger.endTime, trigger.timeZone);
  if (start !== undefined && end !== undefined && end <= start) {
    problem(['trigger', 'end_time'], `expected a time after start_time (${trigger.startTime ?? ''})`);
  }
  const w = defaultWindowSize(trigger);
  const W = formatDuration(w);
  const W2 = formatDuration(scaleDuration(w, 2));

  const monitor = raw.create_monitor;
  const targetRaw = monitor.monitoring_target ?? {};
  if (targetRaw.endpoint_deployment_id !== undefined && targetRaw.model_id !== undefined) {
    problem(
      ['create_monitor', 'monitoring_target', 'model_id'],
      'expected either endpoint_deployment_id or model_id, not both',
    );
  }
  const deploymentId = targetRaw.endpoint_deployment_id;
  const parsedDeployment = deploymentId === undefined ? undefined : parseEndpointDeploymentId(deploymentId);
  let warnedDeployment = false;

  /** The deployment's collector data, for inputs the YAML leaves out. */
  const collectorInput = (
    collection: CollectorSource['collection'],
    window: WindowSpec,
    path: readonly PathSegment[],
    what: string,
  ): DataInput | undefined => {
    if (deploymentId === undefined) {
      problem(
        path,
        `missing required field; expected ${what} (or create_monitor.monitoring_target.endpoint_deployment_id to use the deployment's collected ${collection})`,
      );
      return undefined;
    }
    if (parsedDeployment === undefined) {
      if (!warnedDeployment) {
        warn(
          ['create_monitor', 'monitoring_target', 'endpoint_deployment_id'],
          `'${deploymentId}' is not azureml:<endpoint>:<deployment>; inputs defaulted to the deployment's collected data cannot be located`,
        );
        warnedDeployment = true;
      }
      return {
        type: 'uri_folder',
        path: `azureml:${deploymentId}-${collection}`,
        dataContext: collection,
        window,
        columns: {},
      };
    }
    const { endpoint, deployment } = parsedDeployment;
    return {
      type: 'uri_folder',
      path: `azureml:${endpoint}-${deployment}-${collection}`,
      dataContext: collection,
      window,
      columns: {},
      collector: { endpoint, deployment, collection },
    };
  };

  const productionWindow = (input: RawProductionInput): WindowSpec => {
    const dw = input.data_window;
    const size = dw?.lookback_window_size;
    return {
      kind: 'trailing',
      size: size === undefined || size === 'default' ? W : canonical(size),
      offset: dw?.lookback_window_offset === undefined ? 'P0D' : canonical(dw.lookback_window_offset),
    };
  };
  const referenceWindow = (input: RawReferenceInput): WindowSpec => {
    const dw = input.data_window;
    if (dw === undefined) return { kind: 'whole' };
    if (dw.window_start !== undefined && dw.window_end !== undefined) {
      return { kind: 'static', start: dw.window_start, end: dw.window_end };
    }
    if (dw.lookback_window_size === undefined || dw.lookback_window_size === 'default') {
      // "default": the window just before production (size 2W, offset W).
      return {
        kind: 'trailing',
        size: W2,
        offset: dw.lookback_window_offset === undefined ? W : canonical(dw.lookback_window_offset),
      };
    }
    return {
      kind: 'trailing',
      size: canonical(dw.lookback_window_size),
      offset: dw.lookback_window_offset === undefined ? 'P0D' : canonical(dw.lookback_window_offset),
    };
  };
  const input = (i: RawProductionInput | RawReferenceInput, window: WindowSpec): DataInput => {
    const columns: Record<string, string> = { ...(i.data_column_names ?? {}) };
    if ('target_column_name' in i && i.target_column_name !== undefined && !('target_column' in columns)) {
      columns.target_column = i.target_column_name;
    }
    return {
      type: i.input_data.type,
      path: i.input_data.path,
      ...(i.data_context === undefined ? {} : { dataContext: i.data_context }),
      window,
      columns,
      ...(i.pre_processing_component === undefined
        ? {}
        : { preProcessingComponent: i.pre_processing_component }),
    };
  };
  const pastProduction: WindowSpec = { kind: 'trailing', size: W2, offset: W };

  const production = (
    p: RawProductionInput | undefined,
    path: readonly PathSegment[],
    collection: CollectorSource['collection'],
  ): DataInput | undefined =>
    p === undefined
      ? collectorInput(collection, { kind: 'trailing', size: W, offset: 'P0D' }, path, 'production_data')
      : input(p, productionWindow(p));
  const reference = (
    r: RawReferenceInput | undefined,
    path: readonly PathSegment[],
    collection: CollectorSource['collection'],
  ): DataInput | undefined =>
    r === undefined
      ? collectorInput(collection, pastProduction, path, 'reference_data')
      : input(r, referenceWindow(r));

  const signals: MonitorSignal[] = [];
  const rawSignals = monitor.monitoring_signals;
  const outOfBox = rawSignals === undefined;
  if (rawSignals === undefined) {
    if (deploymentId === undefined) {
      problem(
        ['create_monitor', 'monitoring_target', 'endpoint_deployment_id'],
        'missing required field; an out-of-box monitor (no monitoring_signals) needs the deployment whose collected data it monitors, e.g. azureml:<endpoint>:<deployment>',
      );
    } else if (targetRaw.ml_task === 'question_answering') {
      const reason = 'generation_token_statistics signals are not supported by Model Monitor';
      warn(
        ['create_monitor', 'monitoring_target', 'ml_task'],
        `out-of-box question_answering monitor: its token-usage-signal is skipped (${reason})`,
        'unsupported-signal',
      );
      signals.push({
        type: 'generation_token_statistics',
        name: 'token-usage-signal',
        alertEnabled: true,
        properties: {},
        skipped: { reason },
        raw: {},
      });
    } else {
      const base = ['create_monitor', 'monitoring_signals'];
      const inputs = collectorInput(
        'model_inputs',
        { kind: 'trailing', size: W, offset: 'P0D' },
        base,
        'monitoring_signals',
      );
      const outputs = collectorInput(
        'model_outputs',
        { kind: 'trailing', size: W, offset: 'P0D' },
        base,
        'monitoring_signals',
      );
      const pastInputs = inputs && { ...inputs, window: pastProduction };
      const pastOutputs = outputs && { ...outputs, window: pastProduction };
      if (inputs && outputs && pastInputs && pastOutputs) {
        const common = { alertEnabled: true, properties: {} };
        signals.push(
          {
            ...common,
            type: 'data_drift',
            name: 'data-drift-signal',
            production: inputs,
            reference: pastInputs,
            features: { kind: 'all' },
            featureTypeOverride: {},
            thresholds: DEFAULT_DRIFT_THRESHOLDS,
          },
          {
            ...common,
            type: 'prediction_drift',
            name: 'prediction-drift-signal',
            production: outputs,
            reference: pastOutputs,
            thresholds: DEFAULT_DRIFT_THRESHOLDS,
          },
          {
            ...common,
            type: 'data_quality',
            name: 'data-quality-signal',
            production: inputs,
            reference: pastInputs,
            features: { kind: 'all' },
            featureTypeOverride: {},
            thresholds: defaultDataQuality(),
          },
        );
      }
    }
  }

  for (const [name, s] of Object.entries(rawSignals ?? {})) {
    const base = [...SIGNALS, name];
    const alertEnabled =
      'alert_enabled' in s && typeof s.alert_enabled === 'boolean' ? s.alert_enabled : true;
    const properties = 'properties' in s && isStringMap(s.properties) ? s.properties : {};
    const common = { name, alertEnabled, properties };
    const sig = normalizeSignal(s);
    if (sig) signals.push(sig);

    function normalizeSignal(s: RawSignal): MonitorSignal | undefined {
      switch (s.type) {
        case 'data_drift':
        case 'prediction_drift': {
          const collection = s.type === 'data_drift' ? 'model_inputs' : 'model_outputs';
          const p = production(s.production_data, [...base, 'production_data'], collection);
          const r = reference(s.reference_data, [...base, 'reference_data'], collection);
          const thresholds = driftThresholds(s.metric_thresholds, [...base, 'metric_thresholds'], warn);
          if (!p || !r) return undefined;
          if (s.type === 'prediction_drift')
            return { ...common, type: s.type, production: p, reference: r, thresholds };
          return {
            ...common,
            type: s.type,
            production: p,
            reference: r,
            features: features(s.features),
            featureTypeOverride: s.feature_type_override ?? {},
            ...(s.data_segment === undefined
              ? {}
              : {
                  dataSegment: {
                    featureName: s.data_segment.feature_name,
                    featureValues: s.data_segment.feature_values,
                  },
                }),
            thresholds,
          };
        }
        case 'data_quality': {
          const p = production(s.production_data, [...base, 'production_data'], 'model_inputs');
          const r = reference(s.reference_data, [...base, 'reference_data'], 'model_inputs');
          if (!p || !r) return undefined;
          const mt = s.metric_thresholds;
          const pick = (
            m: Partial<Record<string, number | undefined>> | undefined,
          ): MetricThreshold<DataQualityMetric>[] =>
            m === undefined
              ? DATA_QUALITY_METRICS.map((metric) => ({ metric, threshold: DEFAULT_DATA_QUALITY_THRESHOLD }))
              : DATA_QUALITY_METRICS.flatMap((metric) =>
                  m[metric] === undefined ? [] : [{ metric, threshold: m[metric] }],
                );
          return {
            ...common,
            type: 'data_quality',
            production: p,
            reference: r,
            features: features(s.features),
            featureTypeOverride: s.feature_type_override ?? {},
            thresholds: { numerical: pick(mt?.numerical), categorical: pick(mt?.categorical) },
          };
        }
        case 'feature_attribution_drift': {
          const window: WindowSpec = { kind: 'trailing', size: W, offset: 'P0D' };
          let prod: DataInput[] = [];
          if (s.production_data === undefined) {
            const i = collectorInput('model_inputs', window, [...base, 'production_data'], 'production_data');
            const o = collectorInput(
              'model_outputs',
              window,
              [...base, 'production_data'],
              'production_data',
            );
            if (i && o) prod = [i, o];
          } else {
            prod = s.production_data.map((p) => input(p, productionWindow(p)));
          }
          const ref = input(s.reference_data, referenceWindow(s.reference_data));
          if (ref.columns.target_column === undefined) {
            warn(
              [...base, 'reference_data'],
              'no data_column_names.target_column: feature importance needs the target column; the signal will fail at evaluation',
            );
          }
          const t = s.metric_thresholds?.normalized_discounted_cumulative_gain;
          return {
            ...common,
            type: 'feature_attribution_drift',
            production: prod,
            reference: ref,
            ...(t === undefined ? {} : { threshold: t }),
          };
        }
        case 'model_performance': {
          const p = production(s.production_data, [...base, 'production_data'], 'model_outputs');
          if (!p) return undefined;
          const r = input(s.reference_data, referenceWindow(s.reference_data));
          const mt = s.metric_thresholds ?? {};
          const mtPath = [...base, 'metric_thresholds'];
          if (mt.classification !== undefined && mt.tabular_classification !== undefined) {
            problem(
              [...mtPath, 'tabular_classification'],
              'given twice; expected either classification or tabular_classification',
            );
          }
          const cls: Partial<Record<string, number | undefined>> =
            mt.classification ?? mt.tabular_classification ?? {};
          const reg: Partial<Record<string, number | undefined>> = mt.regression ?? {};
          for (const [short, long] of Object.entries(REGRESSION_SHORT_TO_LONG)) {
            if (reg[short] !== undefined && reg[long] !== undefined)
              problem([...mtPath, 'regression', short], `given twice; expected either ${short} or ${long}`);
          }
          return {
            ...common,
            type: 'model_performance',
            production: p,
            reference: r,
            ...(s.data_segment === undefined
              ? {}
              : {
                  dataSegment: {
                    featureName: s.data_segment.feature_name,
                    featureValues: s.data_segment.feature_values,
                  },
                }),
            thresholds: {
              classification: CLASSIFICATION_METRICS.flatMap((metric) =>
                cls[metric] === undefined ? [] : [{ metric, threshold: cls[metric] }],
              ),
              regression: REGRESSION_METRICS.flatMap((metric) => {
                const short =
                  Object.entries(REGRESSION_SHORT_TO_LONG).find(([, l]) => l === metric)?.[0] ?? '';
                const v = reg[metric] ?? reg[short];
                return v === undefined ? [] : [{ metric, threshold: v }];
              }),
            },
          };
        }
        case 'custom': {
          if (s.connection !== undefined && s.workspace_connection !== undefined) {
            problem(
              [...base, 'workspace_connection'],
              'given twice; expected either connection or workspace_connection',
            );
          }
          const conn = s.connection ?? s.workspace_connection;
          return {
            ...common,
            type: 'custom',
            componentId: s.component_id,
            inputs: Object.fromEntries(
              Object.entries(s.input_data ?? {}).map(([k, v]) => [k, input(v, referenceWindow(v))]),
            ),
            literalInputs: s.inputs ?? {},
            ...(conn === undefined
              ? {}
              : {
                  connection: {
                    environmentVariables: conn.environment_variables ?? {},
                    secretConfig: conn.secret_config ?? {},
                  },
                }),
            thresholds: s.metric_thresholds.map((t) => ({ metric: t.metric_name, threshold: t.threshold })),
          };
        }
        case 'generation_safety_quality':
        case 'generation_token_statistics': {
          const reason = `${s.type} signals are not supported by Model Monitor (generative AI metrics need an LLM judge); the signal is skipped`;
          warn([...base, 'type'], reason, 'unsupported-signal');
          return { ...common, type: s.type, skipped: { reason }, raw: s };
        }
      }
    }
  }

  const ed = parsedDeployment;
  const spec: MonitorSpec = {
    name: raw.name,
    ...(raw.display_name === undefined ? {} : { displayName: raw.display_name }),
    ...(raw.description === undefined ? {} : { description: raw.description }),
    tags: raw.tags ?? {},
    properties: raw.properties ?? {},
    trigger,
    defaultWindowSize: W,
    target: {
      ...(targetRaw.ml_task === undefined ? {} : { mlTask: targetRaw.ml_task }),
      ...(deploymentId === undefined ? {} : { endpointDeploymentId: deploymentId }),
      ...(ed === undefined ? {} : { endpoint: ed.endpoint, deployment: ed.deployment }),
      ...(targetRaw.model_id === undefined ? {} : { modelId: targetRaw.model_id }),
    },
    outOfBox,
    signals,
    ...(monitor.alert_notification === undefined ? {} : { alertNotification: monitor.alert_notification }),
  };
  return { spec: problems.length === 0 ? spec : undefined, problems, warnings };
}

function isStringMap(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}

function canonical(d: string): string {
  const parsed = parseDuration(d);
  return parsed === undefined ? d : formatDuration(parsed);
}

function defaultDataQuality(): {
  numerical: MetricThreshold<DataQualityMetric>[];
  categorical: MetricThreshold<DataQualityMetric>[];
} {
  const all = DATA_QUALITY_METRICS.map((metric) => ({ metric, threshold: DEFAULT_DATA_QUALITY_THRESHOLD }));
  return { numerical: all, categorical: all };
}

function features(f: unknown): FeatureSelection {
  if (Array.isArray(f)) return { kind: 'list', names: f.map(String) };
  if (typeof f === 'object' && f !== null && 'top_n_feature_importance' in f) {
    return {
      kind: 'top_n',
      n: Number(f.top_n_feature_importance),
    };
  }
  // Absent and `all_features` differ: absent means the top 10 by importance on a training reference.
  return f === undefined ? { kind: 'all', defaulted: true } : { kind: 'all' };
}

/** One metric per feature type, first set in Azure's order; a missing feature type gets the smart default. */
function driftThresholds(
  mt:
    | {
        numerical?: Partial<Record<string, number | undefined>> | undefined;
        categorical?: Partial<Record<string, number | undefined>> | undefined;
      }
    | undefined,
  path: readonly PathSegment[],
  warn: (path: readonly PathSegment[], message: string) => void,
): DriftThresholds {
  const choose = <M extends string>(
    given: Partial<Record<string, number | undefined>> | undefined,
    order: readonly M[],
    fallback: MetricThreshold<M>,
    key: string,
  ): MetricThreshold<M> => {
    if (given === undefined) return fallback;
    // Azure ML's SDK tests each threshold for truthiness, so a 0 counts as not set (the next metric is used).
    const zero = order.filter((m) => given[m] === 0);
    if (zero.length > 0)
      warn(
        [...path, key],
        `${zero.join(', ')}: a threshold of 0 counts as not set (as in Azure ML), so ${zero.length > 1 ? 'they are' : 'it is'} not used`,
      );
    const set = order.filter((m) => given[m] !== undefined && given[m] !== 0);
    const first = set[0];
    if (first === undefined) return fallback;
    if (set.length > 1) {
      warn(
        [...path, key],
        `one metric per feature type: ${first} is used, ${set.slice(1).join(', ')} ignored`,
      );
    }
    return { metric: first, threshold: given[first] ?? 0 };
  };
  return {
    numerical: choose<DriftNumericalMetric>(
      mt?.numerical,
      DRIFT_NUMERICAL_METRICS,
      DEFAULT_DRIFT_THRESHOLDS.numerical,
      'numerical',
    ),
    categorical: choose<DriftCategoricalMetric>(
      mt?.categorical,
      DRIFT_CATEGORICAL_METRICS,
      DEFAULT_DRIFT_THRESHOLDS.categorical,
      'categorical',
    ),
  };
}

function normalizeTrigger(t: RawMonitorSchedule['trigger']): Trigger {
  const timeZoneName = t.time_zone ?? 'UTC';
  const common = {
    ...(t.start_time === undefined ? {} : { startTime: t.start_time }),
    ...(t.end_time === undefined ? {} : { endTime: t.end_time }),
    timeZone: resolveTimeZone(timeZoneName) ?? 'UTC',
    timeZoneName,
  };
  if (t.type === 'cron') return { type: 'cron', expression: t.expression.trim(), ...common };
  const s = t.schedule;
  return {
    type: 'recurrence',
    frequency: t.frequency,
    interval: t.interval,
    ...(s === undefined
      ? {}
      : {
          schedule: {
            hours: [...new Set(s.hours)].sort((a, b) => a - b),
            minutes: [...new Set(s.minutes)].sort((a, b) => a - b),
            ...(s.week_days === undefined ? {} : { weekDays: s.week_days }),
            ...(s.month_days === undefined ? {} : { monthDays: s.month_days }),
          },
        }),
    ...common,
  };
}
