/** One behavioural contract for every store adapter (memory and Azure). */
import { describe, expect, it } from 'vitest';
import type {
  MetricStore,
  MonitorCatalog,
  Outbox,
  ResultStore,
  RunClaims,
  RunStore,
} from '../../src/core/ports.js';
import { finishedRun, metricPointsOf, queuedRun, type MetricPoint } from '../../src/core/runs/records.js';
import type { EvaluationResult } from '../../src/core/runs/result.js';

export interface StoreSet {
  readonly catalog: MonitorCatalog;
  readonly claims: RunClaims;
  readonly runs: RunStore;
  readonly metrics: MetricStore;
  readonly results: ResultStore;
  readonly outbox: Outbox;
}

const T0 = '2026-11-26T04:00:00.000Z';
const T1 = '2026-11-26T05:00:00.000Z';

export function sampleResult(runTime: string, value: number): EvaluationResult {
  return {
    monitor: 'credit-monitor',
    runTime,
    status: 'Failed',
    signals: {
      'credit-monitor_data_drift': {
        type: 'data_drift',
        status: 'Completed',
        breached: value > 0.1,
        alertEnabled: true,
        rowCounts: { baseline: 1000, target: 250 },
        metrics: [
          {
            group: 'AGE',
            metric_name: 'NormalizedWassersteinDistance',
            metric_value: value,
            threshold_value: 0.1,
            breached: value > 0.1,
            data_type: 'Numerical',
          },
          {
            group: 'SEX/x #?',
            metric_name: 'JensenShannonDistance',
            metric_value: Number.NaN,
            threshold_value: 0.1,
            breached: false,
            data_type: 'Categorical',
          },
          {
            group: '',
            metric_name: 'RowCount',
            metric_value: 250,
            threshold_value: null,
            breached: false,
            data_type: '',
          },
        ],
      },
    },
    notes: ['evaluated'],
  };
}

