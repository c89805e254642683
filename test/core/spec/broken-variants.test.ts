/**
 * Broken variants of real monitor YAMLs: each edit gives the expected problem path, line and message.
 * Lines are found in the edited text (the line holding the marker), not hard-coded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, parseMonitorYaml, type SpecIssue } from '../../../src/core/spec/index.js';
import { AZUREML_YAMLS_DIR } from '../../helpers/paths.js';

const read = (name: string): string => readFileSync(path.join(AZUREML_YAMLS_DIR, name), 'utf8');
const ADVANCED = read('azureml-examples__cli__monitoring__advanced-model-monitoring.yaml');
const COLLECTED = read('azureml-examples__cli__monitoring__model-monitoring-with-collected-data.yaml');
const OLD_DRIFT = read(
  'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__data_drift@acdf6c0.yaml',
);
const MODEL_PERF = read(
  'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__model_performance@052e115.yaml',
);
const OUT_OF_BOX = read('azureml-examples__cli__monitoring__out-of-box-monitoring.yaml');

/** Replaces exactly one occurrence (fails loudly if the base YAML changed). */
function edit(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`edit anchor not unique: ${from}`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** 1-based line of the first line containing `marker` (after `after`, when given). */
function lineOf(text: string, marker: string, after?: string): number {
  const start = after === undefined ? 0 : text.indexOf(after);
  const i = text.indexOf(marker, start);
  if (i < 0) throw new Error(`marker not found: ${marker}`);
  return text.slice(0, i).split('\n').length;
}

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly path: string;
  readonly line: number;
  readonly message: RegExp;
}

const SIG = 'create_monitor.monitoring_signals';

