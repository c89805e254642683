/**
 * The two use cases behind the timer and the queue (issue 5), written against ports and injected functions
 * so the spec parser, schedule, evaluator and event builder from the other modules plug in unchanged:
 *   tick()      which enabled monitors are due → claim (monitor, scheduled time) once → enqueue; flush outbox
 *   runClaimed() evaluate a claimed run → run record, metric points, result blobs, event (outbox), email
 */
import { sendRunAlert } from '../alerts/send.js';
import type {
  EventPublisher,
  Mailer,
  MetricStore,
  MonitorCatalog,
  Outbox,
  ResultStore,
  RunClaims,
  RunStore,
} from '../ports.js';
import { enqueueRunEvent, flushOutbox, publishPending, type FlushReport } from './outbox.js';
import { buildResultFiles } from './outputs.js';
import {
  failedRun,
  finishedRun,
  metricPointsOf,
  normaliseTime,
  queuedRun,
  runIdFor,
  type EventGridEventLike,
  type RunRecord,
  type RunRecordStatus,
} from './records.js';
import type { EvaluationResult } from './result.js';

/** The queue message of one claimed run. */
export interface RunMessage {
  readonly monitor: string;
  readonly scheduledTime: string;
  readonly runId: string;
}

export interface RunEventInput {
  readonly run: RunRecord;
  readonly result: EvaluationResult | undefined;
  /** Status of the monitor's previous finished run; undefined for the first run. */
  readonly previousStatus: RunRecordStatus | undefined;
  readonly mode: 'transitions' | 'every_run';
}

export interface ScheduledDeps {
  readonly catalog: MonitorCatalog;
  readonly claims: RunClaims;
  readonly runs: RunStore;
  readonly metrics: MetricStore;
  readonly results: ResultStore;
  readonly outbox: Outbox;
  /** Absent: events stay in the outbox (EVENTGRID_TOPIC_ENDPOINT not set). */
  readonly publisher?: EventPublisher;
  /** Absent: alert emails are recorded as failed with the reason (no SMTP/ACS configured). */
  readonly mailer?: Mailer;
  readonly now: () => string;
  readonly evaluate: (yamlText: string, runTime: string) => Promise<EvaluationResult>;
  /** Fire times strictly after `after`, ascending, at most `count` (schedule module). */
  readonly nextFireTimes: (yamlText: string, after: string, count: number) => readonly string[];
  /** The RunStatusChanged event for this run, or undefined when the rule says not to publish (events module). */
  readonly runEvent: (input: RunEventInput) => EventGridEventLike | undefined;
  /** `alert_notification.emails` of the monitor's alert-enabled signals (spec module). */
  readonly alertEmails: (yamlText: string) => readonly string[];
  readonly enqueue: (message: RunMessage) => Promise<void>;
  readonly events: 'transitions' | 'every_run';
  readonly dashboardBaseUrl: string;
  /** A Queued run older than this was claimed but never enqueued (crash): the next tick re-enqueues it. */
  readonly requeueAfterMs?: number;
}

export interface TickReport {
  readonly enqueued: RunMessage[];
  readonly alreadyClaimed: RunMessage[];
  readonly requeued: RunMessage[];
  readonly errors: { readonly monitor: string; readonly error: string }[];
  readonly outbox?: FlushReport;
}

const MAX_CATCH_UP = 10_000;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The latest fire time ≤ now from `first` on, and how many earlier ones it replaces. */
function latestDue(
  deps: ScheduledDeps,
  yaml: string,
  first: string,
  now: string,
): { due: string; missed: number } {
  let due = first;
  let missed = 0;
  for (;;) {
    const more = deps.nextFireTimes(yaml, due, 100).filter((t) => normaliseTime(t) <= now);
    if (more.length === 0 || missed >= MAX_CATCH_UP) break;
    missed += more.length;
    due = normaliseTime(more[more.length - 1] ?? due);
    if (more.length < 100) break;
  }
  return { due, missed };
}

/** One timer tick. Monitors fail independently: one bad YAML does not stop the others. */
export async function tick(deps: ScheduledDeps): Promise<TickReport> {
  const report: TickReport = { enqueued: [], alreadyClaimed: [], requeued: [], errors: [] };
  const now = normaliseTime(deps.now());
  for (const monitor of await deps.catalog.list()) {
    if (!monitor.enabled) continue;
    try {
      const first = monitor.nextFireTime ?? deps.nextFireTimes(monitor.yaml, monitor.createdAt, 1)[0];
      if (first === undefined || normaliseTime(first) > now) {
        if (first !== undefined && monitor.nextFireTime === undefined)
          await deps.catalog.setRunState(monitor.name, { nextFireTime: normaliseTime(first) });
        continue;
      }
      const { due, missed } = latestDue(deps, monitor.yaml, normaliseTime(first), now);
      const message: RunMessage = {
        monitor: monitor.name,
        scheduledTime: due,
        runId: runIdFor(monitor.name, due),
      };
      const claim = await deps.claims.claim(monitor.name, due, now);
      if (claim.claimed) {
        const notes =
          missed > 0
            ? [
                `Caught up once for ${missed + 1} fire times from ${normaliseTime(first)} to ${due} (the host missed ticks).`,
              ]
            : [];
        await deps.runs.put(queuedRun(monitor.name, due, now, notes));
        await deps.enqueue(message);
        report.enqueued.push(message);
      } else {
        const run = await deps.runs.get(monitor.name, claim.runId);
        const stale =
          Date.parse(now) - Date.parse(run?.claimedAt ?? now) > (deps.requeueAfterMs ?? 10 * 60_000);
        if (run?.status === 'Queued' && stale) {
          await deps.enqueue(message);
          report.requeued.push(message);
        } else {
          report.alreadyClaimed.push(message);
          // A Queued run may be one whose enqueue failed: keep the fire time due so a later tick can
          // re-enqueue it once stale. (The claim winner advances the schedule itself.)
          if (run?.status === 'Queued') continue;
        }
      }
      const next = deps.nextFireTimes(monitor.yaml, due, 1)[0];
      if (next !== undefined)
        await deps.catalog.setRunState(monitor.name, { nextFireTime: normaliseTime(next) });
    } catch (err) {
      report.errors.push({ monitor: monitor.name, error: errorText(err) });
    }
  }
  if (!deps.publisher) return report;
  return { ...report, outbox: await flushOutbox(deps.outbox, deps.publisher, deps.runs, { now: deps.now }) };
}

