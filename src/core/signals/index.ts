/** Signal computation: one module per signal type (pure; inputs are tables and plain configs). */
export { computeDrift, driftMetricsFor, DEFAULT_DRIFT_THRESHOLDS } from './drift.js';
export type { DriftSignalConfig, DriftOptions } from './drift.js';
export { computeDataQuality } from './quality.js';
export type { DataQualitySignalConfig } from './quality.js';
export { computeModelPerformance } from './performance.js';
export type { ModelPerformanceSignalConfig } from './performance.js';
export { computeCustom } from './custom.js';
export type {
  CustomModuleLoader,
  CustomSignalArgs,
  CustomSignalConfig,
  CustomSignalFunction,
  CustomSignalRow,
} from './custom.js';
export { featureTypeOf, selectFeatures } from './features.js';
export * from './types.js';
