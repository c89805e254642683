/**
 * The `feature_attribution_drift` signal: feature importances of the reference (training data, with its
 * `target_column`) and of production (model inputs joined with outputs, the prediction column in the target's
 * role), compared with NDCG. Lower is bad: breach iff NDCG < the configured threshold.
 */
import type { Table } from '../data/table.js';
import {
  computeImportances,
  type FeatureDataType,
  type ImportanceOptions,
  type MlTask,
} from './importance.js';
import { compareImportances } from './ndcg.js';

export const NDCG_METRIC = 'NormalizedDiscountedCumulativeGain';

export interface FeatureAttributionDriftInput {
  /** Model inputs joined with model outputs. */
  readonly production: Table;
  /** Production column holding the prediction (plays the target's role there). */
  readonly predictionColumn: string;
  /** Training data. */
  readonly reference: Table;
  /** `reference_data.data_column_names.target_column`. */
  readonly targetColumn: string;
  /** `metric_thresholds.normalized_discounted_cumulative_gain`; null = not configured (never breaches). */
  readonly threshold: number | null;
  readonly mlTask?: MlTask;
  /** Columns never used as features on either side (correlation ids, metadata, prediction probabilities). */
  readonly excludeColumns?: readonly string[];
  readonly featureTypeOverride?: Readonly<Record<string, FeatureDataType>>;
  readonly nEstimators?: number;
  readonly seed?: number;
}

export interface AttributionMetricRow {
  readonly group: string;
  readonly metric_name: string;
  readonly metric_value: number;
  readonly threshold_value: number | null;
  readonly breached: boolean;
  readonly data_type: string;
}

export type FeatureAttributionDriftResult =
  | {
      readonly ok: true;
      readonly signal: 'feature_attribution_drift';
      readonly rows: readonly AttributionMetricRow[];
      readonly rowCounts: { readonly reference: number; readonly production: number };
      readonly breached: boolean;
    }
  | { readonly ok: false; readonly signal: 'feature_attribution_drift'; readonly reason: string };

function fail(reason: string): FeatureAttributionDriftResult {
  return { ok: false, signal: 'feature_attribution_drift', reason };
}

export function featureAttributionDrift(input: FeatureAttributionDriftInput): FeatureAttributionDriftResult {
  if (input.production.rowCount === 0) return fail('the production window has no rows');
  if (input.reference.rowCount === 0) return fail('the reference data has no rows');
  const common: ImportanceOptions = {
    excludeColumns: input.excludeColumns ?? [],
    ...(input.featureTypeOverride ? { featureTypeOverride: input.featureTypeOverride } : {}),
    ...(input.nEstimators !== undefined ? { nEstimators: input.nEstimators } : {}),
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
  };
  const ref = computeImportances(input.reference, input.targetColumn, {
    ...common,
    ...(input.mlTask ? { task: input.mlTask } : {}),
  });
  if (!ref.ok) return fail(`reference: ${ref.reason}`);
  // Production uses the reference's task so both surrogates answer the same question (Azure decides per data set).
  const prodExclude = [...(common.excludeColumns ?? []), input.targetColumn];
  const prod = computeImportances(input.production, input.predictionColumn, {
    ...common,
    excludeColumns:
      input.predictionColumn === input.targetColumn ? (common.excludeColumns ?? []) : prodExclude,
    task: ref.task,
  });
  if (!prod.ok) return fail(`production: ${prod.reason}`);
  const cmp = compareImportances(ref.importances, prod.importances);
  if (!cmp.ok) return fail(cmp.reason);
  const ndcg = cmp.value;
  const breached = input.threshold !== null && !Number.isNaN(ndcg) && ndcg < input.threshold;
  const rows: AttributionMetricRow[] = [
    {
      group: '',
      metric_name: NDCG_METRIC,
      metric_value: ndcg,
      threshold_value: input.threshold,
      breached,
      data_type: '',
    },
  ];
  for (const f of cmp.features) {
    const dataType = ref.dataTypes.get(f) ?? '';
    rows.push(
      {
        group: f,
        metric_name: 'BaselineFeatureImportance',
        metric_value: ref.importances.get(f) ?? 0,
        threshold_value: null,
        breached: false,
        data_type: dataType,
      },
      {
        group: f,
        metric_name: 'ProductionFeatureImportance',
        metric_value: prod.importances.get(f) ?? 0,
        threshold_value: null,
        breached: false,
        data_type: dataType,
      },
    );
  }
  rows.push(
    {
      group: '',
      metric_name: 'BaselineRowCount',
      metric_value: ref.rowCount,
      threshold_value: null,
      breached: false,
      data_type: '',
    },
    {
      group: '',
      metric_name: 'TargetRowCount',
      metric_value: prod.rowCount,
      threshold_value: null,
      breached: false,
      data_type: '',
    },
  );
  return {
    ok: true,
    signal: 'feature_attribution_drift',
    rows,
    rowCounts: { reference: ref.rowCount, production: prod.rowCount },
    breached,
  };
}
