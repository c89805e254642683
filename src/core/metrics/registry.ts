/**
 * One registry of every metric: Azure output name, YAML key, which feature types it applies to, breach
 * direction and default threshold (FACTS §3, DESIGN §6). Signals look metrics up here; nothing else hard-codes
 * a direction.
 */
import {
  jensenShannonDistance,
  normalizedWassersteinDistance,
  pearsonsChiSquaredPValue,
  populationStabilityIndex,
} from './distances.js';
import { ks2SampSorted } from './ks.js';

/** What a numerical drift metric sees: both sorted samples (nulls dropped) and their counts on the shared bins. */
export interface NumericalDriftInput {
  readonly refSorted: Float64Array;
  readonly prodSorted: Float64Array;
  readonly refCounts: Float64Array;
  readonly prodCounts: Float64Array;
}

/** What a categorical drift metric sees: counts per category over the union of categories. */
export interface CategoricalDriftInput {
  readonly refCounts: Float64Array;
  readonly prodCounts: Float64Array;
}

export type FeatureType = 'numerical' | 'categorical';
export type Direction = 'higher_is_bad' | 'lower_is_bad';
export type MetricFamily = 'drift' | 'quality' | 'classification' | 'regression' | 'attribution';

export type DriftMetricKey =
  | 'jensen_shannon_distance'
  | 'normalized_wasserstein_distance'
  | 'population_stability_index'
  | 'two_sample_kolmogorov_smirnov_test'
  | 'pearsons_chi_squared_test';
export type QualityMetricKey = 'null_value_rate' | 'data_type_error_rate' | 'out_of_bounds_rate';
export type ClassificationMetricKey = 'accuracy' | 'precision' | 'recall';
export type RegressionMetricKey = 'mean_absolute_error' | 'mean_squared_error' | 'root_mean_squared_error';

export type MetricName =
  | 'JensenShannonDistance'
  | 'NormalizedWassersteinDistance'
  | 'PopulationStabilityIndex'
  | 'TwoSampleKolmogorovSmirnovTest'
  | 'PearsonsChiSquaredTest'
  | 'NullValueRate'
  | 'DataTypeErrorRate'
  | 'OutOfBoundsRate'
  | 'NormalizedDiscountedCumulativeGain'
  | 'Accuracy'
  | 'Precision'
  | 'Recall'
  | 'MeanAbsoluteError'
  | 'MeanSquaredError'
  | 'RootMeanSquaredError';

export interface MetricInfo {
  readonly name: MetricName;
  /** The snake_case key used in monitor YAML `metric_thresholds`. */
  readonly yamlKey: string;
  /** Other YAML spellings accepted for the same metric (e.g. `mae`). */
  readonly yamlAliases: readonly string[];
  readonly family: MetricFamily;
  readonly featureTypes: readonly FeatureType[];
  readonly direction: Direction;
  /** The threshold Azure's SDK fills in when the YAML gives none (undefined: no default). */
  readonly defaultThreshold: number | undefined;
  /** Quality metrics compare with reference rate + threshold (★ relative threshold). */
  readonly relativeThreshold: boolean;
  /** Drift metrics only: the computation per feature type. */
  readonly computeNumerical?: (input: NumericalDriftInput) => number;
  readonly computeCategorical?: (input: CategoricalDriftInput) => number;
}

const COMPUTE: Partial<Record<string, Pick<MetricInfo, 'computeNumerical' | 'computeCategorical'>>> = {
  JensenShannonDistance: {
    computeNumerical: (x) => jensenShannonDistance(x.refCounts, x.prodCounts),
    computeCategorical: (x) => jensenShannonDistance(x.refCounts, x.prodCounts),
  },
  NormalizedWassersteinDistance: {
    computeNumerical: (x) => normalizedWassersteinDistance(x.refSorted, x.prodSorted),
  },
  PopulationStabilityIndex: {
    computeNumerical: (x) => populationStabilityIndex(x.refCounts, x.prodCounts),
    computeCategorical: (x) => populationStabilityIndex(x.refCounts, x.prodCounts),
  },
  TwoSampleKolmogorovSmirnovTest: {
    computeNumerical: (x) => ks2SampSorted(x.refSorted, x.prodSorted).pvalue,
  },
  PearsonsChiSquaredTest: {
    computeCategorical: (x) => pearsonsChiSquaredPValue(x.refCounts, x.prodCounts),
  },
};

