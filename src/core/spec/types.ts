/**
 * The validated monitor: every default applied (windows resolved to ISO durations, thresholds filled with the
 * SDK's smart defaults, collector inputs for deployments). This is what `evaluate` consumes.
 */
import type { Trigger } from '../schedule/trigger.js';
import type {
  ClassificationMetric,
  DataContext,
  DataQualityMetric,
  DriftCategoricalMetric,
  DriftNumericalMetric,
  RegressionMetric,
} from './metrics.js';

/** How an input is cut in time. Durations are ISO-8601 strings; static bounds are ISO strings as written. */
export type WindowSpec =
  | { readonly kind: 'trailing'; readonly size: string; readonly offset: string }
  | { readonly kind: 'static'; readonly start: string; readonly end: string }
  | { readonly kind: 'whole' };

export interface CollectorSource {
  readonly endpoint: string;
  readonly deployment: string;
  readonly collection: 'model_inputs' | 'model_outputs';
}

export interface DataInput {
  readonly type: 'mltable' | 'uri_folder' | 'uri_file';
  /** `azureml:<name>:<version>`, `azureml:<name>`, `azureml://datastores/...`, `https://...` or a local path. */
  readonly path: string;
  readonly dataContext?: DataContext;
  readonly window: WindowSpec;
  /** `data_column_names` (a reference `target_column_name` is folded in as `target_column`). */
  readonly columns: Readonly<Record<string, string>>;
  readonly preProcessingComponent?: string;
  /** Present when the input was not in the YAML and defaults to the deployment's data collector. */
  readonly collector?: CollectorSource;
}

export type FeatureSelection =
  /** `defaulted`: `features` was absent (Azure then takes the top 10 by importance on a training reference). */
  | { readonly kind: 'all'; readonly defaulted?: true }
  | { readonly kind: 'list'; readonly names: readonly string[] }
  | { readonly kind: 'top_n'; readonly n: number };

export interface MetricThreshold<M extends string> {
  readonly metric: M;
  readonly threshold: number;
}

export interface DataSegment {
  readonly featureName: string;
  readonly featureValues: readonly string[];
}

interface SignalBase {
  readonly name: string;
  readonly alertEnabled: boolean;
  readonly properties: Readonly<Record<string, string>>;
  /** Set when the signal is not evaluated here (generative signals); its status is `Skipped`. */
  readonly skipped?: { readonly reason: string };
}

export interface DriftThresholds {
  /** The one metric used per feature type (Azure's order JSD > NWD > PSI > KS/chi²). */
  readonly numerical: MetricThreshold<DriftNumericalMetric>;
  readonly categorical: MetricThreshold<DriftCategoricalMetric>;
}

export interface DataDriftSignal extends SignalBase {
  readonly type: 'data_drift';
  readonly production: DataInput;
  readonly reference: DataInput;
  readonly features: FeatureSelection;
  readonly featureTypeOverride: Readonly<Record<string, 'numerical' | 'categorical'>>;
  readonly dataSegment?: DataSegment;
  readonly thresholds: DriftThresholds;
}

export interface PredictionDriftSignal extends SignalBase {
  readonly type: 'prediction_drift';
  readonly production: DataInput;
  readonly reference: DataInput;
  readonly thresholds: DriftThresholds;
}

export interface DataQualitySignal extends SignalBase {
  readonly type: 'data_quality';
  readonly production: DataInput;
  readonly reference: DataInput;
  readonly features: FeatureSelection;
  readonly featureTypeOverride: Readonly<Record<string, 'numerical' | 'categorical'>>;
  /** Configured thresholds (the effective one is reference rate + this, AZUREML-MONITORING-FACTS §3.3). */
  readonly thresholds: {
    readonly numerical: readonly MetricThreshold<DataQualityMetric>[];
    readonly categorical: readonly MetricThreshold<DataQualityMetric>[];
  };
}

export interface FeatureAttributionDriftSignal extends SignalBase {
  readonly type: 'feature_attribution_drift';
  /** model_inputs and model_outputs (joined on correlation id), or one model_inputs_outputs input. */
  readonly production: readonly DataInput[];
  readonly reference: DataInput;
  /** NDCG; breach when NDCG < threshold. Undefined when the YAML sets none (never breaches). */
  readonly threshold?: number;
}

export interface ModelPerformanceSignal extends SignalBase {
  readonly type: 'model_performance';
  readonly production: DataInput;
  readonly reference: DataInput;
  readonly dataSegment?: DataSegment;
  readonly thresholds: {
    readonly classification: readonly MetricThreshold<ClassificationMetric>[];
    /** Long names; `mae/mse/rmse` are mapped. */
    readonly regression: readonly MetricThreshold<RegressionMetric>[];
  };
}

export interface CustomSignal extends SignalBase {
  readonly type: 'custom';
  readonly componentId: string;
  /** Component data inputs by input name. */
  readonly inputs: Readonly<Record<string, DataInput>>;
  /** Extra `inputs:` (literals or job inputs), passed through. */
  readonly literalInputs: Readonly<Record<string, unknown>>;
  readonly connection?: {
    readonly environmentVariables: Readonly<Record<string, string>>;
    readonly secretConfig: Readonly<Record<string, string>>;
  };
  readonly thresholds: readonly MetricThreshold<string>[];
}

export interface GenerativeSignal extends SignalBase {
  readonly type: 'generation_safety_quality' | 'generation_token_statistics';
  readonly skipped: { readonly reason: string };
  /** The YAML as written (not validated further). */
  readonly raw: Readonly<Record<string, unknown>>;
}

export type MonitorSignal =
  | DataDriftSignal
  | PredictionDriftSignal
  | DataQualitySignal
  | FeatureAttributionDriftSignal
  | ModelPerformanceSignal
  | CustomSignal
  | GenerativeSignal;

export interface MonitorSpec {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, string>>;
  readonly trigger: Trigger;
  /** W, the default production window size derived from the trigger (DESIGN §5). */
  readonly defaultWindowSize: string;
  readonly target: {
    readonly mlTask?: 'classification' | 'regression' | 'question_answering';
    readonly endpointDeploymentId?: string;
    /** Parsed from `azureml:<endpoint>:<deployment>` (or an ARM id) when possible. */
    readonly endpoint?: string;
    readonly deployment?: string;
    readonly modelId?: string;
  };
  /** True when `monitoring_signals` was absent and the out-of-box signals were created. */
  readonly outOfBox: boolean;
  /** In YAML order. */
  readonly signals: readonly MonitorSignal[];
  readonly alertNotification?: { readonly emails: readonly string[] } | 'azmonitoring';
}
