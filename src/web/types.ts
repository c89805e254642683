/** The read API's JSON, as the pages use it. */
export interface LastRunView {
  readonly runId: string;
  readonly status: string;
  readonly time: string;
  readonly breachedSignals: readonly string[];
  readonly breachedCount: number;
}

export interface MonitorSummary {
  readonly name: string;
  readonly displayName?: string;
  readonly enabled: boolean;
  readonly invalid?: string;
  readonly target: { readonly text: string };
  readonly schedule: string;
  readonly timeZone: string;
  readonly signals: readonly { readonly name: string; readonly type: string }[];
  readonly lastRun: LastRunView | null;
  readonly nextRun: string | null;
}

export interface Breach {
  readonly signal: string;
  readonly feature: string;
  readonly metric: string;
  readonly value: number | null;
  readonly threshold: number | null;
}

export interface SignalView {
  readonly name: string;
  readonly type: string;
  readonly alertEnabled: boolean;
  readonly thresholds: readonly {
    readonly metric: string;
    readonly threshold: number;
    readonly applies?: string;
  }[];
  readonly status: string;
  readonly breached: boolean;
  readonly error?: string;
  readonly skipped?: string;
}

export interface RunView {
  readonly monitor: string;
  readonly runId: string;
  readonly status: string;
  readonly scheduledTime: string;
  readonly durationMs?: number;
  readonly signals: Readonly<Record<string, { status: string; breached: boolean; error?: string }>>;
  readonly breachedFeatures: readonly Breach[];
  readonly breachedCount: number;
  readonly errors: readonly string[];
  readonly notes: readonly string[];
}

export interface MonitorDetail extends Omit<MonitorSummary, 'signals'> {
  readonly signals: readonly SignalView[];
  readonly notifications: {
    readonly runId: string;
    readonly scheduledTime: string;
    readonly breachedCount: number;
    readonly signals: readonly { readonly signal: string; readonly breaches: readonly Breach[] }[];
  } | null;
  readonly runs: readonly RunView[];
}

export interface FeatureMetric {
  readonly metricName: string;
  readonly metricValue?: number | null;
  readonly targetValue?: number | null;
  readonly baselineValue?: number | null;
  readonly threshold?: number;
}

export interface FeatureDoc {
  readonly dataType: string;
  readonly histogram?: string;
  readonly metrics: readonly FeatureMetric[];
}

export interface SignalResultView {
  readonly monitor: string;
  readonly runId: string;
  readonly scheduledTime: string;
  readonly timeZone: string;
  readonly signal: string;
  readonly type?: string;
  readonly summary: { status: string; breached: boolean } | null;
  readonly document: {
    readonly signalType: string;
    readonly metrics: { readonly features?: Readonly<Record<string, FeatureDoc>> } & Record<string, unknown>;
  };
}

export interface Point {
  readonly runTime: string;
  readonly runId: string;
  readonly feature: string;
  readonly groupDimension?: string;
  readonly metric: string;
  readonly value: number | null;
  readonly valueText?: string;
  readonly threshold: number | null;
  readonly breached: boolean;
}

export type Bucket =
  | {
      readonly lowerBound: number;
      readonly upperBound: number;
      readonly baselineCount: number;
      readonly targetCount: number;
    }
  | { readonly category: string; readonly baselineCount: number; readonly targetCount: number };

export interface HistogramView {
  readonly featureName: string;
  readonly histogram: readonly Bucket[];
}
