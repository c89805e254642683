import { describe, expect, it } from 'vitest';
import {
  memoryCatalog,
  memoryClaims,
  memoryMetrics,
  memoryOutbox,
  memoryResults,
  memoryRuns,
} from '../../../src/adapters/memory/stores.js';
import type { EventPublisher, MailMessage, Mailer } from '../../../src/core/ports.js';
import type { EventGridEventLike } from '../../../src/core/runs/records.js';
import { evaluateFrom, everyMinutes, transitionEvent } from '../../helpers/run-plugins.js';
import { runClaimed, tick, type RunMessage, type ScheduledDeps } from '../../../src/core/runs/scheduled.js';

function harness() {
  let clock = Date.parse('2026-11-26T04:00:00Z');
  const queue: RunMessage[] = [];
  const published: EventGridEventLike[] = [];
  const mails: MailMessage[] = [];
  let topicUp = true;
  let evaluateFails = false;
  let enqueueFails = false;
  const publisher: EventPublisher = {
    publish: (events) => {
      if (!topicUp) return Promise.reject(new Error('connect ECONNREFUSED'));
      published.push(...events);
      return Promise.resolve();
    },
  };
  const mailer: Mailer = {
    send: (m) => {
      mails.push(m);
      return Promise.resolve({ ok: true, messageId: `<${mails.length}@test>` });
    },
  };
  const deps: ScheduledDeps = {
    catalog: memoryCatalog(),
    claims: memoryClaims(),
    runs: memoryRuns(),
    metrics: memoryMetrics(),
    results: memoryResults(),
    outbox: memoryOutbox(),
    publisher,
    mailer,
    now: () => new Date(clock).toISOString(),
    evaluate: (yaml, runTime) =>
      evaluateFails
        ? Promise.reject(new Error('storage unavailable'))
        : Promise.resolve(evaluateFrom(yaml, runTime)),
    nextFireTimes: everyMinutes,
    runEvent: transitionEvent,
    alertEmails: () => ['ops@example.org'],
    enqueue: (m) => {
      if (enqueueFails) return Promise.reject(new Error('queue unavailable'));
      queue.push(m);
      return Promise.resolve();
    },
    events: 'transitions',
    dashboardBaseUrl: 'http://dash',
  };
  return {
    deps,
    queue,
    published,
    mails,
    at: (iso: string) => {
      clock = Date.parse(iso);
    },
    setTopicUp: (v: boolean) => {
      topicUp = v;
    },
    setEvaluateFails: (v: boolean) => {
      evaluateFails = v;
    },
    setEnqueueFails: (v: boolean) => {
      enqueueFails = v;
    },
  };
}

