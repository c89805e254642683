/**
 * The `Microsoft.MachineLearningServices.RunStatusChanged` event a finished monitor run publishes (DESIGN §7,
 * FACTS §11), in the Event Grid schema and as a CloudEvents 1.0 event, plus the rule that decides whether a run
 * publishes at all. Subscribers written for Azure ML (e.g. a Logic App filtering on
 * `data.RunTags.azureml_modelmonitor_threshold_breached` "String contains" the breach phrase) work unchanged.
 */
import { URL_NAMESPACE, uuidV5 } from './uuid.js';

export const RUN_STATUS_CHANGED = 'Microsoft.MachineLearningServices.RunStatusChanged';
/** The tag Azure ML's evaluate step writes on a breach (fixed key, no signal suffix). */
export const BREACH_TAG = 'azureml_modelmonitor_threshold_breached';
/** The tag written on the run when a signal could not be computed. */
export const ERROR_TAG = 'azureml.modelmonitor.error';
/** The phrase the documented subscription filter looks for. */
export const BREACH_PHRASE = 'has failed due to one or more features violating metric thresholds';
/** Azure ML's sample payload carries an empty dataVersion; we keep it. */
export const RUN_EVENT_DATA_VERSION = '';

export type RunStatus = 'Completed' | 'Failed';
export type EventsMode = 'transitions' | 'every_run';

/** One row of `signal_metrics` that violated its threshold (FACTS §6 field order). */
export interface BreachedRow {
  readonly metric_value: number;
  readonly metric_name: string;
  readonly threshold_value: number;
  /** The feature (drift, quality, attribution) or group; omitted when the signal has no group column. */
  readonly group?: string;
}

export interface SignalOutcome {
  readonly signal: string;
  /** Rows that breached; empty when the signal passed. */
  readonly breachedRows: readonly BreachedRow[];
  /** Why the signal could not be computed, if it could not. */
  readonly error?: string;
}

export interface FinishedRun {
  readonly monitorName: string;
  readonly runId: string;
  readonly experimentId: string;
  readonly status: RunStatus;
  /** ISO-8601 finish time of the run; becomes `eventTime`/`time`. */
  readonly finishedAt: string;
  readonly signals: readonly SignalOutcome[];
  readonly runProperties?: Readonly<Record<string, string>>;
  /** CloudEvents `source` (Azure: the workspace ARM id); defaults to `/modelmonitor/monitors/<monitor>`. */
  readonly source?: string;
}

export interface RunEventData {
  readonly experimentId: string;
  readonly experimentName: string;
  readonly runId: string;
  readonly runType: string | null;
  readonly runTags: Readonly<Record<string, string>>;
  readonly runProperties: Readonly<Record<string, string>>;
  readonly runStatus: RunStatus;
}

export interface EventGridRunEvent {
  readonly id: string;
  readonly subject: string;
  readonly eventType: typeof RUN_STATUS_CHANGED;
  readonly eventTime: string;
  readonly dataVersion: string;
  readonly data: RunEventData;
}

export interface CloudRunEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly subject: string;
  readonly type: typeof RUN_STATUS_CHANGED;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: RunEventData;
}

/** Python's `repr()` of a str, which is how Azure prints the list of breached-row JSON strings. */
function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out + quote;
}

/** One breached row as Spark's compact JSON, keys in Azure's order (`group` only when present). */
function rowJson(row: BreachedRow): string {
  const o: Record<string, unknown> = {
    metric_value: row.metric_value,
    metric_name: row.metric_name,
    threshold_value: row.threshold_value,
  };
  if (row.group !== undefined) o['group'] = row.group;
  return JSON.stringify(o);
}

/** The message Azure ML's evaluate step writes for one breached signal (FACTS §6, golden format). */
export function breachMessage(signal: string, rows: readonly BreachedRow[]): string {
  const list = `[${rows.map((r) => pyRepr(rowJson(r))).join(', ')}]`;
  return (
    `The signal '${signal}' ${BREACH_PHRASE}.\n` +
    `The feature names and their corresponding computed metric values violating the threshold are \n${list}\n`
  );
}

/** The token subscribers filter on to select one monitor's signal. */
export function signalToken(monitorName: string, signal: string): string {
  return `${monitorName}_${signal}`;
}

/**
 * The run's tags: the breach tag (only when a signal breached) holds, per breached signal, Azure's message plus
 * a line with the `<monitor>_<signal>` token; the error tag (only when a signal failed) names each signal's error.
 */
export function runTags(run: FinishedRun): Record<string, string> {
  const tags: Record<string, string> = {};
  const breached = run.signals.filter((s) => s.breachedRows.length > 0);
  if (breached.length > 0) {
    tags[BREACH_TAG] = breached
      .map(
        (s) =>
          `${breachMessage(s.signal, s.breachedRows)}Signal: ${signalToken(run.monitorName, s.signal)}\n`,
      )
      .join('');
  }
  const errors = run.signals.filter((s) => s.error !== undefined);
  if (errors.length > 0) {
    tags[ERROR_TAG] = errors.map((s) => `${s.signal}: ${s.error ?? ''}`).join('\n');
  }
  return tags;
}

export function runSubject(experimentId: string, runId: string): string {
  return `experiments/${experimentId}/runs/${runId}`;
}

/** Stable per run: a redelivered run publishes the same id, so subscribers can drop duplicates. */
export function runEventId(experimentId: string, runId: string): string {
  return uuidV5(`modelmonitor:${runSubject(experimentId, runId)}`, URL_NAMESPACE);
}

export function runEventData(run: FinishedRun): RunEventData {
  return {
    experimentId: run.experimentId,
    experimentName: run.monitorName,
    runId: run.runId,
    runType: null,
    runTags: runTags(run),
    runProperties: { ...(run.runProperties ?? {}) },
    runStatus: run.status,
  };
}

export function toEventGridEvent(run: FinishedRun): EventGridRunEvent {
  return {
    id: runEventId(run.experimentId, run.runId),
    subject: runSubject(run.experimentId, run.runId),
    eventType: RUN_STATUS_CHANGED,
    eventTime: run.finishedAt,
    dataVersion: RUN_EVENT_DATA_VERSION,
    data: runEventData(run),
  };
}

export function toCloudEvent(run: FinishedRun): CloudRunEvent {
  return {
    specversion: '1.0',
    id: runEventId(run.experimentId, run.runId),
    source: run.source ?? `/modelmonitor/monitors/${encodeURIComponent(run.monitorName)}`,
    subject: runSubject(run.experimentId, run.runId),
    type: RUN_STATUS_CHANGED,
    time: run.finishedAt,
    datacontenttype: 'application/json',
    data: runEventData(run),
  };
}

/**
 * Publish when the status differs from the monitor's previous run, or on a monitor's first run when it failed
 * (a first success is not news); in `every_run` mode always.
 */
export function shouldPublish(
  previousStatus: RunStatus | undefined,
  currentStatus: RunStatus,
  mode: EventsMode,
): boolean {
  if (mode === 'every_run') return true;
  if (previousStatus === undefined) return currentStatus === 'Failed';
  return previousStatus !== currentStatus;
}