const both: readonly FeatureType[] = ['numerical', 'categorical'];
const none: readonly FeatureType[] = [];

function m(
  name: MetricName,
  yamlKey: string,
  family: MetricFamily,
  featureTypes: readonly FeatureType[],
  direction: Direction,
  defaultThreshold: number | undefined,
  yamlAliases: readonly string[] = [],
): MetricInfo {
  return {
    ...COMPUTE[name],
    name,
    yamlKey,
    yamlAliases,
    family,
    featureTypes,
    direction,
    defaultThreshold,
    relativeThreshold: family === 'quality',
  };
}

export const METRICS: readonly MetricInfo[] = [
  m('JensenShannonDistance', 'jensen_shannon_distance', 'drift', both, 'higher_is_bad', 0.1),
  m(
    'NormalizedWassersteinDistance',
    'normalized_wasserstein_distance',
    'drift',
    ['numerical'],
    'higher_is_bad',
    0.1,
  ),
  m('PopulationStabilityIndex', 'population_stability_index', 'drift', both, 'higher_is_bad', undefined),
  m(
    'TwoSampleKolmogorovSmirnovTest',
    'two_sample_kolmogorov_smirnov_test',
    'drift',
    ['numerical'],
    'lower_is_bad',
    undefined,
  ),
  m(
    'PearsonsChiSquaredTest',
    'pearsons_chi_squared_test',
    'drift',
    ['categorical'],
    'lower_is_bad',
    undefined,
    ['chi_squared_test'],
  ),
  m('NullValueRate', 'null_value_rate', 'quality', both, 'higher_is_bad', 0),
  m('DataTypeErrorRate', 'data_type_error_rate', 'quality', both, 'higher_is_bad', 0),
  m('OutOfBoundsRate', 'out_of_bounds_rate', 'quality', both, 'higher_is_bad', 0),
  m(
    'NormalizedDiscountedCumulativeGain',
    'normalized_discounted_cumulative_gain',
    'attribution',
    none,
    'lower_is_bad',
    undefined,
  ),
  m('Accuracy', 'accuracy', 'classification', none, 'lower_is_bad', undefined),
  m('Precision', 'precision', 'classification', none, 'lower_is_bad', undefined),
  m('Recall', 'recall', 'classification', none, 'lower_is_bad', undefined),
  m('MeanAbsoluteError', 'mean_absolute_error', 'regression', none, 'higher_is_bad', undefined, ['mae']),
  m('MeanSquaredError', 'mean_squared_error', 'regression', none, 'higher_is_bad', undefined, ['mse']),
  m('RootMeanSquaredError', 'root_mean_squared_error', 'regression', none, 'higher_is_bad', undefined, [
    'rmse',
  ]),
];

const BY_NAME = new Map(METRICS.map((x) => [x.name as string, x]));
const BY_KEY = new Map(METRICS.flatMap((x) => [x.yamlKey, ...x.yamlAliases].map((k) => [k, x] as const)));

export function metricByName(name: string): MetricInfo | undefined {
  return BY_NAME.get(name);
}

export function metricByYamlKey(key: string): MetricInfo | undefined {
  return BY_KEY.get(key);
}

/** Drift metric preference when several are configured for one feature type (FACTS §3.1). */
export const DRIFT_METRIC_ORDER: readonly DriftMetricKey[] = [
  'jensen_shannon_distance',
  'normalized_wasserstein_distance',
  'population_stability_index',
  'two_sample_kolmogorov_smirnov_test',
  'pearsons_chi_squared_test',
];

/**
 * The breach rule: value > threshold, or value < threshold for lower-is-bad metrics (and custom metrics are
 * higher-is-bad). Equality never breaches; a NaN value or threshold never breaches.
 */
export function isBreached(metricName: string, value: number, threshold: number): boolean {
  if (Number.isNaN(value) || Number.isNaN(threshold)) return false;
  const direction = metricByName(metricName)?.direction ?? 'higher_is_bad';
  return direction === 'lower_is_bad' ? value < threshold : value > threshold;
}