describe('tick', () => {
  it('claims a due fire time once, even with racing ticks; catches up once after missed ticks', async () => {
    const h = harness();
    await h.deps.catalog.create('m', 'every: 5\ndrift: yes', '2026-11-26T04:00:00.000Z');
    h.at('2026-11-26T04:03:00Z');
    expect((await tick(h.deps)).enqueued).toEqual([]);
    expect((await h.deps.catalog.get('m'))?.nextFireTime).toBe('2026-11-26T04:05:00.000Z');

    h.at('2026-11-26T04:05:01Z');
    const [a, b] = await Promise.all([tick(h.deps), tick(h.deps)]);
    expect(a.enqueued.length + b.enqueued.length).toBe(1);
    expect(a.alreadyClaimed.length + b.alreadyClaimed.length).toBe(1);
    expect(h.queue).toEqual([
      { monitor: 'm', scheduledTime: '2026-11-26T04:05:00.000Z', runId: 'm-20261126T040500000Z' },
    ]);
    expect((await h.deps.catalog.get('m'))?.nextFireTime).toBe('2026-11-26T04:10:00.000Z');

    // Host down from 04:06 to 04:31: one run for 04:30, with a note, not five.
    h.at('2026-11-26T04:31:00Z');
    const late = await tick(h.deps);
    expect(late.enqueued.map((m) => m.scheduledTime)).toEqual(['2026-11-26T04:30:00.000Z']);
    const run = await h.deps.runs.get('m', 'm-20261126T043000000Z');
    expect(run?.status).toBe('Queued');
    expect(run?.notes[0]).toMatch(
      /Caught up once for 5 fire times from 2026-11-26T04:10:00.000Z to 2026-11-26T04:30:00.000Z/,
    );
    expect((await h.deps.catalog.get('m'))?.nextFireTime).toBe('2026-11-26T04:35:00.000Z');
  });

  it('skips disabled monitors and reports a broken one without stopping the others', async () => {
    const h = harness();
    await h.deps.catalog.create('off', 'every: 5', '2026-11-26T04:00:00.000Z', false);
    await h.deps.catalog.create('bad', 'every: 5\nschedule: broken', '2026-11-26T04:00:00.000Z');
    await h.deps.catalog.create('good', 'every: 5', '2026-11-26T04:00:00.000Z');
    const deps: ScheduledDeps = {
      ...h.deps,
      nextFireTimes: (yaml, after, count) => {
        if (yaml.includes('broken')) throw new Error('invalid cron');
        return everyMinutes(yaml, after, count);
      },
    };
    h.at('2026-11-26T04:05:00Z');
    const report = await tick(deps);
    expect(report.errors).toEqual([{ monitor: 'bad', error: 'invalid cron' }]);
    expect(report.enqueued.map((m) => m.monitor)).toEqual(['good']);
  });
  it('a claim whose enqueue failed is re-enqueued by a later tick once it is stale', async () => {
    const h = harness();
    await h.deps.catalog.create('m', 'every: 60', '2026-11-26T03:30:00.000Z');
    h.at('2026-11-26T04:00:10Z');
    h.setEnqueueFails(true);
    expect((await tick(h.deps)).errors).toEqual([{ monitor: 'm', error: 'queue unavailable' }]);
    h.setEnqueueFails(false);
    h.at('2026-11-26T04:05:00Z');
    const early = await tick(h.deps);
    expect(early.requeued).toEqual([]);
    expect(early.alreadyClaimed.map((m) => m.runId)).toEqual(['m-20261126T040000000Z']);
    h.at('2026-11-26T04:12:00Z');
    const late = await tick(h.deps);
    expect(late.requeued.map((m) => m.runId)).toEqual(['m-20261126T040000000Z']);
    expect(h.queue.map((m) => m.runId)).toEqual(['m-20261126T040000000Z']);
    expect((await h.deps.catalog.get('m'))?.nextFireTime).toBe('2026-11-26T05:00:00.000Z');
  });
});

