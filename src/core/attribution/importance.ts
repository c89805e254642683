/**
 * Global feature importance of a data set with respect to its own target column, as Azure ML's
 * feature-attribution component computes it: fit a gradient-boosted surrogate on all rows, explain a seeded
 * held-out split (half the rows, or 5000 rows when there are more than 10000) with TreeSHAP, and take the mean
 * |SHAP| per feature (for multiclass, the mean over classes of the per-class mean |SHAP|).
 */
import { getColumn, type Column, type Table } from '../data/table.js';
import { fitGbm, LIGHTGBM_DEFAULTS, type GbmObjective } from './gbm.js';
import { meanAbsShap } from './treeshap.js';
import { featureTypeOf } from '../signals/features.js';

export type MlTask = 'classification' | 'regression';
export type FeatureDataType = 'numerical' | 'categorical';

export interface ImportanceOptions {
  /** `ml_task` from the monitor; otherwise decided by the target's type (categorical → classification). */
  readonly task?: MlTask;
  /** Features to use; default: every column except the target and `excludeColumns`. */
  readonly features?: readonly string[];
  /** Columns never used as features (correlation ids, metadata columns, prediction probabilities, ...). */
  readonly excludeColumns?: readonly string[];
  readonly featureTypeOverride?: Readonly<Record<string, FeatureDataType>>;
  /** Boosting rounds (Azure: 200). Default 100, see `DEFAULT_N_ESTIMATORS`. */
  readonly nEstimators?: number;
  /** Seed of the train/test split (Azure uses random_state=0 with sklearn's generator; ours is our own). */
  readonly seed?: number;
}

/**
 * Default number of boosting rounds. Azure's LightGBM uses 200; 100 halves fit and TreeSHAP time and, with
 * learning rate 0.1, leaves the importance ranking unchanged on our fixtures (README, "Feature attribution drift").
 */
export const DEFAULT_N_ESTIMATORS = 100;

export interface ImportanceResult {
  readonly ok: true;
  readonly task: MlTask;
  readonly importances: ReadonlyMap<string, number>;
  readonly dataTypes: ReadonlyMap<string, FeatureDataType>;
  /** Rows with a non-null target (fitted on); the number of rows explained. */
  readonly rowCount: number;
  readonly explainedRows: number;
  readonly classes?: readonly string[];
}

export interface ImportanceFailure {
  readonly ok: false;
  readonly reason: string;
}

/** Thrown by `featureImportances` when the data cannot give importances (the reason says why). */
export class FeatureAttributionDataError extends Error {
  override readonly name = 'FeatureAttributionDataError';
}

/** Azure's rule (df_utils.is_categorical): strings/booleans categorical, floats numerical, integers by ratio. */
/** The signals' typing rule (string/bool categorical, float numerical, integers by the 5% distinct ratio). */
export function featureDataType(column: Column, override?: FeatureDataType): FeatureDataType {
  return featureTypeOf(column, override);
}

/**
 * A column as surrogate input: numbers as they are, booleans as 0/1, strings as the rank of the category in
 * name order (so two tables with the same categories get the same codes). NaN marks null.
 */
export function encodeFeature(column: Column, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  if (column.type === 'string') {
    const order = column.dictionary
      .map((_, i) => i)
      .sort((a, b) => compare(column.dictionary[a], column.dictionary[b]));
    const rank = new Int32Array(column.dictionary.length);
    order.forEach((code, r) => (rank[code] = r));
    for (let i = 0; i < rows.length; i++) {
      const code = column.codes[rows[i] ?? 0] ?? -1;
      out[i] = code < 0 ? Number.NaN : (rank[code] ?? 0);
    }
    return out;
  }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    out[i] = column.valid[r] === 0 ? Number.NaN : (column.values[r] ?? 0);
  }
  return out;
}

function compare(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A seeded 32-bit generator (mulberry32): deterministic, no Math.random. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Azure's explanation split: test_size 0.5 (rounded up, as sklearn does), or 5000 rows above 10000 rows. */
export function explanationRows(rows: number, seed: number): Int32Array {
  const testSize = rows > 10000 ? 5000 : Math.ceil(rows * 0.5);
  const perm = new Int32Array(rows);
  for (let i = 0; i < rows; i++) perm[i] = i;
  const random = seededRandom(seed);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = perm[i] ?? 0;
    perm[i] = perm[j] ?? 0;
    perm[j] = t;
  }
  return perm.slice(0, testSize).sort();
}

interface Target {
  readonly task: MlTask;
  readonly objective: GbmObjective;
  readonly rows: Int32Array;
  readonly y: Float64Array;
  readonly classes?: readonly string[];
}

