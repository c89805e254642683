/**
 * The outcome of evaluating one monitor at one run time. Its JSON form is the `model-monitor evaluate
 * --format json` contract (issue 4) and what the scheduled runs store, publish and mail (issue 5).
 */

export type RunStatus = 'Completed' | 'Failed';
export type SignalStatus = 'Completed' | 'Failed' | 'Skipped';
export type DataType = 'Numerical' | 'Categorical' | '';

/** One row of a signal's `signal_metrics` (Azure's custom-signal schema, plus `breached` and `data_type`). */
export interface MetricRow {
  readonly group: string;
  readonly group_dimension?: string;
  readonly metric_name: string;
  readonly metric_value: number | null;
  readonly threshold_value: number | null;
  readonly breached: boolean;
  readonly data_type: DataType;
  /** Data quality: the reference rate the relative threshold was built from. */
  readonly baseline_value?: number | null;
}

/** Reference vs production counts for display; numerical bins or categories (top 100 + "Other"). */
export type HistogramBucket =
  | {
      readonly lowerBound: number;
      readonly upperBound: number;
      readonly baselineCount: number;
      readonly targetCount: number;
    }
  | { readonly category: string; readonly baselineCount: number; readonly targetCount: number };

export interface FeatureHistogram {
  readonly featureName: string;
  readonly dataType: DataType;
  readonly histogram: readonly HistogramBucket[];
}

export interface SignalResult {
  readonly type: string;
  readonly status: SignalStatus;
  readonly error?: string;
  readonly breached: boolean;
  readonly alertEnabled: boolean;
  readonly window?: { readonly start: string; readonly end: string };
  readonly rowCounts: Readonly<Record<string, number>>;
  readonly metrics: readonly MetricRow[];
  readonly histograms?: readonly FeatureHistogram[];
  readonly notes?: readonly string[];
}

export interface EvaluationResult {
  readonly monitor: string;
  readonly runTime: string;
  readonly status: RunStatus;
  readonly signals: Readonly<Record<string, SignalResult>>;
  readonly notes?: readonly string[];
}

/** DESIGN §7: Failed when an alert-enabled signal breached or any signal errored; skipped signals don't count. */
export function runStatusOf(signals: Readonly<Record<string, SignalResult>>): RunStatus {
  for (const s of Object.values(signals)) {
    if (s.status === 'Failed') return 'Failed';
    if (s.status === 'Completed' && s.breached && s.alertEnabled) return 'Failed';
  }
  return 'Completed';
}
