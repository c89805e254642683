/**
 * What a scheduled run leaves behind in storage: the run record, its metric rows for trendlines, the outbox
 * row of its event, and the catalog entry of its monitor. Plain data, shared by every store adapter.
 */
import type { EvaluationResult, SignalStatus } from './result.js';

export type RunRecordStatus = 'Queued' | 'Running' | 'Completed' | 'Failed';

export interface LastRun {
  readonly runId: string;
  readonly status: RunRecordStatus;
  /** The run's scheduled time (ISO-8601 UTC). */
  readonly time: string;
}

export interface MonitorRecord {
  readonly name: string;
  readonly yaml: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastRun?: LastRun;
  /** The next scheduled time the timer should claim; absent until computed. */
  readonly nextFireTime?: string;
}

export interface SignalSummary {
  readonly status: SignalStatus;
  readonly breached: boolean;
  readonly alertEnabled: boolean;
  readonly error?: string;
}

export interface BreachedFeature {
  readonly signal: string;
  readonly feature: string;
  readonly metric: string;
  readonly value: number | null;
  readonly threshold: number | null;
}

/** Delivery state of the run's event (the outbox row holds the event itself). */
export interface EventState {
  readonly state: 'none' | 'pending' | 'published' | 'failed';
  readonly eventId?: string;
  readonly attempts: number;
  readonly lastError?: string;
  readonly publishedAt?: string;
}

export interface EmailState {
  readonly state: 'none' | 'sent' | 'failed';
  readonly recipients: readonly string[];
  readonly messageId?: string;
  readonly error?: string;
  readonly sentAt?: string;
}

export interface RunRecord {
  readonly monitor: string;
  readonly runId: string;
  readonly status: RunRecordStatus;
  readonly scheduledTime: string;
  readonly claimedAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly signals: Readonly<Record<string, SignalSummary>>;
  /** At most MAX_BREACHED_FEATURES entries (Table properties are limited to 64 KiB); see breachedCount. */
  readonly breachedFeatures: readonly BreachedFeature[];
  readonly breachedCount: number;
  readonly errors: readonly string[];
  readonly notes: readonly string[];
  readonly event: EventState;
  readonly email: EmailState;
}

export const MAX_BREACHED_FEATURES = 100;

/** One metric value of one run, the unit of a trendline. */
export interface MetricPoint {
  readonly monitor: string;
  readonly signal: string;
  /** The metric row's group: a feature name, "" for signal-level metrics, or a custom signal's group. */
  readonly feature: string;
  /** Custom signals' second grouping level; "" when absent. */
  readonly groupDimension: string;
  readonly metric: string;
  readonly runTime: string;
  readonly runId: string;
  /** null when the row had no value; NaN and ±Infinity survive the round trip. */
  readonly value: number | null;
  readonly threshold: number | null;
  readonly breached: boolean;
}

export interface MetricQuery {
  readonly monitor: string;
  readonly signal?: string;
  readonly feature?: string;
  readonly metric?: string;
  /** Inclusive lower and exclusive upper bound on runTime (ISO-8601 UTC). */
  readonly from?: string;
  readonly to?: string;
}

/** An EventGrid-schema event; the RunStatusChanged builder lives in core/events. */
export interface EventGridEventLike {
  readonly id: string;
  readonly subject: string;
  readonly eventType: string;
  readonly eventTime: string;
  readonly data: unknown;
  readonly dataVersion: string;
  readonly topic?: string;
  readonly metadataVersion?: string;
}

export interface OutboxRow {
  readonly eventId: string;
  readonly monitor: string;
  readonly runId: string;
  readonly event: EventGridEventLike;
  readonly createdAt: string;
  readonly published: boolean;
  readonly publishedAt?: string;
  readonly attempts: number;
  readonly lastError?: string;
  readonly lastAttemptAt?: string;
}

