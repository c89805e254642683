/**
 * data_quality: NullValueRate, DataTypeErrorRate and OutOfBoundsRate per feature = count / production rows.
 * ★ The threshold is relative (FACTS §5.7): breach when the production rate > reference rate + configured value.
 * Bounds are the reference's min..max (numerical) or its category set (categorical), over conforming values.
 */
import type { Column } from '../data/table.js';
import { getColumn } from '../data/table.js';
import type { FeatureType, MetricName } from '../metrics/registry.js';
import { isBreached } from '../metrics/registry.js';
import type { ValueSpec } from './features.js';
import { categoricalValues, numericalValues, selectFeatures, valueSpec } from './features.js';
import type { FeatureContext, SignalMetricRow, SignalResult, TypedThresholds } from './types.js';
import { signalError } from './types.js';

export interface DataQualitySignalConfig extends FeatureContext {
  readonly metric_thresholds?: TypedThresholds | undefined;
}

const QUALITY_KEYS: readonly (readonly [string, MetricName])[] = [
  ['null_value_rate', 'NullValueRate'],
  ['data_type_error_rate', 'DataTypeErrorRate'],
  ['out_of_bounds_rate', 'OutOfBoundsRate'],
];

/** Configured metrics for a type; a type with no map gets all three at 0 (the SDK default). */
function qualityMetricsFor(
  type: FeatureType,
  thresholds: TypedThresholds | undefined,
): [MetricName, number][] {
  const configured = thresholds?.[type];
  if (!configured) return QUALITY_KEYS.map(([, name]) => [name, 0]);
  return QUALITY_KEYS.flatMap(([key, name]): [MetricName, number][] => {
    const v = configured[key];
    return v === undefined ? [] : [[name, v]];
  });
}

interface Rates {
  readonly NullValueRate: number;
  readonly DataTypeErrorRate: number;
  readonly OutOfBoundsRate: number;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly categories: ReadonlySet<string>;
}

function referenceBounds(column: Column, type: FeatureType, spec: ValueSpec): Bounds {
  if (type === 'numerical') {
    const { values } = numericalValues(column, spec);
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { min, max, categories: new Set() };
  }
  return { min: NaN, max: NaN, categories: new Set(categoricalValues(column, spec).keys) };
}

function rates(column: Column, rows: number, type: FeatureType, spec: ValueSpec, bounds: Bounds): Rates {
  let nulls: number;
  let typeErrors: number;
  let oob = 0;
  if (type === 'numerical') {
    const v = numericalValues(column, spec);
    nulls = v.nulls;
    typeErrors = v.typeErrors;
    const { min, max } = bounds;
    for (const x of v.values) if (x < min || x > max) oob++;
  } else {
    const v = categoricalValues(column, spec);
    nulls = v.nulls;
    typeErrors = v.typeErrors;
    v.keys.forEach((k, i) => {
      if (!bounds.categories.has(k)) oob += v.counts[i] ?? 0;
    });
  }
  return { NullValueRate: nulls / rows, DataTypeErrorRate: typeErrors / rows, OutOfBoundsRate: oob / rows };
}

export function computeDataQuality(config: DataQualitySignalConfig): SignalResult {
  const type = 'data_quality';
  if (config.production.rowCount === 0) {
    return signalError(type, 'empty_production', 'The production data window has no rows.');
  }
  if (config.reference.rowCount === 0) {
    return signalError(type, 'empty_reference', 'The reference data has no rows.');
  }
  const selection = selectFeatures(config);
  if (!selection.ok) return { ok: false, signal_type: type, error: selection.error };
  const rows: SignalMetricRow[] = [];
  for (const f of selection.features) {
    const refCol = getColumn(config.reference, f.name);
    const prodCol = getColumn(config.production, f.name);
    if (!refCol || !prodCol) continue;
    const metrics = qualityMetricsFor(f.type, config.metric_thresholds);
    if (metrics.length === 0) continue;
    const spec = valueSpec(refCol, f.type);
    const bounds = referenceBounds(refCol, f.type, spec);
    const ref = rates(refCol, config.reference.rowCount, f.type, spec, bounds);
    const prod = rates(prodCol, config.production.rowCount, f.type, spec, bounds);
    for (const [name, configured] of metrics) {
      const threshold = ref[name as keyof Rates] + configured;
      const value = prod[name as keyof Rates];
      rows.push({
        group: f.name,
        metric_name: name,
        metric_value: value,
        threshold_value: threshold,
        breached: isBreached(name, value, threshold),
        data_type: f.type === 'numerical' ? 'Numerical' : 'Categorical',
        baseline_value: ref[name as keyof Rates],
      });
    }
  }
  return {
    ok: true,
    signal_type: type,
    rows,
    row_counts: { reference: config.reference.rowCount, production: config.production.rowCount },
    breached: rows.some((r) => r.breached),
  };
}
