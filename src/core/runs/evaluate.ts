/**
 * Evaluates a validated monitor at one run time: cut each signal's data windows, load the inputs through an
 * injected loader (local files, blobs, collector folders: the adapters' business), compute the signal, and
 * gather everything into an EvaluationResult. A signal that cannot be computed is a `Failed` signal with its
 * reason; it never stops the others.
 */
import { computeImportances, type MlTask } from '../attribution/importance.js';
import { featureAttributionDrift } from '../attribution/signal.js';
import { innerJoin } from '../data/join.js';
import { getColumn, keyAt, takeRows, type Table } from '../data/table.js';
import { signalInputWindows, type ResolvedWindow } from '../schedule/index.js';
import {
  computeCustom,
  computeDataQuality,
  computeDrift,
  computeModelPerformance,
  type CustomModuleLoader,
  type FeatureSelection as SignalFeatureSelection,
  type SignalResult as ComputedSignal,
} from '../signals/index.js';
import type {
  DataInput,
  DataSegment,
  FeatureSelection,
  MonitorSignal,
  MonitorSpec,
  MetricThreshold,
} from '../spec/types.js';
import {
  runStatusOf,
  type EvaluationResult,
  type FeatureHistogram,
  type MetricRow,
  type SignalResult,
} from './result.js';

export interface LoadRequest {
  readonly monitor: MonitorSpec;
  readonly signal: MonitorSignal;
  /** `production`, `reference`, `production[0]`..., or a custom input's name. */
  readonly role: string;
  readonly input: DataInput;
  readonly window: ResolvedWindow;
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly table: Table;
      /** Columns that are not data (ingestion metadata such as the collector time). */
      readonly metadataColumns?: readonly string[];
      readonly notes?: readonly string[];
    }
  | { readonly ok: false; readonly error: string };

export interface EvaluateDeps {
  loadInput(request: LoadRequest): Promise<LoadResult>;
  loadCustomModule?: CustomModuleLoader;
}

class SignalFailure extends Error {}

const CORRELATION_KEYS = ['correlation_id', 'join_column'];

function correlationColumns(input: DataInput): string[] {
  return CORRELATION_KEYS.flatMap((k) => {
    const v = input.columns[k];
    return v === undefined ? [] : [v];
  });
}

function toSignalFeatures(f: FeatureSelection): SignalFeatureSelection | undefined {
  switch (f.kind) {
    case 'all':
      // Absent `features` is left to the signal's default (top 10 by importance on a training reference).
      return f.defaulted ? undefined : 'all_features';
    case 'list':
      return f.names;
    case 'top_n':
      return { top_n_feature_importance: f.n };
  }
}

function thresholdRecord<M extends string>(list: readonly MetricThreshold<M>[]): Record<string, number> {
  return Object.fromEntries(list.map((t) => [t.metric, t.threshold]));
}

/** `data_segment`: keep only rows whose segment feature has one of the listed values. */
function segment(table: Table, seg: DataSegment | undefined): Table {
  if (!seg) return table;
  const col = getColumn(table, seg.featureName);
  if (!col) throw new SignalFailure(`data_segment feature '${seg.featureName}' is not in the data`);
  const wanted = new Set(seg.featureValues.map(String));
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const k = keyAt(col, r);
    if (k !== null && wanted.has(k)) rows.push(r);
  }
  return takeRows(table, rows);
}

/**
 * Feature importances on the reference, when the selection needs them: `top_n_feature_importance`, or absent
 * `features` on a training reference with a target (Azure's default top 10). Not computed otherwise: training the
 * surrogate model is the costliest step of a signal.
 */
function importancesFor(
  features: FeatureSelection,
  reference: Table,
  target: string | undefined,
  isTraining: boolean,
  mlTask: MlTask | undefined,
  excludeColumns: readonly string[],
  notes: string[],
): ReadonlyMap<string, number> | undefined {
  const needed =
    features.kind === 'top_n' || (features.kind === 'all' && features.defaulted === true && isTraining);
  if (!needed) return undefined;
  if (target === undefined) {
    if (features.kind === 'top_n')
      throw new SignalFailure(
        'top_n_feature_importance needs reference_data.data_column_names.target_column (importances are computed against it)',
      );
    return undefined;
  }
  const imp = computeImportances(reference, target, {
    ...(mlTask ? { task: mlTask } : {}),
    excludeColumns: [...excludeColumns],
  });
  if (imp.ok) return imp.importances;
  if (features.kind === 'top_n') throw new SignalFailure(`feature importance: ${imp.reason}`);
  notes.push(`feature importance unavailable (${imp.reason}); using all features`);
  return undefined;
}

