/** Data windows at a run time, from real monitor YAMLs and small edits of them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { subtractDuration, parseDuration } from '../../../src/core/schedule/duration.js';
import { collectorHourFolders, signalInputWindows } from '../../../src/core/schedule/windows.js';
import { parseMonitorYaml, type MonitorSpec } from '../../../src/core/spec/index.js';
import { AZUREML_YAMLS_DIR } from '../../helpers/paths.js';

const read = (name: string): string => readFileSync(path.join(AZUREML_YAMLS_DIR, name), 'utf8');
function spec(text: string): MonitorSpec {
  const r = parseMonitorYaml(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.spec;
}
const OUT_OF_BOX = read('azureml-examples__cli__monitoring__out-of-box-monitoring.yaml');
const CUSTOM = read(
  'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__custom@348f8bb.yaml',
);
const ADVANCED = read('azureml-examples__cli__monitoring__advanced-model-monitoring.yaml');

const windows = (s: MonitorSpec, signal: string, run: string) =>
  Object.fromEntries(
    signalInputWindows(s, signal, run).map((w) => [
      w.role,
      w.window.kind === 'whole' ? 'whole' : `${w.window.start} → ${w.window.end}`,
    ]),
  );

describe('ISO-8601 durations', () => {
  it.each([
    ['P7D', '2026-01-31T15:15:00.000Z', '2026-01-24T15:15:00.000Z'],
    ['PT12H', '2026-01-31T15:15:00.000Z', '2026-01-31T03:15:00.000Z'],
    ['P1W', '2026-01-31T15:15:00.000Z', '2026-01-24T15:15:00.000Z'],
    ['P1M', '2026-03-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z'],
    ['P1M', '2024-03-29T00:00:00.000Z', '2024-02-29T00:00:00.000Z'],
    ['P1Y', '2024-02-29T00:00:00.000Z', '2023-02-28T00:00:00.000Z'],
    ['P1DT6H30M', '2026-01-02T12:00:00.000Z', '2026-01-01T05:30:00.000Z'],
  ])('%s before %s is %s', (d, from, expected) => {
    const parsed = parseDuration(d);
    expect(parsed).toBeDefined();
    expect(new Date(subtractDuration(Date.parse(from), parsed!)).toISOString()).toBe(expected);
  });
  it.each(['P', 'PT', '7D', 'P7X', 'P1DT', 'P-1D'])('rejects %s', (d) => {
    expect(parseDuration(d)).toBeUndefined();
  });
});

describe('data windows', () => {
  it('out-of-box (daily trigger): production P1D, reference the 2 days before it', () => {
    const s = spec(OUT_OF_BOX);
    expect(s.defaultWindowSize).toBe('P1D');
    expect(windows(s, 'data-drift-signal', '2026-01-31T15:15:00Z')).toEqual({
      production: '2026-01-30T15:15:00.000Z → 2026-01-31T15:15:00.000Z',
      reference: '2026-01-28T15:15:00.000Z → 2026-01-30T15:15:00.000Z',
    });
  });

  it('defaults from the trigger: week → P7D, month interval 2 → P60D, hour → P1D, cron → P7D', () => {
    const weekly = OUT_OF_BOX.replace('frequency: day', 'frequency: week');
    expect(spec(weekly).defaultWindowSize).toBe('P7D');
    expect(
      spec(OUT_OF_BOX.replace('frequency: day', 'frequency: month').replace('interval: 1 #', 'interval: 2 #'))
        .defaultWindowSize,
    ).toBe('P60D');
    expect(spec(OUT_OF_BOX.replace('frequency: day', 'frequency: hour')).defaultWindowSize).toBe('P1D');
    const cronYaml = OUT_OF_BOX.replace(
      / {2}type: recurrence[\s\S]*?minutes: 15[^\n]*\n/,
      '  type: cron\n  expression: "15 3 * * *"\n',
    );
    expect(spec(cronYaml).defaultWindowSize).toBe('P7D');
    expect(windows(spec(weekly), 'prediction-drift-signal', '2026-01-31T00:00:00Z')).toEqual({
      production: '2026-01-24T00:00:00.000Z → 2026-01-31T00:00:00.000Z',
      reference: '2026-01-10T00:00:00.000Z → 2026-01-24T00:00:00.000Z',
    });
  });

  it('custom inputs: no window = whole asset; trailing size/offset; static dates', () => {
    const s = spec(CUSTOM);
    expect(windows(s, 'testSignal', '2023-08-31T00:00:00Z')).toEqual({
      test_fixed: 'whole',
      test_trailing: '2023-07-25T00:00:00.000Z → 2023-08-24T00:00:00.000Z',
      test_static: '2023-07-12T00:00:00.000Z → 2023-07-17T00:00:00.000Z',
    });
  });

  it('reference lookback_window_size: default is size 2W offset W; a training reference without window is whole', () => {
    const withDefault = ADVANCED.replace(
      '        data_context: training\n        data_column_names:\n          target_column: DEFAULT_NEXT_MONTH\n      features:',
      '        data_context: training\n        data_window:\n          lookback_window_size: default\n        data_column_names:\n          target_column: DEFAULT_NEXT_MONTH\n      features:',
    );
    expect(withDefault).not.toBe(ADVANCED);
    expect(windows(spec(withDefault), 'advanced_data_drift', '2026-01-31T03:15:00Z')).toEqual({
      production: '2026-01-30T03:15:00.000Z → 2026-01-31T03:15:00.000Z',
      reference: '2026-01-28T03:15:00.000Z → 2026-01-30T03:15:00.000Z',
    });
    expect(windows(spec(ADVANCED), 'advanced_data_quality', '2026-01-31T03:15:00Z')).toEqual({
      production: '2026-01-30T03:15:00.000Z → 2026-01-31T03:15:00.000Z',
      reference: 'whole',
    });
  });

  it('production lookback size and offset from the YAML (P60D/P0D) and older lookback_period 60', () => {
    const pd = spec(
      read(
        'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__prediction_drift@037b4e2.yaml',
      ),
    );
    expect(windows(pd, 'testSignal', '2026-03-01T00:00:00Z')).toEqual({
      production: '2025-12-31T00:00:00.000Z → 2026-03-01T00:00:00.000Z',
      reference: 'whole',
    });
    const old = spec(
      read(
        'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__data_drift@acdf6c0.yaml',
      ),
    );
    expect(windows(old, 'testSignal', '2026-03-01T00:00:00Z').production).toBe(
      '2025-12-31T00:00:00.000Z → 2026-03-01T00:00:00.000Z',
    );
  });

  it('feature attribution drift production inputs default to the trigger window', () => {
    const s = spec(read('azureml-examples__cli__monitoring__advanced-monitoring@c8b6a432f.yaml'));
    expect(windows(s, 'feature_attribution_drift_signal', '2026-01-31T03:15:00Z')).toEqual({
      'production[0]': '2026-01-30T03:15:00.000Z → 2026-01-31T03:15:00.000Z',
      'production[1]': '2026-01-30T03:15:00.000Z → 2026-01-31T03:15:00.000Z',
      reference: 'whole',
    });
  });
});

describe('collector hour folders', () => {
  it('an end exactly on the hour excludes that hour', () => {
    expect(
      collectorHourFolders(Date.parse('2026-01-31T22:00:00Z'), Date.parse('2026-02-01T01:00:00Z')),
    ).toEqual(['2026/01/31/22', '2026/01/31/23', '2026/02/01/00']);
  });
  it('a window inside hours reads from floor(start) through floor(end)', () => {
    expect(
      collectorHourFolders(Date.parse('2026-01-31T22:15:00Z'), Date.parse('2026-01-31T23:45:00Z')),
    ).toEqual(['2026/01/31/22', '2026/01/31/23']);
  });
  it('a one-day window at 15:15 reads 25 hour folders', () => {
    const hours = collectorHourFolders(
      Date.parse('2026-01-30T15:15:00Z'),
      Date.parse('2026-01-31T15:15:00Z'),
    );
    expect(hours).toHaveLength(25);
    expect(hours[0]).toBe('2026/01/30/15');
    expect(hours.at(-1)).toBe('2026/01/31/15');
  });
});
