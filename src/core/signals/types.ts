/**
 * Plain config and result types shared by the signals. Configs stay close to the monitor YAML (keys in
 * snake_case where the YAML has them); the spec helper maps parsed YAML + loaded tables onto them.
 */
import type { Table } from '../data/table.js';
import type { FeatureType } from '../metrics/registry.js';

export type { FeatureType };

/** YAML `features`: a list, `all_features`, or `{top_n_feature_importance: N}`; undefined when omitted. */
export type FeatureSelection =
  readonly string[] | 'all_features' | { readonly top_n_feature_importance: number };

/** Inputs every table-based signal uses to choose and type its features. */
export interface FeatureContext {
  readonly production: Table;
  readonly reference: Table;
  readonly features?: FeatureSelection | undefined;
  readonly feature_type_override?: Readonly<Record<string, FeatureType>> | undefined;
  /** The reference's `data_column_names.target_column` (excluded from all_features, needed for the top-N default). */
  readonly target_column?: string | undefined;
  /** Correlation-id columns (from `data_column_names`), excluded from all_features. */
  readonly correlation_id_columns?: readonly string[] | undefined;
  /**
   * Metadata columns ingestion adds (recorded in Arrow schema metadata `modelmonitor.roles`): a list of names or a
   * predicate. Excluded from all_features.
   */
  readonly excluded_columns?: readonly string[] | ((name: string) => boolean) | undefined;
  /** The reference's data_context is `training` (with a target column, the default selection is the top 10). */
  readonly reference_is_training?: boolean | undefined;
  /** Feature importances (from the attribution helper) for top-N selection. */
  readonly importances?: ReadonlyMap<string, number> | undefined;
}

/** `metric_thresholds` of drift and quality signals: `{numerical: {key: v}, categorical: {key: v}}`. */
export interface TypedThresholds {
  readonly numerical?: Readonly<Record<string, number>> | undefined;
  readonly categorical?: Readonly<Record<string, number>> | undefined;
}

export type DataTypeLabel = 'Numerical' | 'Categorical' | '';

/** One evaluated metric, in the custom-signal `signal_metrics` shape plus `breached`. */
export interface SignalMetricRow {
  readonly group: string;
  readonly group_dimension?: string;
  readonly metric_name: string;
  readonly metric_value: number;
  readonly threshold_value: number;
  /** value > threshold (value < threshold for lower-is-bad metrics); never for NaN (see `value_is_nan`). */
  readonly breached: boolean;
  readonly data_type: DataTypeLabel;
  /** True when metric_value is NaN (e.g. chi-squared with a single category): reported, never breaching. */
  readonly value_is_nan?: true;
  /** Data quality: the reference rate the relative threshold is built from. */
  readonly baseline_value?: number;
}

export interface RowCounts {
  readonly reference?: number;
  readonly production: number;
  /** Model performance: rows of the inner join, and production rows with no ground truth yet. */
  readonly joined?: number;
  readonly without_ground_truth?: number;
}

export interface NumericalHistogramBucket {
  readonly lowerBound: number;
  readonly upperBound: number;
  readonly baselineCount: number;
  readonly targetCount: number;
}
export interface CategoricalHistogramBucket {
  readonly category: string;
  readonly baselineCount: number;
  readonly targetCount: number;
}
/** FACTS §7.2 histogram file shape. */
export interface FeatureHistogram {
  readonly featureName: string;
  readonly dataType: 'Numerical' | 'Categorical';
  readonly histogram: readonly NumericalHistogramBucket[] | readonly CategoricalHistogramBucket[];
}

export interface FeatureCounts {
  readonly name: string;
  readonly type: FeatureType;
  /** Values used for drift after dropping nulls and non-conforming values. */
  readonly reference_values: number;
  readonly production_values: number;
  readonly production_nulls: number;
  readonly production_type_errors: number;
}

export type SignalType = 'data_drift' | 'prediction_drift' | 'data_quality' | 'model_performance' | 'custom';

export type SignalErrorCode =
  | 'empty_production'
  | 'empty_reference'
  | 'no_common_columns'
  | 'feature_missing'
  | 'all_null_feature'
  | 'no_features'
  | 'importances_missing'
  | 'column_missing'
  | 'empty_join'
  | 'custom_failed'
  | 'custom_invalid_output';

export interface SignalError {
  readonly code: SignalErrorCode;
  readonly message: string;
  readonly feature?: string;
}

export interface SignalSuccess {
  readonly ok: true;
  readonly signal_type: SignalType;
  readonly rows: readonly SignalMetricRow[];
  readonly row_counts: RowCounts;
  readonly features?: readonly FeatureCounts[];
  readonly histograms?: readonly FeatureHistogram[];
  /** True when any row breached. */
  readonly breached: boolean;
}

export interface SignalFailure {
  readonly ok: false;
  readonly signal_type: SignalType;
  readonly error: SignalError;
}

export type SignalResult = SignalSuccess | SignalFailure;

export function signalError(
  signal_type: SignalType,
  code: SignalErrorCode,
  message: string,
  feature?: string,
): SignalFailure {
  return {
    ok: false,
    signal_type,
    error: feature === undefined ? { code, message } : { code, message, feature },
  };
}