describe('runClaimed', () => {
  it('records run, metric points, blobs, email and event; redelivery duplicates nothing; Failed → Completed publishes', async () => {
    const h = harness();
    await h.deps.catalog.create('m', 'every: 5\ndrift: yes', '2026-11-26T04:00:00.000Z');
    h.at('2026-11-26T04:05:00Z');
    await tick(h.deps);
    const msg = h.queue.shift()!;
    h.at('2026-11-26T04:05:02Z');
    const run = await runClaimed(h.deps, msg);
    expect(run.status).toBe('Failed');
    expect(run.startedAt).toBe('2026-11-26T04:05:02.000Z');
    expect(run.breachedFeatures.map((f) => f.feature)).toEqual(['AGE']);
    expect(run.email).toMatchObject({ state: 'sent', recipients: ['ops@example.org'] });
    expect(run.event).toMatchObject({ state: 'published', eventId: `${msg.runId}-status`, attempts: 1 });
    expect(h.mails.map((m) => m.subject)).toEqual(['Model monitor m: signal m_drift breached thresholds']);
    expect(h.published.map((e) => (e.data as { runStatus: string }).runStatus)).toEqual(['Failed']);
    expect(await h.deps.results.list('m', msg.runId)).toEqual([
      'manifest.json',
      'signals/m_drift.json',
      'signals/m_drift/AGE.histogram.json',
    ]);
    expect((await h.deps.catalog.get('m'))?.lastRun).toEqual({
      runId: msg.runId,
      status: 'Failed',
      time: msg.scheduledTime,
    });

    // Queue redelivery of the same message.
    await runClaimed(h.deps, msg, { dequeueCount: 2, maxDequeueCount: 5 });
    expect(await h.deps.metrics.query({ monitor: 'm' })).toHaveLength(1);
    expect(h.published).toHaveLength(1);
    expect(h.mails).toHaveLength(1);

    // Failed again at 04:10: no transition, no event.
    h.at('2026-11-26T04:10:00Z');
    await tick(h.deps);
    await runClaimed(h.deps, h.queue.shift()!);
    expect(h.published).toHaveLength(1);

    // Drift gone at 04:15: Failed → Completed is published, no email.
    await h.deps.catalog.update('m', 'every: 5\ndrift: no', '2026-11-26T04:12:00.000Z');
    h.at('2026-11-26T04:15:00Z');
    await tick(h.deps);
    const ok = await runClaimed(h.deps, h.queue.shift()!);
    expect(ok.status).toBe('Completed');
    expect(ok.email.state).toBe('none');
    expect(h.published.map((e) => (e.data as { runStatus: string }).runStatus)).toEqual([
      'Failed',
      'Completed',
    ]);
    expect(h.mails).toHaveLength(2);
    const trend = await h.deps.metrics.query({
      monitor: 'm',
      signal: 'm_drift',
      feature: 'AGE',
      metric: 'NormalizedWassersteinDistance',
    });
    expect(trend.map((p) => [p.runTime, p.value, p.breached])).toEqual([
      ['2026-11-26T04:05:00.000Z', 0.4, true],
      ['2026-11-26T04:10:00.000Z', 0.4, true],
      ['2026-11-26T04:15:00.000Z', 0.02, false],
    ]);
    expect((await h.deps.runs.list('m')).map((r) => r.status)).toEqual(['Completed', 'Failed', 'Failed']);
  });

  it('Event Grid down: the event waits in the outbox and the next tick publishes it', async () => {
    const h = harness();
    await h.deps.catalog.create('m', 'every: 5\ndrift: yes', '2026-11-26T04:00:00.000Z');
    h.at('2026-11-26T04:05:00Z');
    await tick(h.deps);
    h.setTopicUp(false);
    const run = await runClaimed(h.deps, h.queue.shift()!);
    expect(run.status).toBe('Failed');
    expect(run.event).toMatchObject({ state: 'failed', attempts: 1, lastError: 'connect ECONNREFUSED' });
    h.setTopicUp(true);
    h.at('2026-11-26T04:06:00Z');
    const report = await tick(h.deps);
    expect(report.outbox?.published).toEqual([`${run.runId}-status`]);
    expect(h.published).toHaveLength(1);
    expect((await h.deps.runs.get('m', run.runId))?.event).toMatchObject({ state: 'published', attempts: 2 });
  });

  it('infrastructure failure: retried, then Failed with the reason on the last attempt (never stuck Running)', async () => {
    const h = harness();
    await h.deps.catalog.create('m', 'every: 5\ndrift: no', '2026-11-26T04:00:00.000Z');
    h.at('2026-11-26T04:05:00Z');
    await tick(h.deps);
    const msg = h.queue.shift()!;
    h.setEvaluateFails(true);
    await expect(runClaimed(h.deps, msg, { dequeueCount: 1, maxDequeueCount: 2 })).rejects.toThrow(
      'storage unavailable',
    );
    expect((await h.deps.runs.get('m', msg.runId))?.status).toBe('Queued');
    await expect(runClaimed(h.deps, msg, { dequeueCount: 2, maxDequeueCount: 2 })).rejects.toThrow(
      'storage unavailable',
    );
    const failed = await h.deps.runs.get('m', msg.runId);
    expect(failed?.status).toBe('Failed');
    expect(failed?.errors).toEqual(['Attempt 2 of 2 failed: storage unavailable']);
    // First run failed → the failure is an event too.
    expect(h.published.map((e) => e.id)).toEqual([`${msg.runId}-status`]);
  });
});
