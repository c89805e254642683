/**
 * The real module functions `tick`/`runClaimed` take by injection (issue 5), built from the spec parser, the
 * schedule and the RunStatusChanged builder. Pure: evaluation (which reads storage) is added by the adapter
 * (`src/adapters/run-plugins.ts`).
 */
import {
  shouldPublish,
  toEventGridEvent,
  type BreachedRow,
  type FinishedRun,
  type SignalOutcome,
} from '../events/run-events.js';
import { URL_NAMESPACE, uuidV5 } from '../events/uuid.js';
import { nextFireTimes } from '../schedule/index.js';
import { parseMonitorYaml, type MonitorSpec } from '../spec/index.js';
import type { MonitorValidation, ValidationIssue } from './monitors.js';
import type { EventGridEventLike, RunRecord } from './records.js';
import type { EvaluationResult } from './result.js';
import type { RunEventInput } from './scheduled.js';

/** A stored monitor YAML that no longer parses (e.g. written by an older version): a thrown, typed error. */
export class MonitorSpecError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`Invalid monitor YAML: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'MonitorSpecError';
  }
}

/** `parseMonitorYaml` problems as catalog validation issues (path, line, message). */
export function validateMonitorYaml(yamlText: string): MonitorValidation {
  const r = parseMonitorYaml(yamlText);
  if (r.ok) return { ok: true, name: r.spec.name };
  return {
    ok: false,
    issues: r.problems.map((p) => ({
      path: p.path,
      message: p.message,
      ...(p.line === undefined ? {} : { line: p.line }),
    })),
  };
}

// The timer asks for every monitor's fire times on each tick; parsing once per distinct YAML text is enough.
const specCache = new Map<string, MonitorSpec>();
const SPEC_CACHE_SIZE = 256;

/** The validated spec of a stored YAML; throws MonitorSpecError when it does not validate. */
export function specOf(yamlText: string): MonitorSpec {
  const cached = specCache.get(yamlText);
  if (cached) return cached;
  const r = parseMonitorYaml(yamlText);
  if (!r.ok) {
    const v = validateMonitorYaml(yamlText);
    throw new MonitorSpecError(v.ok ? [] : v.issues);
  }
  if (specCache.size >= SPEC_CACHE_SIZE) specCache.clear();
  specCache.set(yamlText, r.spec);
  return r.spec;
}

/** Fire times of the monitor's trigger strictly after `after`, ascending, as ISO-8601 UTC. */
export function monitorFireTimes(yamlText: string, after: string, count: number): string[] {
  const afterMs = Date.parse(after);
  if (Number.isNaN(afterMs)) throw new RangeError(`not an ISO-8601 time: ${after}`);
  return nextFireTimes(specOf(yamlText).trigger, afterMs, count).map((t) => new Date(t).toISOString());
}

/** `alert_notification.emails` (none for `azmonitoring` or when absent). */
export function monitorAlertEmails(yamlText: string): string[] {
  const n = specOf(yamlText).alertNotification;
  return n === undefined || n === 'azmonitoring' ? [] : [...n.emails];
}

/** Azure's experiment id is a GUID; ours is a stable UUID v5 of the monitor name (one experiment per monitor). */
export function experimentIdOf(monitor: string): string {
  return uuidV5(`modelmonitor:monitors/${monitor}`, URL_NAMESPACE);
}

const isNumber = (v: number | null): v is number => v !== null && Number.isFinite(v);

/** Per-signal outcomes from the evaluation result: breached rows of alert-enabled signals, and errors. */
function outcomesFromResult(result: EvaluationResult): SignalOutcome[] {
  return Object.entries(result.signals).map(([signal, s]) => {
    const rows: BreachedRow[] =
      s.breached && s.alertEnabled && s.status === 'Completed'
        ? s.metrics.flatMap((m) =>
            m.breached && isNumber(m.metric_value) && isNumber(m.threshold_value)
              ? [
                  {
                    metric_value: m.metric_value,
                    metric_name: m.metric_name,
                    threshold_value: m.threshold_value,
                    ...(m.group === '' ? {} : { group: m.group }),
                  },
                ]
              : [],
          )
        : [];
    return { signal, breachedRows: rows, ...(s.error === undefined ? {} : { error: s.error }) };
  });
}

/**
 * Per-signal outcomes rebuilt from the stored run record (a redelivered message of a finished run, or a run
 * that failed before evaluation). Run-level errors (no signal) are reported under the signal name `run`.
 */
function outcomesFromRecord(run: RunRecord): SignalOutcome[] {
  const out: SignalOutcome[] = Object.entries(run.signals).map(([signal, s]) => {
    const rows: BreachedRow[] =
      s.breached && s.alertEnabled && s.status === 'Completed'
        ? run.breachedFeatures.flatMap((b) =>
            b.signal === signal && isNumber(b.value) && isNumber(b.threshold)
              ? [
                  {
                    metric_value: b.value,
                    metric_name: b.metric,
                    threshold_value: b.threshold,
                    ...(b.feature === '' ? {} : { group: b.feature }),
                  },
                ]
              : [],
          )
        : [];
    return { signal, breachedRows: rows, ...(s.error === undefined ? {} : { error: s.error }) };
  });
  const signalErrors = new Set(
    Object.entries(run.signals).flatMap(([n, s]) => (s.error === undefined ? [] : [`${n}: ${s.error}`])),
  );
  const runErrors = run.errors.filter((e) => !signalErrors.has(e));
  if (runErrors.length > 0) out.push({ signal: 'run', breachedRows: [], error: runErrors.join('; ') });
  return out;
}

/**
 * The RunStatusChanged event of a finished run, or undefined when the transition rule says not to publish.
 * No `topic` is set: Event Grid fills it in for a custom topic and rejects events that carry another one.
 */
export function monitorRunEvent(input: RunEventInput): EventGridEventLike | undefined {
  const { run } = input;
  if (run.status !== 'Completed' && run.status !== 'Failed') return undefined;
  const previous =
    input.previousStatus === 'Completed' || input.previousStatus === 'Failed'
      ? input.previousStatus
      : undefined;
  if (!shouldPublish(previous, run.status, input.mode)) return undefined;
  const finished: FinishedRun = {
    monitorName: run.monitor,
    runId: run.runId,
    experimentId: experimentIdOf(run.monitor),
    status: run.status,
    finishedAt: run.finishedAt ?? run.scheduledTime,
    signals: input.result ? outcomesFromResult(input.result) : outcomesFromRecord(run),
    runProperties: { scheduledTime: run.scheduledTime },
  };
  const e = toEventGridEvent(finished);
  return {
    id: e.id,
    subject: e.subject,
    eventType: e.eventType,
    eventTime: e.eventTime,
    dataVersion: e.dataVersion,
    data: e.data,
  };
}