const cases: Case[] = (() => {
  const out: Case[] = [];
  const add = (name: string, yaml: string, path: string, line: number, message: RegExp): void => {
    out.push({ name, yaml, path, line, message });
  };
  {
    const y = edit(ADVANCED, '      type: data_drift\n', '      type: data_drift\n      colour: blue\n');
    add(
      'unknown key',
      y,
      `${SIG}.advanced_data_drift.colour`,
      lineOf(y, 'colour: blue'),
      /^unknown key; expected one of type, production_data, reference_data, features, .*alert_enabled, properties$/,
    );
  }
  {
    const y = edit(ADVANCED, 'jensen_shannon_distance: 0.01', 'jensen_shannon: 0.01');
    add(
      'bad metric name',
      y,
      `${SIG}.advanced_data_drift.metric_thresholds.numerical.jensen_shannon`,
      lineOf(y, 'jensen_shannon: 0.01'),
      /^unknown metric; expected one of jensen_shannon_distance, normalized_wasserstein_distance, population_stability_index, two_sample_kolmogorov_smirnov_test$/,
    );
  }
  {
    const y = edit(ADVANCED, 'null_value_rate: 0.05', 'null_rate: 0.05');
    add(
      'bad data quality metric',
      y,
      `${SIG}.advanced_data_quality.metric_thresholds.numerical.null_rate`,
      lineOf(y, 'null_rate:'),
      /^unknown metric; expected one of null_value_rate, data_type_error_rate, out_of_bounds_rate$/,
    );
  }
  {
    const y = edit(ADVANCED, 'interval: 1 #', 'interval: daily #');
    add(
      'wrong type (interval)',
      y,
      'trigger.interval',
      lineOf(y, 'interval: daily'),
      /^expected a number, got the string 'daily'$/,
    );
  }
  {
    const y = edit(
      ADVANCED,
      'normalized_discounted_cumulative_gain: 0.9',
      'normalized_discounted_cumulative_gain: high',
    );
    add(
      'wrong type (threshold)',
      y,
      `${SIG}.feature_attribution_drift_signal.metric_thresholds.normalized_discounted_cumulative_gain`,
      lineOf(y, 'gain: high'),
      /^expected a number, got the string 'high'$/,
    );
  }
  {
    const y = edit(
      ADVANCED,
      '      alert_enabled: true\n      metric_thresholds:\n        numerical:\n          jensen',
      '      alert_enabled: sometimes\n      metric_thresholds:\n        numerical:\n          jensen',
    );
    add(
      'wrong type (alert_enabled)',
      y,
      `${SIG}.advanced_data_drift.alert_enabled`,
      lineOf(y, 'alert_enabled: sometimes'),
      /^expected true or false, got the string 'sometimes'$/,
    );
  }
  {
    const y = edit(
      ADVANCED,
      '        data_context: training\n        data_column_names:\n          target_column: DEFAULT_NEXT_MONTH\n      features:',
      '        data_context: training\n        data_window:\n          lookback_window_size: P7X\n        data_column_names:\n          target_column: DEFAULT_NEXT_MONTH\n      features:',
    );
    add(
      'bad duration',
      y,
      `${SIG}.advanced_data_drift.reference_data.data_window.lookback_window_size`,
      lineOf(y, 'P7X'),
      /^expected an ISO-8601 duration such as P7D, PT12H or P1M, or 'default'$/,
    );
  }
  {
    const y = edit(
      ADVANCED,
      '  type: recurrence\n  frequency: day #can be minute, hour, day, week, month\n  interval: 1 # #every day\n  schedule: \n    hours: 3 # at 3am\n    minutes: 15 # at 15 mins after 3am\n',
      '  type: cron\n  expression: "61 3 * * *"\n',
    );
    add(
      'bad cron value',
      y,
      'trigger.expression',
      lineOf(y, 'expression:'),
      /^invalid cron expression: bad minute value '61'; expected 0-59$/,
    );
  }
  {
    const y = edit(
      ADVANCED,
      '  type: recurrence\n  frequency: day #can be minute, hour, day, week, month\n  interval: 1 # #every day\n  schedule: \n    hours: 3 # at 3am\n    minutes: 15 # at 15 mins after 3am\n',
      '  type: cron\n  expression: "0 15 3 * * *"\n',
    );
    add(
      'cron with six fields',
      y,
      'trigger.expression',
      lineOf(y, 'expression:'),
      /^invalid cron expression: expected 5 fields \(minute hour day-of-month month day-of-week\), got 6$/,
    );
  }
  {
    const y = edit(ADVANCED, '  type: recurrence\n', '  type: recurrence\n  time_zone: Mars Standard Time\n');
    add(
      'unknown time zone',
      y,
      'trigger.time_zone',
      lineOf(y, 'time_zone:'),
      /^unknown time zone; expected a Windows zone name such as "Pacific Standard Time" or an IANA name/,
    );
  }
  {
    const y = edit(ADVANCED, '    hours: 3 # at 3am\n', '    hours: 24\n');
    add(
      'hour out of range',
      y,
      'trigger.schedule.hours',
      lineOf(y, 'hours: 24'),
      /^expected a number <= 23, got number 24$/,
    );
  }
  {
    const y = edit(ADVANCED, 'name: fraud_detection_model_monitoring\n', '');
    add(
      'missing required field (name)',
      y,
      'name',
      lineOf(y, '$schema'),
      /^missing required field; expected a string$/,
    );
  }
  {
    const y = edit(
      ADVANCED,
      '          path: azureml:credit-reference:1 # use training data as comparison reference dataset\n',
      '',
    );
    add(
      'missing required field (input path)',
      y,
      `${SIG}.advanced_data_drift.reference_data.input_data.path`,
      lineOf(y, 'input_data:', 'advanced_data_drift'),
      /^missing required field; expected a string$/,
    );
  }
  {
    const y = edit(
      ADVANCED,
      '      type: feature_attribution_drift\n',
      '      type: feature_attribution_drift\n      production_data:\n        - input_data:\n            path: azureml:x:1\n            type: mltable\n          data_window:\n            window_start: "2024-01-01"\n            window_end: "2024-01-08"\n',
    );
    add(
      'window_start on production',
      y,
      `${SIG}.feature_attribution_drift_signal.production_data[0].data_window.window_start`,
      lineOf(y, 'window_start:'),
      /^not allowed on production data .*expected lookback_window_size and lookback_window_offset$/,
    );
  }
  {
    const y = edit(ADVANCED, '      type: data_drift\n', '      type: data_drifts\n');
    add(
      'unknown signal type',
      y,
      `${SIG}.advanced_data_drift.type`,
      lineOf(y, 'type: data_drifts'),
      /^unknown signal type 'data_drifts'; expected one of data_drift, prediction_drift, data_quality, feature_attribution_drift, model_performance, custom, generation_safety_quality, generation_token_statistics$/,
    );
  }
  {
    const y = edit(COLLECTED, 'data_context: validation', 'data_context: validate');
    add(
      'bad enum (data_context)',
      y,
      `${SIG}.advanced_prediction_drift.reference_data.data_context`,
      lineOf(y, 'data_context: validate'),
      /^unknown value the string 'validate'; expected one of model_inputs, model_outputs, model_inputs_outputs, training, test, validation, ground_truth$/,
    );
  }
  {
    const y = edit(
      OLD_DRIFT,
      '          dataset_context: test\n        lookback_period',
      '          dataset_context: tst\n        lookback_period',
    );
    add(
      'older dialect: problem reported at the original key',
      y,
      `${SIG}.testSignal.target_dataset.dataset.dataset_context`,
      lineOf(y, 'dataset_context: tst'),
      /^unknown value the string 'tst'; expected one of model_inputs/,
    );
  }
  {
    const y = edit(
      MODEL_PERF,
      '          accuracy: 0.9',
      '          accuracy: 0.9\n        regression:\n          mae: 1\n          mean_absolute_error: 2',
    );
    add(
      'regression threshold given twice',
      y,
      `${SIG}.testSignal.metric_thresholds.regression.mae`,
      lineOf(y, 'mae: 1'),
      /^given twice; expected either mae or mean_absolute_error$/,
    );
  }
  {
    const y = edit(
      OUT_OF_BOX,
      '    endpoint_deployment_id: azureml:credit-default:main # azureml endpoint deployment id\n',
      '',
    );
    add(
      'out-of-box without a deployment',
      y,
      'create_monitor.monitoring_target.endpoint_deployment_id',
      lineOf(y, 'monitoring_target:'),
      /^missing required field; an out-of-box monitor \(no monitoring_signals\) needs the deployment/,
    );
  }
  {
    const y = edit(
      OUT_OF_BOX,
      '  interval: 1 # #every day\n',
      '  interval: 1 # #every day\n  start_time: "2026-03-02T00:00:00Z"\n  end_time: "2026-03-01T00:00:00Z"\n',
    );
    add(
      'end_time before start_time',
      y,
      'trigger.end_time',
      lineOf(y, 'end_time:'),
      /^expected a time after start_time/,
    );
  }
  {
    const y = edit(OUT_OF_BOX, 'display_name: Credit', 'name: again\ndisplay_name: Credit');
    add(
      'YAML error (duplicate key)',
      y,
      '(document)',
      lineOf(y, 'name: again'),
      /^invalid YAML: Map keys must be unique/,
    );
  }
  return out;
})();

