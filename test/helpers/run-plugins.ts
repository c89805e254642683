/**
 * Test stand-ins for the module functions that `tick`/`runClaimed` take by injection and that other modules
 * own (schedule, evaluation, RunStatusChanged builder). Small but real: the schedule computes fire times, the
 * evaluator derives its result from the YAML text, the event rule publishes on transitions.
 */
import type { EventGridEventLike } from '../../src/core/runs/records.js';
import { runStatusOf, type EvaluationResult, type SignalResult } from '../../src/core/runs/result.js';
import type { RunEventInput } from '../../src/core/runs/scheduled.js';

const MIN = 60_000;

/** Every N minutes, N from the YAML text `every: N` (default 5). */
export function everyMinutes(yaml: string, after: string, count: number): string[] {
  const n = Number(/every: (\d+)/.exec(yaml)?.[1] ?? '5');
  const step = n * MIN;
  const out: string[] = [];
  let t = Math.floor(Date.parse(after) / step) * step + step;
  for (let i = 0; i < count; i++, t += step) out.push(new Date(t).toISOString());
  return out;
}

/** Drift on AGE when the YAML says `drift: yes`. */
export function evaluateFrom(yaml: string, runTime: string, monitor = 'm'): EvaluationResult {
  const drift = yaml.includes('drift: yes');
  const signal: SignalResult = {
    type: 'data_drift',
    status: 'Completed',
    breached: drift,
    alertEnabled: true,
    rowCounts: { baseline: 100, target: 50 },
    metrics: [
      {
        group: 'AGE',
        metric_name: 'NormalizedWassersteinDistance',
        metric_value: drift ? 0.4 : 0.02,
        threshold_value: 0.1,
        breached: drift,
        data_type: 'Numerical',
      },
    ],
    histograms: [
      {
        featureName: 'AGE',
        dataType: 'Numerical',
        histogram: [{ lowerBound: 18, upperBound: 40.123, baselineCount: 60, targetCount: drift ? 10 : 31 }],
      },
    ],
  };
  const signals = { [`${monitor}_drift`]: signal };
  return { monitor, runTime, status: runStatusOf(signals), signals };
}

/** Publish on a status change or a failed first run (every run with mode every_run). */
export function transitionEvent(input: RunEventInput): EventGridEventLike | undefined {
  const changed =
    input.previousStatus === undefined
      ? input.run.status === 'Failed'
      : input.previousStatus !== input.run.status;
  if (input.mode === 'transitions' && !changed) return undefined;
  return {
    id: `${input.run.runId}-status`,
    subject: `experiments/${input.run.monitor}/runs/${input.run.runId}`,
    eventType: 'Microsoft.MachineLearningServices.RunStatusChanged',
    eventTime: input.run.finishedAt ?? input.run.scheduledTime,
    data: { experimentName: input.run.monitor, runId: input.run.runId, runStatus: input.run.status },
    dataVersion: '1',
  };
}
