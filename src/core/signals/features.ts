/**
 * Feature selection and typing (issue 3, DESIGN §6, FACTS §4) and the per-feature value extraction every signal
 * uses: nulls counted and dropped, production values that do not conform to the reference type counted as
 * data-type errors and dropped (★ per column, Azure drops whole rows).
 */
import type { Column } from '../data/table.js';
import { getColumn } from '../data/table.js';
import type { FeatureContext, FeatureType, SignalError } from './types.js';

/** Integer columns with fewer distinct values than this share of rows are categorical. */
export const INTEGER_CATEGORICAL_RATIO = 0.05;
export const DEFAULT_TOP_N = 10;

/** Distinct values (null counts as one value, as in Azure's `len(set(values))`) over rows. */
function distinctRatio(column: Column): number {
  if (column.length === 0) return 0;
  if (column.type === 'string') {
    const seen = new Uint8Array(column.dictionary.length);
    let distinct = 0;
    let sawNull = false;
    for (let i = 0; i < column.length; i++) {
      const c = column.codes[i] ?? -1;
      if (c < 0) sawNull = true;
      else if (seen[c] === 0) {
        seen[c] = 1;
        distinct++;
      }
    }
    return (distinct + (sawNull ? 1 : 0)) / column.length;
  }
  const set = new Set<number>();
  let sawNull = false;
  for (let i = 0; i < column.length; i++) {
    if (column.valid[i] === 0) sawNull = true;
    else set.add(column.values[i] ?? 0);
  }
  return (set.size + (sawNull ? 1 : 0)) / column.length;
}

/** The feature type of a reference column: override, else string/bool categorical, float numerical, int by ratio. */
export function featureTypeOf(column: Column, override?: FeatureType): FeatureType {
  if (override) return override;
  switch (column.type) {
    case 'string':
    case 'bool':
      return 'categorical';
    case 'float':
      return 'numerical';
    case 'int':
      return distinctRatio(column) < INTEGER_CATEGORICAL_RATIO ? 'categorical' : 'numerical';
  }
}

export interface SelectedFeature {
  readonly name: string;
  readonly type: FeatureType;
}

export type Selection =
  | { readonly ok: true; readonly features: readonly SelectedFeature[] }
  | { readonly ok: false; readonly error: SignalError };

function isExcluded(ctx: FeatureContext, name: string): boolean {
  if (name === ctx.target_column) return true;
  if (ctx.correlation_id_columns?.includes(name)) return true;
  const ex = ctx.excluded_columns;
  if (!ex) return false;
  return typeof ex === 'function' ? ex(name) : ex.includes(name);
}

const fail = (error: SignalError): Selection => ({ ok: false, error });

/**
 * Columns common to production and reference (production order), minus the target, correlation ids and
 * ingestion metadata; narrowed by `features`. A listed feature missing from either side is an error naming it.
 */
export function selectFeatures(ctx: FeatureContext): Selection {
  const { production, reference } = ctx;
  const common = production.columns
    .map((c) => c.name)
    .filter((n) => getColumn(reference, n) !== undefined && !isExcluded(ctx, n));
  if (common.length === 0) {
    return fail({
      code: 'no_common_columns',
      message:
        'Found no common columns between the production and reference data (after excluding the target, correlation-id and metadata columns).',
    });
  }
  let names: readonly string[];
  const sel = ctx.features;
  if (Array.isArray(sel)) {
    for (const n of sel as readonly string[]) {
      const inProd = getColumn(production, n) !== undefined;
      const inRef = getColumn(reference, n) !== undefined;
      if (!inProd || !inRef) {
        const where =
          !inProd && !inRef
            ? 'production and reference data'
            : !inProd
              ? 'production data'
              : 'reference data';
        return fail({
          code: 'feature_missing',
          message: `Feature '${n}' is not a column of the ${where}.`,
          feature: n,
        });
      }
    }
    names = sel as readonly string[];
  } else if (typeof sel === 'object' && 'top_n_feature_importance' in sel) {
    const top = topByImportance(ctx, sel.top_n_feature_importance, common);
    if (!top.ok) return top;
    names = top.names;
  } else if (
    sel === undefined &&
    ctx.reference_is_training &&
    ctx.target_column !== undefined &&
    ctx.importances
  ) {
    // Azure's documented default for training references: the top 10 features by importance.
    const top = topByImportance(ctx, DEFAULT_TOP_N, common);
    if (!top.ok) return top;
    names = top.names;
  } else {
    names = common;
  }
  if (names.length === 0) return fail({ code: 'no_features', message: 'The feature selection is empty.' });
  const features = names.map((name) => {
    const refCol = getColumn(reference, name);
    return {
      name,
      type: refCol ? featureTypeOf(refCol, ctx.feature_type_override?.[name]) : ('numerical' as const),
    };
  });
  return { ok: true, features };
}