function prepareTarget(column: Column, task: MlTask | undefined, name: string): Target | ImportanceFailure {
  const rows: number[] = [];
  for (let i = 0; i < column.length; i++) {
    if (column.type === 'string' ? (column.codes[i] ?? -1) >= 0 : column.valid[i] === 1) rows.push(i);
  }
  const kept = Int32Array.from(rows);
  if (kept.length === 0) return { ok: false, reason: `target column '${name}' has no non-null values` };
  const resolved: MlTask =
    task ?? (featureDataType(column) === 'categorical' ? 'classification' : 'regression');
  if (resolved === 'regression') {
    if (column.type === 'string') {
      return { ok: false, reason: `ml_task is regression but target column '${name}' holds strings` };
    }
    const y = encodeFeature(column, kept);
    return { task: resolved, objective: 'regression', rows: kept, y };
  }
  // Classification: class labels as strings in sorted order (numbers by value).
  let labels: string[];
  const y = new Float64Array(kept.length);
  if (column.type === 'string') {
    const used = new Set<number>();
    for (const r of kept) used.add(column.codes[r] ?? 0);
    const codes = [...used].sort((a, b) => compare(column.dictionary[a], column.dictionary[b]));
    const index = new Map(codes.map((c, i) => [c, i]));
    labels = codes.map((c) => column.dictionary[c] ?? '');
    kept.forEach((r, i) => (y[i] = index.get(column.codes[r] ?? 0) ?? 0));
  } else {
    const values = new Set<number>();
    for (const r of kept) {
      const v = column.values[r] ?? 0;
      if (!Number.isInteger(v)) {
        return {
          ok: false,
          reason: `ml_task is classification but target column '${name}' is continuous (value ${v} is not a class label)`,
        };
      }
      values.add(v);
    }
    const sorted = [...values].sort((a, b) => a - b);
    const index = new Map(sorted.map((v, i) => [v, i]));
    labels = sorted.map((v) => (column.type === 'bool' ? String(v === 1) : String(v)));
    kept.forEach((r, i) => (y[i] = index.get(column.values[r] ?? 0) ?? 0));
  }
  if (labels.length < 2) {
    return {
      ok: false,
      reason: `target column '${name}' has a single class (${labels[0] ?? ''}); nothing to explain`,
    };
  }
  return {
    task: 'classification',
    objective: labels.length === 2 ? 'binary' : 'multiclass',
    rows: kept,
    y,
    classes: labels,
  };
}

/** Importances as a value: `{ok: true, importances, ...}` or `{ok: false, reason}` for data that cannot give them. */
export function computeImportances(
  table: Table,
  targetColumn: string,
  options: ImportanceOptions = {},
): ImportanceResult | ImportanceFailure {
  const target = getColumn(table, targetColumn);
  if (!target) return { ok: false, reason: `target column '${targetColumn}' is not in the data` };
  const excluded = new Set([targetColumn, ...(options.excludeColumns ?? [])]);
  const names = options.features
    ? options.features.filter((n) => !excluded.has(n))
    : table.columns.map((c) => c.name).filter((n) => !excluded.has(n));
  const columns: Column[] = [];
  for (const n of names) {
    const c = getColumn(table, n);
    if (!c) return { ok: false, reason: `feature '${n}' is not in the data` };
    columns.push(c);
  }
  if (columns.length === 0) return { ok: false, reason: 'no feature columns besides the target' };
  const t = prepareTarget(target, options.task, targetColumn);
  if ('ok' in t) return t;
  const x = columns.map((c) => encodeFeature(c, t.rows));
  const ensemble = fitGbm(x, t.y, {
    ...LIGHTGBM_DEFAULTS,
    objective: t.objective,
    numClasses: t.classes?.length ?? 1,
    nEstimators: options.nEstimators ?? DEFAULT_N_ESTIMATORS,
  });
  // Explain the held-out rows: a row-major matrix of the selected rows only.
  const explain = explanationRows(t.rows.length, options.seed ?? 0);
  const f = columns.length;
  const matrix = new Float64Array(explain.length * f);
  for (let i = 0; i < explain.length; i++) {
    const r = explain[i] ?? 0;
    for (let j = 0; j < f; j++) matrix[i * f + j] = x[j]?.[r] ?? Number.NaN;
  }
  const imp = meanAbsShap(ensemble, matrix, explain.length);
  // No split anywhere (too few rows for 20 per leaf, or a target the features cannot explain): every
  // importance is 0 and NDCG would be 0 by sklearn's convention; say so instead.
  if (imp.every((v) => v === 0)) {
    return {
      ok: false,
      reason:
        `the surrogate learned nothing from ${t.rows.length} rows (every feature importance is 0; ` +
        `a split needs at least ${LIGHTGBM_DEFAULTS.minDataInLeaf} rows on each side)`,
    };
  }
  const importances = new Map<string, number>();
  const dataTypes = new Map<string, FeatureDataType>();
  columns.forEach((c, j) => {
    importances.set(c.name, imp[j] ?? 0);
    dataTypes.set(c.name, featureDataType(c, options.featureTypeOverride?.[c.name]));
  });
  const base = {
    ok: true as const,
    task: t.task,
    importances,
    dataTypes,
    rowCount: t.rows.length,
    explainedRows: explain.length,
  };
  return t.classes ? { ...base, classes: t.classes } : base;
}

/**
 * Feature → mean |SHAP| importance of `table` with respect to `targetColumn` (what `features:
 * {top_n_feature_importance: N}` ranks by). Throws `FeatureAttributionDataError` when the data cannot give
 * importances (missing target, single class, continuous target for classification, ...).
 */
export function featureImportances(
  table: Table,
  targetColumn: string,
  options: ImportanceOptions = {},
): ReadonlyMap<string, number> {
  const r = computeImportances(table, targetColumn, options);
  if (!r.ok) throw new FeatureAttributionDataError(r.reason);
  return r.importances;
}
