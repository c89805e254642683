/** Smart and out-of-box defaults applied to real YAMLs (AZUREML-MONITORING-FACTS §3, §3.8; DESIGN §4). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMonitorYaml, type MonitorSignal, type MonitorSpec } from '../../../src/core/spec/index.js';
import { AZUREML_YAMLS_DIR } from '../../helpers/paths.js';

const read = (name: string): string => readFileSync(path.join(AZUREML_YAMLS_DIR, name), 'utf8');
function spec(text: string): MonitorSpec {
  const r = parseMonitorYaml(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.spec;
}
function signal<T extends MonitorSignal['type']>(
  s: MonitorSpec,
  name: string,
  type: T,
): Extract<MonitorSignal, { type: T }> {
  const found = s.signals.find((x) => x.name === name);
  if (found?.type !== type) throw new Error(`no ${type} signal ${name}`);
  return found as Extract<MonitorSignal, { type: T }>;
}

describe('out-of-box monitor', () => {
  const s = spec(read('azureml-examples__cli__monitoring__out-of-box-monitoring.yaml'));
  it('creates the three signals on the deployment collector data with the SDK smart defaults', () => {
    expect(s.outOfBox).toBe(true);
    expect(s.target).toMatchObject({
      endpoint: 'credit-default',
      deployment: 'main',
      mlTask: 'classification',
    });
    expect(s.signals.map((x) => `${x.name}:${x.type}`)).toEqual([
      'data-drift-signal:data_drift',
      'prediction-drift-signal:prediction_drift',
      'data-quality-signal:data_quality',
    ]);
    const drift = signal(s, 'data-drift-signal', 'data_drift');
    expect(drift.thresholds).toEqual({
      numerical: { metric: 'normalized_wasserstein_distance', threshold: 0.1 },
      categorical: { metric: 'jensen_shannon_distance', threshold: 0.1 },
    });
    expect(drift.features).toEqual({ kind: 'all' });
    expect(drift.alertEnabled).toBe(true);
    expect(drift.production.collector).toEqual({
      endpoint: 'credit-default',
      deployment: 'main',
      collection: 'model_inputs',
    });
    expect(drift.production.path).toBe('azureml:credit-default-main-model_inputs');
    expect(drift.reference.window).toEqual({ kind: 'trailing', size: 'P2D', offset: 'P1D' });
    expect(signal(s, 'prediction-drift-signal', 'prediction_drift').production.collector?.collection).toBe(
      'model_outputs',
    );
    const dq = signal(s, 'data-quality-signal', 'data_quality');
    expect(dq.thresholds.numerical).toEqual([
      { metric: 'null_value_rate', threshold: 0 },
      { metric: 'data_type_error_rate', threshold: 0 },
      { metric: 'out_of_bounds_rate', threshold: 0 },
    ]);
    expect(dq.thresholds.categorical).toEqual(dq.thresholds.numerical);
    expect(s.alertNotification).toEqual({ emails: ['abc@example.com', 'def@example.com'] });
  });
});

describe('signal defaults and translations', () => {
  it('a missing feature type in metric_thresholds gets the smart default; the given one is kept', () => {
    const s = spec(read('azureml-examples__cli__monitoring__model-monitoring-with-collected-data.yaml'));
    const pd = signal(s, 'advanced_prediction_drift', 'prediction_drift');
    expect(pd.thresholds).toEqual({
      numerical: { metric: 'normalized_wasserstein_distance', threshold: 0.1 },
      categorical: { metric: 'pearsons_chi_squared_test', threshold: 0.02 },
    });
    const dd = signal(s, 'advanced_data_drift', 'data_drift');
    expect(dd.features).toEqual({ kind: 'top_n', n: 20 });
    expect(dd.reference.columns).toEqual({ target_column: 'is_fraud' });
    expect(dd.production.preProcessingComponent).toBe('azureml:production_data_preprocessing:1.0.0');
  });

  it('older list-form thresholds become typed thresholds (missing threshold → smart default)', () => {
    const s = spec(
      read('azureml-examples__cli__monitoring__advanced-with-feature-importance-monitoring@bb27ad749.yaml'),
    );
    expect(signal(s, 'advanced_data_drift', 'data_drift').thresholds).toEqual({
      numerical: { metric: 'jensen_shannon_distance', threshold: 0.01 },
      categorical: { metric: 'pearsons_chi_squared_test', threshold: 0.02 },
    });
    expect(signal(s, 'advanced_data_quality', 'data_quality').thresholds).toEqual({
      numerical: [{ metric: 'null_value_rate', threshold: 0 }],
      categorical: [{ metric: 'out_of_bounds_rate', threshold: 0 }],
    });
    const fad = signal(s, 'feature_attribution_drift_signal', 'feature_attribution_drift');
    expect(fad.threshold).toBe(0.9);
    expect(fad.production.map((p) => p.dataContext)).toEqual(['model_inputs_outputs']);
    expect(fad.reference.columns.target_column).toBe('fraud_detected');
  });

  it('model performance: classification/tabular_classification and mae/long names', () => {
    const base = read(
      'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__model_performance@052e115.yaml',
    );
    const tab = spec(
      base.replace(
        '        classification:\n',
        '        tabular_classification:\n          precision: 0.8\n',
      ),
    );
    expect(signal(tab, 'testSignal', 'model_performance').thresholds.classification).toEqual([
      { metric: 'accuracy', threshold: 0.9 },
      { metric: 'precision', threshold: 0.8 },
    ]);
    const reg = spec(
      base.replace(
        '        classification:\n          accuracy: 0.9',
        '        regression:\n          mae: 1.5\n          root_mean_squared_error: 2',
      ),
    );
    expect(signal(reg, 'testSignal', 'model_performance').thresholds.regression).toEqual([
      { metric: 'mean_absolute_error', threshold: 1.5 },
      { metric: 'root_mean_squared_error', threshold: 2 },
    ]);
  });

  it('custom signals keep list-form thresholds and component inputs', () => {
    const s = spec(read('azureml-examples__cli__monitoring__custom-monitoring.yaml'));
    const c = signal(s, 'customSignal', 'custom');
    expect(c.componentId).toBe('azureml:my_custom_signal:1.0.0');
    expect(c.thresholds).toEqual([{ metric: 'std_dev', threshold: 2 }]);
    expect(Object.keys(c.inputs)).toEqual(['test_data_1', 'test_data_2']);
    expect(c.inputs.test_data_2?.preProcessingComponent).toBe('azureml:custom_preprocessor:1.0.0');
  });

  it('generative signals are kept, skipped with a reason', () => {
    const s = spec(read('azureml-examples__cli__monitoring__generation-safety-quality-monitoring.yaml'));
    const g = s.signals[0];
    expect(g?.type).toBe('generation_safety_quality');
    expect(g?.skipped?.reason).toMatch(/not supported/);
  });

  it('alert_enabled defaults to true and can be turned off', () => {
    const base = read('azureml-examples__cli__monitoring__advanced-model-monitoring.yaml');
    const edited = base.replace(
      '      alert_enabled: true\n      metric_thresholds:\n        numerical:\n          jensen',
      '      alert_enabled: false\n      metric_thresholds:\n        numerical:\n          jensen',
    );
    expect(edited).not.toBe(base);
    const off = spec(edited);
    expect(signal(off, 'advanced_data_drift', 'data_drift').alertEnabled).toBe(false);
    const s = spec(
      read(
        'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__model_performance@052e115.yaml',
      ),
    );
    expect(s.signals[0]?.alertEnabled).toBe(true);
  });
});

describe('drift threshold of 0', () => {
  const yaml = (numerical: string): string =>
    [
      'name: zero_threshold',
      'trigger: {type: recurrence, frequency: day, interval: 1}',
      'create_monitor:',
      '  monitoring_target: {endpoint_deployment_id: azureml:credit-default:main}',
      '  monitoring_signals:',
      '    drift:',
      '      type: data_drift',
      `      metric_thresholds: {numerical: ${numerical}}`,
      '',
    ].join('\n');

  it('counts as not set, as in Azure ML: the next metric set is used, with a warning', () => {
    const r = parseMonitorYaml(yaml('{jensen_shannon_distance: 0, population_stability_index: 0.2}'));
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    expect(signal(r.spec, 'drift', 'data_drift').thresholds.numerical).toEqual({
      metric: 'population_stability_index',
      threshold: 0.2,
    });
    expect(r.warnings.map((w) => w.message)).toContain(
      'jensen_shannon_distance: a threshold of 0 counts as not set (as in Azure ML), so it is not used',
    );
  });

  it('falls back to the smart default when every metric given is 0', () => {
    const r = parseMonitorYaml(yaml('{jensen_shannon_distance: 0}'));
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    expect(signal(r.spec, 'drift', 'data_drift').thresholds.numerical).toEqual({
      metric: 'normalized_wasserstein_distance',
      threshold: 0.1,
    });
  });
});