function topByImportance(
  ctx: FeatureContext,
  n: number,
  common: readonly string[],
): { ok: true; names: string[] } | { ok: false; error: SignalError } {
  if (!ctx.importances) {
    return {
      ok: false,
      error: {
        code: 'importances_missing',
        message: `top_n_feature_importance: ${n} needs feature importances, and none were computed.`,
      },
    };
  }
  // Top N first, then intersect with the common columns (FACTS §4.2: fewer than N can come out).
  const ranked = [...ctx.importances.entries()]
    .filter(([name]) => name !== '')
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([name]) => name);
  return { ok: true, names: common.filter((c) => ranked.includes(c)) };
}

/** How a value is judged against the reference column: its feature type and physical type. */
export interface ValueSpec {
  readonly type: FeatureType;
  readonly base: Column['type'];
}

export function valueSpec(referenceColumn: Column, type: FeatureType): ValueSpec {
  return { type, base: referenceColumn.type };
}

export interface NumericalValues {
  /** Conforming non-null values (a fresh array the caller may sort in place). */
  readonly values: Float64Array;
  readonly nulls: number;
  readonly typeErrors: number;
}

function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Values of a column read as numbers for a numerical feature. A number conforms (whole or not: an integer-typed
 * reference may just be whole-valued floats, e.g. JSON `5.0`); a string conforms when it parses as a finite number;
 * booleans do not conform. NaN counts as null.
 */
export function numericalValues(column: Column, _spec: ValueSpec): NumericalValues {
  const n = column.length;
  const out = new Float64Array(n);
  let k = 0;
  let nulls = 0;
  let typeErrors = 0;
  if (column.type === 'string') {
    const parsed = column.dictionary.map((s) => parseNumber(s) ?? NaN);
    for (let i = 0; i < n; i++) {
      const c = column.codes[i] ?? -1;
      if (c < 0) nulls++;
      else {
        const v = parsed[c] ?? NaN;
        if (Number.isNaN(v)) typeErrors++;
        else out[k++] = v;
      }
    }
  } else if (column.type === 'bool') {
    for (let i = 0; i < n; i++) if (column.valid[i] === 0) nulls++;
    typeErrors = n - nulls;
  } else {
    const values = column.values;
    const valid = column.valid;
    for (let i = 0; i < n; i++) {
      const v = values[i] ?? NaN;
      if (valid[i] === 0 || v !== v) nulls++;
      else out[k++] = v;
    }
  }
  return { values: k === n ? out : out.slice(0, k), nulls, typeErrors };
}

export interface CategoricalValues {
  /** Distinct category keys and how many conforming values each has. */
  readonly keys: readonly string[];
  readonly counts: Float64Array;
  readonly nulls: number;
  readonly typeErrors: number;
}

const numberKey = (v: number): string => String(v);

/**
 * Values of a column read as categories. Keys are the string form of the value (numbers as JS prints them,
 * booleans `true`/`false`). Against a string reference anything conforms; against a numeric reference numbers
 * (or strings that parse as one); against a boolean reference booleans (or the strings true/false).
 */
export function categoricalValues(column: Column, spec: ValueSpec): CategoricalValues {
  const n = column.length;
  let nulls = 0;
  let typeErrors = 0;
  const index = new Map<string, number>();
  const keys: string[] = [];
  const acc: number[] = [];
  const add = (key: string, count: number): void => {
    let i = index.get(key);
    if (i === undefined) {
      i = keys.length;
      index.set(key, i);
      keys.push(key);
      acc.push(0);
    }
    acc[i] = (acc[i] ?? 0) + count;
  };
  const conformNumber = (v: number): string | undefined => {
    if (spec.base === 'string') return numberKey(v);
    if (spec.base === 'bool') return undefined;
    return numberKey(v);
  };
  if (column.type === 'string') {
    const codeCounts = new Float64Array(column.dictionary.length);
    for (let i = 0; i < n; i++) {
      const c = column.codes[i] ?? -1;
      if (c < 0) nulls++;
      else codeCounts[c] = (codeCounts[c] ?? 0) + 1;
    }
    column.dictionary.forEach((s, c) => {
      const count = codeCounts[c] ?? 0;
      if (count === 0) return;
      let key: string | undefined;
      if (spec.base === 'string') key = s;
      else if (spec.base === 'bool') {
        const l = s.trim().toLowerCase();
        key = l === 'true' || l === 'false' ? l : undefined;
      } else {
        const v = parseNumber(s);
        key = v === undefined ? undefined : conformNumber(v);
      }
      if (key === undefined) typeErrors += count;
      else add(key, count);
    });
  } else if (column.type === 'bool') {
    let t = 0;
    let f = 0;
    for (let i = 0; i < n; i++) {
      if (column.valid[i] === 0) nulls++;
      else if (column.values[i] === 1) t++;
      else f++;
    }
    if (spec.base === 'bool' || spec.base === 'string') {
      if (t > 0) add('true', t);
      if (f > 0) add('false', f);
    } else typeErrors += t + f;
  } else {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = column.values[i] ?? NaN;
      if (column.valid[i] === 0 || v !== v) nulls++;
      else counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const [v, count] of counts) {
      const key = conformNumber(v);
      if (key === undefined) typeErrors += count;
      else add(key, count);
    }
  }
  return { keys, counts: Float64Array.from(acc), nulls, typeErrors };
}