async function previousStatus(deps: ScheduledDeps, run: RunRecord): Promise<RunRecordStatus | undefined> {
  const earlier = (await deps.runs.list(run.monitor)).find(
    (r) => r.scheduledTime < run.scheduledTime && (r.status === 'Completed' || r.status === 'Failed'),
  );
  return earlier?.status;
}

/** Event (outbox first, then one publish attempt) and catalog last-run, for a finished run. Idempotent. */
async function afterRun(
  deps: ScheduledDeps,
  run: RunRecord,
  result: EvaluationResult | undefined,
): Promise<RunRecord> {
  const event = deps.runEvent({
    run,
    result,
    previousStatus: await previousStatus(deps, run),
    mode: deps.events,
  });
  if (event) {
    await enqueueRunEvent(deps.outbox, deps.runs, run.monitor, run.runId, event, deps.now());
    if (deps.publisher) await publishPending(deps.outbox, deps.publisher, deps.runs, event.id, deps.now);
  }
  const monitor = await deps.catalog.get(run.monitor);
  if (monitor && (monitor.lastRun === undefined || monitor.lastRun.time <= run.scheduledTime)) {
    await deps.catalog.setRunState(run.monitor, {
      lastRun: { runId: run.runId, status: run.status, time: run.scheduledTime },
    });
  }
  return (await deps.runs.get(run.monitor, run.runId)) ?? run;
}

export interface DeliveryInfo {
  /** 1 on first delivery (the queue's dequeueCount). */
  readonly dequeueCount: number;
  /** host.json `queues.maxDequeueCount` (default 5): the last attempt records the failure before poisoning. */
  readonly maxDequeueCount: number;
}

/**
 * Evaluates and records one claimed run. A redelivered message of a finished run only repeats the idempotent
 * tail (outbox, last run). Infrastructure errors are rethrown so the queue retries; on the last attempt the
 * run is first recorded Failed with the reason, so it never stays Running.
 */
export async function runClaimed(
  deps: ScheduledDeps,
  message: RunMessage,
  delivery: DeliveryInfo = { dequeueCount: 1, maxDequeueCount: 5 },
): Promise<RunRecord> {
  const scheduled = normaliseTime(message.scheduledTime);
  let run =
    (await deps.runs.get(message.monitor, message.runId)) ??
    queuedRun(message.monitor, scheduled, deps.now());
  if (run.status === 'Completed' || run.status === 'Failed') return afterRun(deps, run, undefined);

  const monitor = await deps.catalog.get(message.monitor);
  if (!monitor) {
    const failed = failedRun(run, `Monitor "${message.monitor}" no longer exists.`, deps.now());
    await deps.runs.put(failed);
    return failed;
  }
  const startedAt = deps.now();
  run = { ...run, status: 'Running', startedAt };
  await deps.runs.put(run);
  try {
    const result = await deps.evaluate(monitor.yaml, scheduled);
    const finishedAt = deps.now();
    // Metric points and blobs are keyed by the run, so a redelivery overwrites instead of duplicating.
    await deps.metrics.upsert(metricPointsOf(result, run.runId));
    await deps.results.write(run.monitor, run.runId, buildResultFiles(result, run.runId));
    const email = await sendRunAlert(
      deps.mailer,
      result,
      deps.alertEmails(monitor.yaml),
      { runId: run.runId, dashboardBaseUrl: deps.dashboardBaseUrl },
      deps.now,
    );
    const finished = { ...finishedRun(run, result, startedAt, finishedAt), email };
    await deps.runs.put(finished);
    return await afterRun(deps, finished, result);
  } catch (err) {
    const reason = `Attempt ${delivery.dequeueCount} of ${delivery.maxDequeueCount} failed: ${errorText(err)}`;
    if (delivery.dequeueCount >= delivery.maxDequeueCount) {
      const failed = failedRun(run, reason, deps.now());
      await deps.runs.put(failed);
      await afterRun(deps, failed, undefined);
    } else {
      await deps.runs.put({ ...run, status: 'Queued', notes: [...run.notes, reason] });
    }
    throw err;
  }
}
