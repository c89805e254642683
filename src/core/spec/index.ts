/** Public API of the monitor spec: parse a YAML into a `MonitorSpec` or a list of problems. */
export { parseMonitorYaml, describeDocument, type SpecResult } from './parse.js';
export { formatIssue, type SpecIssue, type SpecWarning, type SpecWarningKind } from './issues.js';
export { defaultWindowSize, parseEndpointDeploymentId, DEFAULT_DRIFT_THRESHOLDS } from './normalize.js';
export * from './metrics.js';
export type * from './types.js';