function finite(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

interface Loaded {
  readonly table: Table;
  readonly metadata: readonly string[];
  readonly window: ResolvedWindow;
}

function fromComputed(
  base: Pick<SignalResult, 'type' | 'alertEnabled'>,
  computed: ComputedSignal,
  extra: { window?: SignalResult['window']; notes: string[] },
): SignalResult {
  const common = {
    ...base,
    ...(extra.window ? { window: extra.window } : {}),
    ...(extra.notes.length > 0 ? { notes: extra.notes } : {}),
  };
  if (!computed.ok) {
    return {
      ...common,
      status: 'Failed',
      error: computed.error.message,
      breached: false,
      rowCounts: {},
      metrics: [],
    };
  }
  const metrics: MetricRow[] = computed.rows.map((r) => ({
    group: r.group,
    ...(r.group_dimension !== undefined ? { group_dimension: r.group_dimension } : {}),
    metric_name: r.metric_name,
    metric_value: finite(r.metric_value),
    threshold_value: finite(r.threshold_value),
    breached: r.breached,
    data_type: r.data_type,
    ...(r.baseline_value !== undefined ? { baseline_value: finite(r.baseline_value) } : {}),
  }));
  const rowCounts: Record<string, number> = {};
  for (const [k, v] of Object.entries(computed.row_counts)) if (typeof v === 'number') rowCounts[k] = v;
  const histograms: FeatureHistogram[] | undefined = computed.histograms?.map((h) => ({
    featureName: h.featureName,
    dataType: h.dataType,
    histogram: h.histogram,
  }));
  return {
    ...common,
    status: 'Completed',
    breached: computed.breached,
    rowCounts,
    metrics,
    ...(histograms ? { histograms } : {}),
  };
}

async function evaluateSignal(
  spec: MonitorSpec,
  signal: MonitorSignal,
  runTimeMs: number,
  deps: EvaluateDeps,
): Promise<SignalResult> {
  const base = { type: signal.type, alertEnabled: signal.alertEnabled };
  if (signal.skipped) {
    return {
      ...base,
      status: 'Skipped',
      breached: false,
      rowCounts: {},
      metrics: [],
      notes: [signal.skipped.reason],
    };
  }
  const notes: string[] = [];
  const loaded = new Map<string, Loaded>();
  let window: SignalResult['window'];
  try {
    for (const w of signalInputWindows(spec, signal.name, runTimeMs)) {
      const result = await deps.loadInput({
        monitor: spec,
        signal,
        role: w.role,
        input: w.input,
        window: w.window,
      });
      if (!result.ok) throw new SignalFailure(`${w.role} data (${w.input.path}): ${result.error}`);
      for (const n of result.notes ?? []) notes.push(`${w.role}: ${n}`);
      loaded.set(w.role, { table: result.table, metadata: result.metadataColumns ?? [], window: w.window });
      if (window === undefined && w.role.startsWith('production') && w.window.kind === 'range') {
        window = { start: w.window.start, end: w.window.end };
      }
    }
    const get = (role: string): Loaded => {
      const l = loaded.get(role);
      if (!l) throw new SignalFailure(`no ${role} input`);
      return l;
    };
    const extra = window ? { window, notes } : { notes };
    const mlTask: MlTask | undefined =
      spec.target.mlTask === 'classification' || spec.target.mlTask === 'regression'
        ? spec.target.mlTask
        : undefined;

    switch (signal.type) {
      case 'data_drift':
      case 'prediction_drift': {
        const prod = get('production');
        const ref = get('reference');
        const dataSegment = signal.type === 'data_drift' ? signal.dataSegment : undefined;
        const production = segment(prod.table, dataSegment);
        const reference = segment(ref.table, dataSegment);
        const target = signal.reference.columns.target_column;
        const excluded = [...prod.metadata, ...ref.metadata];
        const correlation = [
          ...correlationColumns(signal.production),
          ...correlationColumns(signal.reference),
        ];
        const features = signal.type === 'data_drift' ? signal.features : ({ kind: 'all' } as const);
        const isTraining = signal.reference.dataContext === 'training';
        const importances =
          signal.type === 'data_drift'
            ? importancesFor(
                features,
                reference,
                target,
                isTraining,
                mlTask,
                [...excluded, ...correlation],
                notes,
              )
            : undefined;
        const computed = computeDrift({
          type: signal.type,
          production,
          reference,
          features: toSignalFeatures(features),
          feature_type_override: signal.type === 'data_drift' ? signal.featureTypeOverride : undefined,
          // Prediction drift compares the prediction column(s) with the reference's target: never exclude it.
          target_column: signal.type === 'data_drift' ? target : undefined,
          correlation_id_columns: correlation,
          excluded_columns: excluded,
          reference_is_training: isTraining,
          importances,
          metric_thresholds: {
            numerical: { [signal.thresholds.numerical.metric]: signal.thresholds.numerical.threshold },
            categorical: { [signal.thresholds.categorical.metric]: signal.thresholds.categorical.threshold },
          },
        });
        return fromComputed(base, computed, extra);
      }
      case 'data_quality': {
        const prod = get('production');
        const ref = get('reference');
        const target = signal.reference.columns.target_column;
        const correlation = [
          ...correlationColumns(signal.production),
          ...correlationColumns(signal.reference),
        ];
        const excluded = [...prod.metadata, ...ref.metadata];
        const isTraining = signal.reference.dataContext === 'training';
        const importances = importancesFor(
          signal.features,
          ref.table,
          target,
          isTraining,
          mlTask,
          [...excluded, ...correlation],
          notes,
        );
        const computed = computeDataQuality({
          production: prod.table,
          reference: ref.table,
          features: toSignalFeatures(signal.features),
          feature_type_override: signal.featureTypeOverride,
          target_column: target,
          correlation_id_columns: correlation,
          excluded_columns: excluded,
          reference_is_training: isTraining,
          importances,
          metric_thresholds: {
            numerical: thresholdRecord(signal.thresholds.numerical),
            categorical: thresholdRecord(signal.thresholds.categorical),
          },
        });
        return fromComputed(base, computed, extra);
      }
      case 'model_performance': {
        const prod = get('production');
        const truth = get('reference');
        const pc = signal.production.columns;
        const rc = signal.reference.columns;
        const prediction = pc.prediction ?? pc.target_column;
        const actual = rc.actual ?? rc.target_column ?? rc.ground_truth;
        if (prediction === undefined)
          throw new SignalFailure(
            'production_data.data_column_names.prediction is required for model_performance',
          );
        if (actual === undefined)
          throw new SignalFailure(
            'reference_data.data_column_names.actual is required for model_performance',
          );
        const prodKeys = correlationColumns(signal.production);
        const truthKeys = correlationColumns(signal.reference);
        const task =
          mlTask ??
          (signal.thresholds.regression.length > 0 && signal.thresholds.classification.length === 0
            ? 'regression'
            : signal.thresholds.classification.length > 0
              ? 'classification'
              : undefined);
        const computed = computeModelPerformance({
          production: segment(prod.table, signal.dataSegment),
          ground_truth: truth.table,
          production_prediction_column: prediction,
          production_correlation_columns: prodKeys.length > 0 ? prodKeys : ['correlationid'],
          ground_truth_actual_column: actual,
          ground_truth_correlation_columns: truthKeys.length > 0 ? truthKeys : ['correlationid'],
          task,
          metric_thresholds: {
            classification: thresholdRecord(signal.thresholds.classification),
            regression: thresholdRecord(signal.thresholds.regression),
          },
        });
        return fromComputed(base, computed, extra);
      }
      case 'feature_attribution_drift': {
        const ref = get('reference');
        const target = signal.reference.columns.target_column;
        if (target === undefined)
          throw new SignalFailure(
            'reference_data.data_column_names.target_column is required for feature attribution',
          );
        const parts = signal.production.map((_, i) => get(`production[${String(i)}]`));
        let production = parts[0]?.table;
        if (!production) throw new SignalFailure('no production input');
        // model_inputs and model_outputs arrive separately: join them on the correlation id.
        for (let i = 1; i < parts.length; i++) {
          const left = signal.production[0];
          const right = signal.production[i];
          const part = parts[i];
          if (!left || !right || !part) continue;
          const lk = correlationColumns(left);
          const rk = correlationColumns(right);
          const joined = innerJoin(
            production,
            part.table,
            lk.length > 0 ? lk : ['correlationid'],
            rk.length > 0 ? rk : ['correlationid'],
          );
          if (!joined.ok) throw new SignalFailure(`joining model inputs and outputs: ${joined.error}`);
          if (joined.table.rowCount === 0)
            throw new SignalFailure('joining model inputs and outputs on the correlation id matched no rows');
          production = joined.table;
        }
        const predictionColumn =
          signal.production.map((p) => p.columns.prediction).find((p) => p !== undefined) ?? target;
        const metadata = [...ref.metadata, ...parts.flatMap((p) => p.metadata)];
        const correlation = [
          ...correlationColumns(signal.reference),
          ...signal.production.flatMap((p) => correlationColumns(p)),
          ...signal.production.flatMap((p) =>
            p.columns.prediction_probability ? [p.columns.prediction_probability] : [],
          ),
        ];
        const fad = featureAttributionDrift({
          production,
          predictionColumn,
          reference: ref.table,
          targetColumn: target,
          threshold: signal.threshold ?? null,
          ...(mlTask ? { mlTask } : {}),
          excludeColumns: [...metadata, ...correlation],
        });
        if (!fad.ok) throw new SignalFailure(fad.reason);
        return {
          ...base,
          status: 'Completed',
          breached: fad.breached,
          ...(window ? { window } : {}),
          ...(notes.length > 0 ? { notes } : {}),
          rowCounts: { ...fad.rowCounts },
          metrics: fad.rows.map((r) => ({
            group: r.group,
            metric_name: r.metric_name,
            metric_value: finite(r.metric_value),
            threshold_value: finite(r.threshold_value),
            breached: r.breached,
            data_type: r.data_type === 'Numerical' || r.data_type === 'Categorical' ? r.data_type : '',
          })),
        };
      }
      case 'custom': {
        if (!deps.loadCustomModule) throw new SignalFailure('custom signals need a module loader');
        const tables: Record<string, Table> = {};
        for (const name of Object.keys(signal.inputs)) tables[name] = get(name).table;
        const literals: Record<string, string | number | boolean> = {};
        for (const [k, v] of Object.entries(signal.literalInputs)) {
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') literals[k] = v;
        }
        const computed = await computeCustom(
          {
            component_id: signal.componentId,
            tables,
            inputs: literals,
            metric_thresholds: signal.thresholds.map((t) => ({
              metric_name: t.metric,
              threshold: t.threshold,
            })),
          },
          deps.loadCustomModule,
        );
        return fromComputed(base, computed, extra);
      }
      default:
        return {
          ...base,
          status: 'Skipped',
          breached: false,
          rowCounts: {},
          metrics: [],
          notes: ['not supported'],
        };
    }
  } catch (err) {
    // Any failure (bad data, a throwing custom module, an unreadable input) fails this signal only.
    return {
      ...base,
      status: 'Failed',
      error: err instanceof Error ? err.message : String(err),
      breached: false,
      ...(window ? { window } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      rowCounts: {},
      metrics: [],
    };
  }
}

/** Evaluates every signal of the monitor at `runTimeMs` (epoch milliseconds, the scheduled time). */
export async function evaluateMonitor(
  spec: MonitorSpec,
  runTimeMs: number,
  deps: EvaluateDeps,
): Promise<EvaluationResult> {
  // Signals usually share inputs (same data, same window): read each one once per run.
  const cache = new Map<string, Promise<LoadResult>>();
  const shared: EvaluateDeps = {
    ...deps,
    loadInput: (request) => {
      const { input, window } = request;
      const key = JSON.stringify([
        input.path,
        input.type,
        input.columns.timestamp ?? null,
        input.preProcessingComponent ?? null,
        window.kind === 'range' ? [window.startMs, window.endMs] : null,
      ]);
      const hit = cache.get(key);
      if (hit) return hit;
      const loading = deps.loadInput(request).then((r) => {
        // Failures are not kept: the next signal gets its own error message naming it.
        if (!r.ok) cache.delete(key);
        return r;
      });
      cache.set(key, loading);
      return loading;
    },
  };
  const signals: Record<string, SignalResult> = {};
  for (const s of spec.signals) signals[s.name] = await evaluateSignal(spec, s, runTimeMs, shared);
  return {
    monitor: spec.name,
    runTime: new Date(runTimeMs).toISOString(),
    status: runStatusOf(signals),
    signals,
  };
}