/** Deterministic run id: the same (monitor, scheduled time) always names the same run (redelivery-safe). */
export function runIdFor(monitor: string, scheduledTime: string): string {
  const ms = Date.parse(scheduledTime);
  if (Number.isNaN(ms)) throw new RangeError(`runIdFor: not an ISO time: ${scheduledTime}`);
  const stamp = new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${monitor}-${stamp}`;
}

/** The scheduled time, normalised to the ISO form every store keys on. */
export function normaliseTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return new Date(ms).toISOString();
}

/** A fresh Queued run record for a claim. */
export function queuedRun(
  monitor: string,
  scheduledTime: string,
  claimedAt: string,
  notes: readonly string[] = [],
): RunRecord {
  const scheduled = normaliseTime(scheduledTime);
  return {
    monitor,
    runId: runIdFor(monitor, scheduled),
    status: 'Queued',
    scheduledTime: scheduled,
    claimedAt,
    signals: {},
    breachedFeatures: [],
    breachedCount: 0,
    errors: [],
    notes,
    event: { state: 'none', attempts: 0 },
    email: { state: 'none', recipients: [] },
  };
}

/** The finished run record for an evaluation result (status, per-signal summary, breaches, errors). */
export function finishedRun(
  run: RunRecord,
  result: EvaluationResult,
  startedAt: string,
  finishedAt: string,
): RunRecord {
  const signals: Record<string, SignalSummary> = {};
  const breached: BreachedFeature[] = [];
  const errors: string[] = [];
  for (const [name, s] of Object.entries(result.signals)) {
    signals[name] = {
      status: s.status,
      breached: s.breached,
      alertEnabled: s.alertEnabled,
      ...(s.error === undefined ? {} : { error: s.error }),
    };
    if (s.error !== undefined) errors.push(`${name}: ${s.error}`);
    for (const m of s.metrics) {
      if (m.breached) {
        breached.push({
          signal: name,
          feature: m.group,
          metric: m.metric_name,
          value: m.metric_value,
          threshold: m.threshold_value,
        });
      }
    }
  }
  return {
    ...run,
    status: result.status,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    signals,
    breachedFeatures: breached.slice(0, MAX_BREACHED_FEATURES),
    breachedCount: breached.length,
    errors,
    notes: [...run.notes, ...(result.notes ?? [])],
  };
}

/** A run that could not be evaluated at all (poison message, infrastructure failure). */
export function failedRun(run: RunRecord, reason: string, finishedAt: string): RunRecord {
  const startedAt = run.startedAt ?? finishedAt;
  return {
    ...run,
    status: 'Failed',
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    errors: [...run.errors, reason],
  };
}

/** One trendline point per metric row of every signal. */
export function metricPointsOf(result: EvaluationResult, runId: string): MetricPoint[] {
  const points: MetricPoint[] = [];
  const runTime = normaliseTime(result.runTime);
  for (const [signal, s] of Object.entries(result.signals)) {
    for (const m of s.metrics) {
      points.push({
        monitor: result.monitor,
        signal,
        feature: m.group,
        groupDimension: m.group_dimension ?? '',
        metric: m.metric_name,
        runTime,
        runId,
        value: m.metric_value,
        threshold: m.threshold_value,
        breached: m.breached,
      });
    }
  }
  return points;
}

/** An outbox row after one publish attempt: published (error cleared) or one more failed attempt. */
export function outboxAfterAttempt(
  row: OutboxRow,
  outcome:
    | { readonly ok: true; readonly at: string }
    | { readonly ok: false; readonly at: string; readonly error: string },
): OutboxRow {
  if (!outcome.ok)
    return { ...row, attempts: row.attempts + 1, lastAttemptAt: outcome.at, lastError: outcome.error };
  const { lastError: _e, ...rest } = row;
  return {
    ...rest,
    published: true,
    publishedAt: outcome.at,
    attempts: row.attempts + 1,
    lastAttemptAt: outcome.at,
  };
}
