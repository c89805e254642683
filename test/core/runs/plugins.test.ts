/** The real run plug-ins: spec validation with lines, fire times from the trigger, recipients, the event rule. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BREACH_TAG, ERROR_TAG, runEventId } from '../../../src/core/events/run-events.js';
import {
  experimentIdOf,
  MonitorSpecError,
  monitorAlertEmails,
  monitorFireTimes,
  monitorRunEvent,
  validateMonitorYaml,
} from '../../../src/core/runs/plugins.js';
import { finishedRun, failedRun, queuedRun } from '../../../src/core/runs/records.js';
import { runStatusOf, type EvaluationResult, type SignalResult } from '../../../src/core/runs/result.js';
import { FIXTURES_DIR } from '../../helpers/paths.js';

const IRIS = readFileSync(path.join(FIXTURES_DIR, 'monitors', 'iris-drift.yaml'), 'utf8');
const withEmails = `${IRIS}  alert_notification:\n    emails:\n      - a@example.org\n      - b@example.org\n`;

function result(breached: boolean, alertEnabled = true, error?: string): EvaluationResult {
  const drift: SignalResult = {
    type: 'data_drift',
    status: error === undefined ? 'Completed' : 'Failed',
    breached,
    alertEnabled,
    rowCounts: {},
    metrics:
      error === undefined
        ? [
            {
              group: 'sepal_length',
              metric_name: 'JensenShannonDistance',
              metric_value: breached ? 0.7 : 0.01,
              threshold_value: 0.1,
              breached,
              data_type: 'Numerical',
            },
          ]
        : [],
    ...(error === undefined ? {} : { error }),
  };
  const signals = { drift };
  return {
    monitor: 'iris_drift',
    runTime: '2023-02-02T00:00:00.000Z',
    status: runStatusOf(signals),
    signals,
  };
}

const start = '2023-02-02T00:00:01.000Z';
const end = '2023-02-02T00:00:05.000Z';
const finished = (r: EvaluationResult) =>
  finishedRun(queuedRun('iris_drift', r.runTime, start), r, start, end);

describe('validateMonitorYaml', () => {
  it('accepts a monitor and returns its name', () => {
    expect(validateMonitorYaml(IRIS)).toEqual({ ok: true, name: 'iris_drift' });
  });
  it('returns each problem with its YAML path and line', () => {
    const bad = IRIS.replace('lookback_window_size: P7D', 'lookback_window_size: seven days');
    const v = validateMonitorYaml(bad);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const line = bad.split('\n').findIndex((l) => l.includes('seven days')) + 1;
    expect(v.issues).toContainEqual(
      expect.objectContaining({
        path: 'create_monitor.monitoring_signals.drift.production_data.data_window.lookback_window_size',
        line,
      }),
    );
  });
});

describe('monitorFireTimes and monitorAlertEmails', () => {
  it('gives the daily trigger times strictly after the given time, ascending, ISO UTC', () => {
    expect(monitorFireTimes(IRIS, '2023-02-01T00:00:00.000Z', 3)).toEqual([
      '2023-02-02T00:00:00.000Z',
      '2023-02-03T00:00:00.000Z',
      '2023-02-04T00:00:00.000Z',
    ]);
  });
  it('throws a MonitorSpecError for a stored YAML that no longer validates', () => {
    expect(() => monitorFireTimes('name: x\ncreate_monitor: {}\n', '2023-01-01T00:00:00Z', 1)).toThrow(
      MonitorSpecError,
    );
  });
  it('lists alert_notification.emails, none without them', () => {
    expect(monitorAlertEmails(withEmails)).toEqual(['a@example.org', 'b@example.org']);
    expect(monitorAlertEmails(IRIS)).toEqual([]);
  });
});

describe('monitorRunEvent', () => {
  it('publishes a first failed run with the breach tag, a stable id, no topic', () => {
    const r = result(true);
    const run = finished(r);
    const e = monitorRunEvent({ run, result: r, previousStatus: undefined, mode: 'transitions' });
    expect(e).toBeDefined();
    expect(e?.id).toBe(runEventId(experimentIdOf('iris_drift'), run.runId));
    expect(e).not.toHaveProperty('topic');
    const data = e?.data as { runStatus: string; runTags: Record<string, string> };
    expect(data.runStatus).toBe('Failed');
    expect(data.runTags[BREACH_TAG]).toContain('Signal: iris_drift_drift');
  });

  it('rebuilds the same event from the run record when the result is gone (redelivery)', () => {
    const r = result(true);
    const run = finished(r);
    const fromResult = monitorRunEvent({ run, result: r, previousStatus: undefined, mode: 'transitions' });
    const fromRecord = monitorRunEvent({
      run,
      result: undefined,
      previousStatus: undefined,
      mode: 'transitions',
    });
    expect(fromRecord).toEqual(fromResult);
  });

  it('follows the transition rule; Queued/Running previous runs count as no previous run', () => {
    const ok = finished(result(false));
    expect(
      monitorRunEvent({ run: ok, result: undefined, previousStatus: undefined, mode: 'transitions' }),
    ).toBe(undefined);
    expect(
      monitorRunEvent({ run: ok, result: undefined, previousStatus: 'Completed', mode: 'transitions' }),
    ).toBe(undefined);
    expect(
      monitorRunEvent({ run: ok, result: undefined, previousStatus: 'Failed', mode: 'transitions' }),
    ).toBeDefined();
    expect(
      monitorRunEvent({ run: ok, result: undefined, previousStatus: 'Completed', mode: 'every_run' }),
    ).toBeDefined();
    const bad = finished(result(true));
    expect(
      monitorRunEvent({ run: bad, result: undefined, previousStatus: 'Running', mode: 'transitions' }),
    ).toBeDefined();
    expect(
      monitorRunEvent({
        run: queuedRun('m', start, start),
        result: undefined,
        previousStatus: undefined,
        mode: 'every_run',
      }),
    ).toBeUndefined();
  });

  it('a breach of a signal with alert_enabled false is not tagged (it does not fail the run)', () => {
    const r = result(true, false);
    const e = monitorRunEvent({ run: finished(r), result: r, previousStatus: 'Failed', mode: 'transitions' });
    const data = e?.data as { runStatus: string; runTags: Record<string, string> };
    expect(data.runStatus).toBe('Completed');
    expect(data.runTags).toEqual({});
  });

  it('signal errors and run-level failures (poison message) go to the error tag', () => {
    const r = result(false, true, 'No data found for the given time window');
    const e = monitorRunEvent({
      run: finished(r),
      result: r,
      previousStatus: 'Completed',
      mode: 'transitions',
    });
    expect((e?.data as { runTags: Record<string, string> }).runTags).toEqual({
      [ERROR_TAG]: 'drift: No data found for the given time window',
    });
    const poisoned = failedRun(queuedRun('iris_drift', start, start), 'Attempt 5 of 5 failed: boom', end);
    const p = monitorRunEvent({
      run: poisoned,
      result: undefined,
      previousStatus: undefined,
      mode: 'transitions',
    });
    expect((p?.data as { runTags: Record<string, string> }).runTags).toEqual({
      [ERROR_TAG]: 'run: Attempt 5 of 5 failed: boom',
    });
  });
});