export function storeContract(name: string, make: () => StoreSet | Promise<StoreSet>): void {
  describe(`stores contract: ${name}`, () => {
    it('catalog: create, get, list, update keeps history fields, enable/disable, delete', async () => {
      const { catalog } = await make();
      const created = await catalog.create('b-monitor', 'yaml: 1', T0);
      expect(created).toEqual({
        ok: true,
        value: { name: 'b-monitor', yaml: 'yaml: 1', enabled: true, createdAt: T0, updatedAt: T0 },
      });
      expect(await catalog.create('b-monitor', 'other', T1)).toEqual({ ok: false, reason: 'exists' });
      await catalog.create('a-monitor', 'yaml: a', T0, false);
      expect((await catalog.list()).map((m) => [m.name, m.enabled])).toEqual([
        ['a-monitor', false],
        ['b-monitor', true],
      ]);
      const lastRun = { runId: 'b-monitor-20261126T040000000Z', status: 'Failed' as const, time: T0 };
      expect((await catalog.setRunState('b-monitor', { lastRun, nextFireTime: T1 })).ok).toBe(true);
      const updated = await catalog.update('b-monitor', 'yaml: 2', T1);
      expect(updated.ok && updated.value).toEqual({
        name: 'b-monitor',
        yaml: 'yaml: 2',
        enabled: true,
        createdAt: T0,
        updatedAt: T1,
        lastRun,
        nextFireTime: T1,
      });
      expect((await catalog.setEnabled('b-monitor', false, T1)).ok).toBe(true);
      expect((await catalog.get('b-monitor'))?.enabled).toBe(false);
      expect(await catalog.update('nope', 'x', T1)).toEqual({ ok: false, reason: 'not-found' });
      expect(await catalog.setEnabled('nope', true, T1)).toEqual({ ok: false, reason: 'not-found' });
      expect(await catalog.delete('b-monitor')).toBe(true);
      expect(await catalog.delete('b-monitor')).toBe(false);
      expect(await catalog.get('b-monitor')).toBeUndefined();
    });

    it('claims: first claim wins, the same time in another spelling is the same claim', async () => {
      const { claims } = await make();
      const first = await claims.claim('m1', '2026-11-26T04:05:00Z', T0);
      expect(first).toEqual({
        claimed: true,
        runId: 'm1-20261126T040500000Z',
        scheduledTime: '2026-11-26T04:05:00.000Z',
      });
      expect((await claims.claim('m1', '2026-11-26T05:05:00+01:00', T0)).claimed).toBe(false);
      expect((await claims.claim('m2', '2026-11-26T04:05:00Z', T0)).claimed).toBe(true);
      expect(await claims.isClaimed('m1', '2026-11-26T04:05:00.000Z')).toBe(true);
      expect(await claims.isClaimed('m1', '2026-11-26T04:10:00.000Z')).toBe(false);
    });

    it('runs: put/get/list newest first; finished records carry signals, breaches, errors, notes', async () => {
      const { runs } = await make();
      const q0 = queuedRun('credit-monitor', T0, T0, ['caught up 3 missed fire times']);
      const q1 = queuedRun('credit-monitor', T1, T1);
      await runs.put(q0);
      await runs.put(q1);
      expect(await runs.get('credit-monitor', q0.runId)).toEqual(q0);
      const done = finishedRun(
        { ...q0, status: 'Running', startedAt: T0 },
        sampleResult(T0, 0.3),
        T0,
        '2026-11-26T04:00:02.500Z',
      );
      await runs.put({
        ...done,
        email: { state: 'failed', recipients: ['a@example.com'], error: 'ECONNREFUSED' },
      });
      const got = await runs.get('credit-monitor', q0.runId);
      expect(got?.status).toBe('Failed');
      expect(got?.durationMs).toBe(2500);
      expect(got?.breachedFeatures).toEqual([
        {
          signal: 'credit-monitor_data_drift',
          feature: 'AGE',
          metric: 'NormalizedWassersteinDistance',
          value: 0.3,
          threshold: 0.1,
        },
      ]);
      expect(got?.notes).toEqual(['caught up 3 missed fire times', 'evaluated']);
      expect(got?.email).toEqual({ state: 'failed', recipients: ['a@example.com'], error: 'ECONNREFUSED' });
      expect((await runs.list('credit-monitor')).map((r) => r.runId)).toEqual([q1.runId, q0.runId]);
      expect((await runs.list('credit-monitor', 1)).map((r) => r.runId)).toEqual([q1.runId]);
      expect(await runs.list('other')).toEqual([]);
    });

    it('runs: list within a time range, newest first, paged by moving `to`', async () => {
      const { runs } = await make();
      const times = [
        '2026-11-20T03:15:00Z',
        '2026-11-21T03:15:00Z',
        '2026-11-22T03:15:00Z',
        '2026-11-23T03:15:00Z',
      ];
      for (const t of times) await runs.put(queuedRun('ranged', t, t));
      await runs.put(queuedRun('ranged-other', times[1]!, times[1]!));
      const ids = (rs: { runId: string }[]): string[] => rs.map((r) => r.runId);
      const at = (i: number): string => queuedRun('ranged', times[i]!, times[i]!).runId;
      expect(ids(await runs.list('ranged', undefined, { from: times[1]!, to: times[3]! }))).toEqual([
        at(2),
        at(1),
      ]);
      // Another spelling of the same instant is the same bound.
      expect(ids(await runs.list('ranged', undefined, { from: '2026-11-22T04:15:00+01:00' }))).toEqual([
        at(3),
        at(2),
      ]);
      expect(ids(await runs.list('ranged', undefined, { to: times[1]! }))).toEqual([at(0)]);
      const page1 = await runs.list('ranged', 2, {});
      expect(ids(page1)).toEqual([at(3), at(2)]);
      const page2 = await runs.list('ranged', 2, { to: page1[1]!.scheduledTime });
      expect(ids(page2)).toEqual([at(1), at(0)]);
      expect(await runs.list('ranged', 2, { to: page2[1]!.scheduledTime })).toEqual([]);
    });

    it('metrics: idempotent upserts, odd feature names, NaN, and range queries', async () => {
      const { metrics } = await make();
      const p0 = metricPointsOf(sampleResult(T0, 0.3), 'r0');
      const p1 = metricPointsOf(sampleResult(T1, 0.05), 'r1');
      await metrics.upsert(p0);
      await metrics.upsert(p0); // queue redelivery of the same run
      await metrics.upsert(p1);
      const all = await metrics.query({ monitor: 'credit-monitor' });
      expect(all).toHaveLength(6);
      const nan = all.find((p) => p.feature === 'SEX/x #?' && p.runTime === T0);
      expect(nan?.value).toBeNaN();
      const age = await metrics.query({
        monitor: 'credit-monitor',
        signal: 'credit-monitor_data_drift',
        feature: 'AGE',
        metric: 'NormalizedWassersteinDistance',
      });
      expect(age.map((p: MetricPoint) => [p.runTime, p.value, p.threshold, p.breached, p.runId])).toEqual([
        [T0, 0.3, 0.1, true, 'r0'],
        [T1, 0.05, 0.1, false, 'r1'],
      ]);
      expect(
        (await metrics.query({ monitor: 'credit-monitor', from: T1 })).every((p) => p.runTime === T1),
      ).toBe(true);
      expect(
        (await metrics.query({ monitor: 'credit-monitor', to: T1 })).every((p) => p.runTime === T0),
      ).toBe(true);
      const rowCount = all.find((p) => p.metric === 'RowCount' && p.runTime === T0);
      expect(rowCount?.threshold).toBeNull();
      // a corrected re-run replaces, not duplicates
      await metrics.upsert(metricPointsOf(sampleResult(T0, 0.4), 'r0'));
      const again = await metrics.query({ monitor: 'credit-monitor', feature: 'AGE', from: T0, to: T1 });
      expect(again.map((p) => p.value)).toEqual([0.4]);
    });

    it('metrics: more than one batch of points', async () => {
      const { metrics } = await make();
      const points: MetricPoint[] = Array.from({ length: 230 }, (_, i) => ({
        monitor: 'big',
        signal: 's',
        feature: `f${String(i).padStart(3, '0')}`,
        groupDimension: '',
        metric: 'PSI',
        runTime: T0,
        runId: 'r',
        value: i,
        threshold: 1,
        breached: i > 1,
      }));
      await metrics.upsert(points);
      const got = await metrics.query({ monitor: 'big' });
      expect(got.map((p) => p.value)).toEqual(points.map((p) => p.value));
    });

    it('results: write, list, read, overwrite', async () => {
      const { results } = await make();
      await results.write('m', 'r1', [
        { path: 'manifest.json', content: { version: '1.0.0', metricsFiles: { s: 'signals/s.json' } } },
        { path: 'signals/s.json', content: { signalName: 's' } },
        { path: 'signals/s/AGE.histogram.json', content: { featureName: 'AGE', histogram: [] } },
      ]);
      expect(await results.list('m', 'r1')).toEqual([
        'manifest.json',
        'signals/s.json',
        'signals/s/AGE.histogram.json',
      ]);
      expect(await results.read('m', 'r1', 'signals/s.json')).toEqual({ signalName: 's' });
      await results.write('m', 'r1', [{ path: 'signals/s.json', content: { signalName: 's', v: 2 } }]);
      expect(await results.read('m', 'r1', 'signals/s.json')).toEqual({ signalName: 's', v: 2 });
      expect(await results.read('m', 'r2', 'manifest.json')).toBeUndefined();
      expect(await results.list('m', 'r2')).toEqual([]);
    });

    it('outbox: enqueue once, attempts recorded, published rows leave pending', async () => {
      const { outbox } = await make();
      const event = {
        id: 'ev-1',
        subject: 'experiments/x/runs/r1',
        eventType: 'T',
        eventTime: T0,
        data: { a: 1 },
        dataVersion: '',
      };
      expect(await outbox.enqueue({ eventId: 'ev-1', monitor: 'm', runId: 'r1', event, createdAt: T0 })).toBe(
        true,
      );
      expect(await outbox.enqueue({ eventId: 'ev-1', monitor: 'm', runId: 'r1', event, createdAt: T1 })).toBe(
        false,
      );
      await outbox.enqueue({
        eventId: 'ev-2',
        monitor: 'm',
        runId: 'r2',
        event: { ...event, id: 'ev-2' },
        createdAt: T1,
      });
      expect((await outbox.pending()).map((r) => r.eventId)).toEqual(['ev-1', 'ev-2']);
      const failed = await outbox.markAttempt('ev-1', { ok: false, at: T1, error: 'ECONNREFUSED' });
      expect(failed).toMatchObject({
        attempts: 1,
        published: false,
        lastError: 'ECONNREFUSED',
        lastAttemptAt: T1,
      });
      const ok = await outbox.markAttempt('ev-1', { ok: true, at: T1 });
      expect(ok).toMatchObject({ attempts: 2, published: true, publishedAt: T1 });
      expect(ok?.lastError).toBeUndefined();
      expect((await outbox.get('ev-1'))?.event).toEqual(event);
      expect((await outbox.pending()).map((r) => r.eventId)).toEqual(['ev-2']);
      expect(await outbox.markAttempt('missing', { ok: true, at: T1 })).toBeUndefined();
    });
  });
}
