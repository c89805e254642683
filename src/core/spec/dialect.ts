/**
 * Older monitor YAML dialects (seen in the Azure ML samples and SDK test configs) translated to the current
 * schema before validation, each with a warning naming the replacement. Aliases remember where translated
 * paths came from so later problems still point at the right line.
 */
import type { PathSegment } from './issues.js';

export interface DialectNote {
  /** Path in the original YAML. */
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** A translated path prefix `to` that corresponds to `from` in the original YAML. */
export interface PathAlias {
  readonly to: readonly PathSegment[];
  readonly from: readonly PathSegment[];
}

export interface Translation {
  readonly value: unknown;
  readonly notes: readonly DialectNote[];
  readonly aliases: readonly PathAlias[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Smart-default thresholds used when an old list-form entry gives a metric without a threshold. */
const LIST_FORM_DEFAULTS: Readonly<Record<string, number>> = {
  jensen_shannon_distance: 0.1,
  normalized_wasserstein_distance: 0.1,
  null_value_rate: 0,
  data_type_error_rate: 0,
  out_of_bounds_rate: 0,
};

const BUILT_IN_WITH_TYPED_THRESHOLDS = new Set(['data_drift', 'prediction_drift', 'data_quality']);

export function translateDialects(input: unknown): Translation {
  const notes: DialectNote[] = [];
  const aliases: PathAlias[] = [];
  const root = structuredClone(input);
  const note = (path: readonly PathSegment[], message: string): void => {
    notes.push({ path, message });
  };

  /** Renames `obj[from]` to `obj[to]` (keeping key order), recording the alias. */
  const rename = (obj: Obj, base: readonly PathSegment[], from: string, to: string, why?: string): void => {
    if (!(from in obj)) return;
    if (to in obj) return; // both present: leave it, validation reports `from` as unknown
    const entries = Object.entries(obj).map(([k, v]): [string, unknown] => [k === from ? to : k, v]);
    for (const k of Object.keys(obj)) Reflect.deleteProperty(obj, k);
    Object.assign(obj, Object.fromEntries(entries));
    aliases.push({ to: [...base, to], from: [...base, from] });
    note([...base, from], why ?? `'${from}' is an older form; replaced by '${to}'`);
  };

  /** An input (production/reference/custom input): old key names and window forms. */
  const translateInput = (v: unknown, base: readonly PathSegment[], origin: readonly PathSegment[]): void => {
    if (!isObj(v)) return;
    rename(v, base, 'input_dataset', 'input_data');
    rename(v, base, 'dataset_context', 'data_context');
    for (const [old, current] of [
      ['data_window_size', 'lookback_window_size'],
      ['data_window_offset', 'lookback_window_offset'],
    ] as const) {
      if (old in v) {
        const window = isObj(v.data_window) ? v.data_window : {};
        if (!(current in window)) {
          window[current] = v[old];
          Reflect.deleteProperty(v, old);
          v.data_window = window;
          aliases.push({ to: [...base, 'data_window', current], from: [...origin, old] });
          note([...origin, old], `'${old}' is an older form; replaced by 'data_window.${current}'`);
        }
      }
    }
    const window = v.data_window;
    if (isObj(window)) {
      const wbase = [...base, 'data_window'];
      rename(window, wbase, 'trailing_window_size', 'lookback_window_size');
      rename(window, wbase, 'trailing_window_offset', 'lookback_window_offset');
      rename(window, wbase, 'data_window_size', 'lookback_window_size');
      rename(window, wbase, 'data_window_offset', 'lookback_window_offset');
    }
  };

  const monitor = isObj(root) ? root.create_monitor : undefined;
  if (isObj(monitor)) {
    if (typeof monitor.compute === 'string') {
      note(
        ['create_monitor', 'compute'],
        "a compute cluster name is an older form; replaced by serverless Spark 'compute: {instance_type, runtime_version}' (compute is not used here)",
      );
    }
    const target = monitor.monitoring_target;
    if (isObj(target) && typeof target.ml_task === 'string') {
      const t = target.ml_task.toLowerCase();
      if (t === 'questionanswering') target.ml_task = 'question_answering';
      else if (t === 'classification' || t === 'regression' || t === 'question_answering') target.ml_task = t;
    }
    const signals = monitor.monitoring_signals;
    if (isObj(signals)) {
      for (const [name, signal] of Object.entries(signals)) {
        if (isObj(signal)) translateSignal(name, signal);
      }
    }
  }
  return { value: root, notes, aliases };

  function translateSignal(name: string, s: Obj): void {
    const base: PathSegment[] = ['create_monitor', 'monitoring_signals', name];
    const type = typeof s.type === 'string' ? s.type : '';

    if ('target_dataset' in s && !('production_data' in s)) {
      const old = s.target_dataset;
      const origin = [...base, 'target_dataset'];
      let production: unknown = old;
      if (isObj(old)) {
        const { dataset, lookback_period: lookback, ...rest } = old;
        production = isObj(dataset) ? { ...dataset, ...rest } : { ...rest };
        aliases.push({ to: [...base, 'production_data'], from: [...origin, 'dataset'] });
        if (lookback !== undefined && isObj(production)) {
          const size = typeof lookback === 'number' ? `P${lookback}D` : lookback;
          production.data_window = {
            ...(isObj(production.data_window) ? production.data_window : {}),
            lookback_window_size: size,
          };
          aliases.push({
            to: [...base, 'production_data', 'data_window'],
            from: [...origin, 'lookback_period'],
          });
          note(
            [...origin, 'lookback_period'],
            "'lookback_period' (days) is an older form; replaced by 'data_window.lookback_window_size' (ISO-8601, e.g. P60D)",
          );
        }
      }
      Reflect.deleteProperty(s, 'target_dataset');
      if (type === 'feature_attribution_drift') {
        // Feature attribution drift takes a list of production inputs.
        s.production_data = [production];
        aliases.push({ to: [...base, 'production_data', 0], from: [...origin, 'dataset'] });
        translateInput(production, [...base, 'production_data', 0], [...origin, 'dataset']);
      } else {
        s.production_data = production;
        translateInput(production, [...base, 'production_data'], [...origin, 'dataset']);
      }
      note(origin, "'target_dataset' is an older form; replaced by 'production_data'");
    }
    rename(
      s,
      base,
      'baseline_dataset',
      'reference_data',
      "'baseline_dataset' is an older form; replaced by 'reference_data'",
    );
    rename(
      s,
      base,
      'input_datasets',
      'input_data',
      "'input_datasets' is an older form; replaced by 'input_data'",
    );

    if (Array.isArray(s.production_data)) {
      s.production_data.forEach((p, i) => {
        translateInput(p, [...base, 'production_data', i], [...base, 'production_data', i]);
      });
    } else if (!('target_dataset' in s)) {
      translateInput(s.production_data, [...base, 'production_data'], [...base, 'production_data']);
    }
    translateInput(s.reference_data, [...base, 'reference_data'], [...base, 'reference_data']);
    if (type === 'custom' && isObj(s.input_data)) {
      for (const [k, v] of Object.entries(s.input_data)) {
        translateInput(v, [...base, 'input_data', k], [...base, 'input_data', k]);
      }
    }

    const thresholds = s.metric_thresholds;
    if (BUILT_IN_WITH_TYPED_THRESHOLDS.has(type) && Array.isArray(thresholds)) {
      const typed: Record<string, Obj> = {};
      thresholds.forEach((entry, i) => {
        if (!isObj(entry)) return;
        const featureType = entry.applicable_feature_type;
        const metric = entry.metric_name;
        if (typeof featureType !== 'string' || typeof metric !== 'string') return;
        const bucket = (typed[featureType] ??= {});
        bucket[metric] = entry.threshold ?? LIST_FORM_DEFAULTS[metric];
        aliases.push({
          to: [...base, 'metric_thresholds', featureType, metric],
          from: [...base, 'metric_thresholds', i],
        });
        aliases.push({
          to: [...base, 'metric_thresholds', featureType],
          from: [...base, 'metric_thresholds', i],
        });
      });
      s.metric_thresholds = typed;
      note(
        [...base, 'metric_thresholds'],
        "list-form 'metric_thresholds' with 'applicable_feature_type' is an older form; replaced by 'metric_thresholds: {numerical: {<metric>: <threshold>}, categorical: {...}}'",
      );
    }
    if (type === 'feature_attribution_drift') {
      if (
        isObj(thresholds) &&
        'threshold' in thresholds &&
        !('normalized_discounted_cumulative_gain' in thresholds)
      ) {
        rename(
          thresholds,
          [...base, 'metric_thresholds'],
          'threshold',
          'normalized_discounted_cumulative_gain',
          "'metric_thresholds.threshold' is an older form; replaced by 'metric_thresholds.normalized_discounted_cumulative_gain'",
        );
      }
      if ('model_type' in s) {
        Reflect.deleteProperty(s, 'model_type');
        note(
          [...base, 'model_type'],
          "'model_type' is an older form; replaced by 'create_monitor.monitoring_target.ml_task'",
        );
      }
    }
  }
}

/** Maps a path in the translated document back to the original YAML (longest alias prefix wins). */
export function originalPath(path: readonly PathSegment[], aliases: readonly PathAlias[]): PathSegment[] {
  // Renames nest (a renamed key inside a moved block), so map until nothing changes.
  let current = [...path];
  for (let i = 0; i < 8; i++) {
    const next = mapOnce(current, aliases);
    if (next.join('\u0000') === current.join('\u0000')) break;
    current = next;
  }
  return current;
}

function mapOnce(path: readonly PathSegment[], aliases: readonly PathAlias[]): PathSegment[] {
  let best: PathAlias | undefined;
  for (const a of aliases) {
    if (a.to.length <= path.length && a.to.every((seg, i) => String(seg) === String(path[i]))) {
      if (best === undefined || a.to.length > best.to.length) best = a;
    }
  }
  return best === undefined ? [...path] : [...best.from, ...path.slice(best.to.length)];
}
