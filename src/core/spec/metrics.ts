/** Metric and enum names of monitor YAMLs (snake_case as in YAML) and the Azure output names they map to. */

export const SIGNAL_TYPES = [
  'data_drift',
  'prediction_drift',
  'data_quality',
  'feature_attribution_drift',
  'model_performance',
  'custom',
  'generation_safety_quality',
  'generation_token_statistics',
] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

export const DATA_CONTEXTS = [
  'model_inputs',
  'model_outputs',
  'model_inputs_outputs',
  'training',
  'test',
  'validation',
  'ground_truth',
] as const;
export type DataContext = (typeof DATA_CONTEXTS)[number];

/** In the order Azure picks the one metric per feature type (`_find_name_and_threshold`). */
export const DRIFT_NUMERICAL_METRICS = [
  'jensen_shannon_distance',
  'normalized_wasserstein_distance',
  'population_stability_index',
  'two_sample_kolmogorov_smirnov_test',
] as const;
export const DRIFT_CATEGORICAL_METRICS = [
  'jensen_shannon_distance',
  'population_stability_index',
  'pearsons_chi_squared_test',
] as const;
export type DriftNumericalMetric = (typeof DRIFT_NUMERICAL_METRICS)[number];
export type DriftCategoricalMetric = (typeof DRIFT_CATEGORICAL_METRICS)[number];

export const DATA_QUALITY_METRICS = [
  'null_value_rate',
  'data_type_error_rate',
  'out_of_bounds_rate',
] as const;
export type DataQualityMetric = (typeof DATA_QUALITY_METRICS)[number];

export const CLASSIFICATION_METRICS = ['accuracy', 'precision', 'recall'] as const;
export type ClassificationMetric = (typeof CLASSIFICATION_METRICS)[number];
export const REGRESSION_METRICS = [
  'mean_absolute_error',
  'mean_squared_error',
  'root_mean_squared_error',
] as const;
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];
export const REGRESSION_SHORT_METRICS = ['mae', 'mse', 'rmse'] as const;
export const REGRESSION_SHORT_TO_LONG: Readonly<
  Record<(typeof REGRESSION_SHORT_METRICS)[number], RegressionMetric>
> = {
  mae: 'mean_absolute_error',
  mse: 'mean_squared_error',
  rmse: 'root_mean_squared_error',
};

/** Azure's `metric_name` output constants (AZUREML-MONITORING-FACTS §3) for the YAML metric names. */
export const AZURE_METRIC_NAMES: Readonly<Record<string, string>> = {
  jensen_shannon_distance: 'JensenShannonDistance',
  normalized_wasserstein_distance: 'NormalizedWassersteinDistance',
  population_stability_index: 'PopulationStabilityIndex',
  two_sample_kolmogorov_smirnov_test: 'TwoSampleKolmogorovSmirnovTest',
  pearsons_chi_squared_test: 'PearsonsChiSquaredTest',
  null_value_rate: 'NullValueRate',
  data_type_error_rate: 'DataTypeErrorRate',
  out_of_bounds_rate: 'OutOfBoundsRate',
  normalized_discounted_cumulative_gain: 'NormalizedDiscountedCumulativeGain',
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  mean_absolute_error: 'MeanAbsoluteError',
  mean_squared_error: 'MeanSquaredError',
  root_mean_squared_error: 'RootMeanSquaredError',
};