describe('broken variants of real monitor YAMLs', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = parseMonitorYaml(c.yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.notMonitorSchedule).toBe(false);
    const match = result.problems.find((p) => p.path === c.path);
    expect(match, result.problems.map(formatIssue).join('\n')).toBeDefined();
    expect(match?.line).toBe(c.line);
    expect(match?.message).toMatch(c.message);
  });

  it('lists every problem at once, in line order', () => {
    let y = edit(ADVANCED, 'jensen_shannon_distance: 0.01', 'jensen_shannon: 0.01');
    y = edit(y, 'interval: 1 #', 'interval: 0 #');
    y = edit(y, '      type: data_quality\n', '      type: data_quality\n      colour: blue\n');
    const result = parseMonitorYaml(y);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const got: SpecIssue[] = [...result.problems];
    expect(got.map((p) => p.path)).toEqual([
      'trigger.interval',
      `${SIG}.advanced_data_drift.metric_thresholds.numerical.jensen_shannon`,
      `${SIG}.advanced_data_quality.colour`,
    ]);
    expect(got[0]?.message).toBe('expected a number >= 1, got number 0');
    expect(formatIssue(got[1]!)).toBe(
      `${SIG}.advanced_data_drift.metric_thresholds.numerical.jensen_shannon (line ${String(lineOf(y, 'jensen_shannon:'))}): unknown metric; expected one of jensen_shannon_distance, normalized_wasserstein_distance, population_stability_index, two_sample_kolmogorov_smirnov_test`,
    );
  });
});
