/**
 * The event outbox: a run's event is written to the outbox before it is published, so an unreachable topic
 * never loses it; every tick flushes what is still pending. Each attempt is recorded on the outbox row and
 * on the run record.
 */
import type { EventPublisher, Outbox, RunStore } from '../ports.js';
import type { EventGridEventLike, OutboxRow } from './records.js';

export interface FlushReport {
  readonly published: string[];
  readonly failed: { readonly eventId: string; readonly error: string }[];
  readonly skipped: string[];
}

export interface FlushOptions {
  readonly now: () => string;
  /** Rows with this many failed attempts are left alone (still pending, reported as skipped). */
  readonly maxAttempts?: number;
  readonly limit?: number;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function recordOnRun(runs: RunStore | undefined, row: OutboxRow): Promise<void> {
  if (!runs) return;
  const run = await runs.get(row.monitor, row.runId);
  if (!run) return;
  await runs.put({
    ...run,
    event: {
      state: row.published ? 'published' : 'failed',
      eventId: row.eventId,
      attempts: row.attempts,
      ...(row.lastError === undefined || row.published ? {} : { lastError: row.lastError }),
      ...(row.publishedAt === undefined ? {} : { publishedAt: row.publishedAt }),
    },
  });
}

/** Publishes every pending row once (one event per request, so one bad event cannot block the others). */
export async function flushOutbox(
  outbox: Outbox,
  publisher: EventPublisher,
  runs: RunStore | undefined,
  opts: FlushOptions,
): Promise<FlushReport> {
  const report: FlushReport = { published: [], failed: [], skipped: [] };
  for (const row of await outbox.pending(opts.limit)) {
    if (opts.maxAttempts !== undefined && row.attempts >= opts.maxAttempts) {
      report.skipped.push(row.eventId);
      continue;
    }
    let updated: OutboxRow | undefined;
    try {
      await publisher.publish([row.event]);
      updated = await outbox.markAttempt(row.eventId, { ok: true, at: opts.now() });
      report.published.push(row.eventId);
    } catch (err) {
      const error = message(err);
      updated = await outbox.markAttempt(row.eventId, { ok: false, at: opts.now(), error });
      report.failed.push({ eventId: row.eventId, error });
    }
    if (updated) await recordOnRun(runs, updated);
  }
  return report;
}

/** Writes the run's event to the outbox (no-op on redelivery) and marks the run's event as pending. */
export async function enqueueRunEvent(
  outbox: Outbox,
  runs: RunStore | undefined,
  monitor: string,
  runId: string,
  event: EventGridEventLike,
  now: string,
): Promise<boolean> {
  const added = await outbox.enqueue({ eventId: event.id, monitor, runId, event, createdAt: now });
  if (added && runs) {
    const run = await runs.get(monitor, runId);
    if (run) await runs.put({ ...run, event: { state: 'pending', eventId: event.id, attempts: 0 } });
  }
  return added;
}

/** Publishes one outbox row now (right after its run finished); a failure stays pending for the next tick. */
export async function publishPending(
  outbox: Outbox,
  publisher: EventPublisher,
  runs: RunStore | undefined,
  eventId: string,
  now: () => string,
): Promise<OutboxRow | undefined> {
  const row = await outbox.get(eventId);
  if (!row || row.published) return row;
  let updated: OutboxRow | undefined;
  try {
    await publisher.publish([row.event]);
    updated = await outbox.markAttempt(eventId, { ok: true, at: now() });
  } catch (err) {
    updated = await outbox.markAttempt(eventId, { ok: false, at: now(), error: message(err) });
  }
  if (updated) await recordOnRun(runs, updated);
  return updated;
}
