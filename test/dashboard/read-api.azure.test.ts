/** The dashboard read API over the Azure Table/Blob stores on Azurite, seeded through the real stores. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- JSON response bodies are probed by path */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { azureStores } from '../../src/adapters/storage.js';
import { handleReadApi, parseRunId, routeOf, type ReadRoute } from '../../src/core/dashboard/read-api.js';
import {
  ACCURACY_THRESHOLD,
  BREACHED_DRIFT,
  BREACHED_QUALITY,
  DRIFT_THRESHOLD,
  SIGNALS,
  featureNames,
  seedDashboard,
  seededResult,
  type SeededMonitor,
} from '../helpers/dashboard-seed.js';

const connectionString = inject('storageConnectionString');
const tag = `dash${Date.now().toString(36)}`;
const stores = azureStores({ kind: 'connectionString', connectionString }, `${tag}-results`, tag);
const RUNS = 5;
const FEATURES = 8;
const NOW = '2026-08-05T20:00:00.000Z';
const deps = { ...stores, now: () => NOW };
let seeded: SeededMonitor[] = [];

const get = async (path: string, query: Record<string, string> = {}) => {
  const route = routeOf(path.split('/').map(decodeURIComponent));
  expect(route, `route ${path}`).toBeDefined();
  return handleReadApi(deps, route as ReadRoute, query);
};
type Body = Record<string, unknown> & { [k: string]: any };

beforeAll(async () => {
  seeded = await seedDashboard(stores, { monitors: 2, runs: RUNS, features: FEATURES });
});

describe('dashboard read API on Azurite', () => {
  it('lists monitors with target, schedule in words, last run, breached signals and next run', async () => {
    const res = await get('monitors');
    expect(res.status).toBe(200);
    const list = res.body as Body[];
    expect(list.map((m) => m.name)).toEqual(seeded.map((s) => s.name));
    const first = list[0]!;
    const latest = seeded[0]!.latest;
    expect(first.target).toMatchObject({
      text: 'credit-default / main',
      endpoint: 'credit-default',
      deployment: 'main',
    });
    expect(first.schedule).toBe('Every day at 03:15 (Pacific Standard Time)');
    expect(first.timeZone).toBe('America/Los_Angeles');
    expect(first.lastRun).toMatchObject({
      runId: latest.runId,
      status: 'Failed',
      time: latest.scheduledTime,
    });
    expect([...(first.lastRun.breachedSignals as string[])].sort()).toEqual(
      Object.entries(latest.signals)
        .filter(([, s]) => s.breached)
        .map(([n]) => n)
        .sort(),
    );
    expect(first.lastRun.breachedSignals).toContain(SIGNALS.drift);
    expect(first.nextRun).toBe(new Date(Date.parse(latest.scheduledTime) + 86_400_000).toISOString());
  });

  it('shows one monitor: signals with status, notifications per signal (value vs threshold), run history', async () => {
    const res = await get(`monitors/${seeded[0]!.name}`);
    expect(res.status).toBe(200);
    const body = res.body as Body;
    expect(body.yaml).toContain('monitoring_signals');
    expect((body.signals as Body[]).map((s) => [s.name, s.status, s.breached])).toEqual([
      [SIGNALS.drift, 'Completed', true],
      [SIGNALS.quality, 'Completed', true],
      [SIGNALS.performance, 'Completed', true],
      [SIGNALS.custom, 'Completed', seeded[0]!.latest.signals[SIGNALS.custom]!.breached],
    ]);
    const drift = (body.notifications.signals as Body[]).find((s) => s.signal === SIGNALS.drift)!;
    expect((drift.breaches as Body[]).map((b) => b.feature).sort()).toEqual([...BREACHED_DRIFT].sort());
    for (const b of drift.breaches as Body[]) {
      expect(b.threshold).toBe(DRIFT_THRESHOLD);
      expect(b.value).toBeGreaterThan(DRIFT_THRESHOLD);
    }
    const quality = (body.notifications.signals as Body[]).find((s) => s.signal === SIGNALS.quality)!;
    expect(quality.breaches).toEqual([expect.objectContaining(BREACHED_QUALITY)]);
    const perf = (body.notifications.signals as Body[]).find((s) => s.signal === SIGNALS.performance)!;
    expect(perf.breaches).toContainEqual(
      expect.objectContaining({ feature: '', metric: 'Accuracy', threshold: ACCURACY_THRESHOLD }),
    );
    expect((body.runs as Body[]).map((r) => r.runId)).toEqual([...seeded[0]!.runIds].reverse());
  });

  it('pages run history newest first and honours from/to', async () => {
    const ids = [...seeded[1]!.runIds].reverse();
    const p1 = (await get(`monitors/${seeded[1]!.name}/runs`, { top: '2' })).body as Body;
    expect((p1.runs as Body[]).map((r) => r.runId)).toEqual(ids.slice(0, 2));
    const p2 = (
      await get(`monitors/${seeded[1]!.name}/runs`, {
        top: '2',
        continuationToken: p1.continuationToken as string,
      })
    ).body as Body;
    expect((p2.runs as Body[]).map((r) => r.runId)).toEqual(ids.slice(2, 4));
    const p3 = (
      await get(`monitors/${seeded[1]!.name}/runs`, {
        top: '2',
        continuationToken: p2.continuationToken as string,
      })
    ).body as Body;
    expect((p3.runs as Body[]).map((r) => r.runId)).toEqual(ids.slice(4));
    expect(p3.continuationToken).toBeUndefined();
    const t = (id: string) => parseRunId(id)!.scheduledTime;
    const ranged = (await get(`monitors/${seeded[1]!.name}/runs`, { from: t(ids[3]!), to: t(ids[1]!) }))
      .body as Body;
    expect((ranged.runs as Body[]).map((r) => r.runId)).toEqual([ids[2], ids[3]]);
  });

  it('returns a run with its signals, and a signal result document', async () => {
    const latest = seeded[0]!.latest;
    const run = (await get(`runs/${latest.runId}`)).body as Body;
    expect(run).toMatchObject({ runId: latest.runId, status: 'Failed', breachedCount: latest.breachedCount });
    expect((run.signalList as Body[]).map((s) => [s.name, s.hasResult])).toEqual(
      Object.values(SIGNALS).map((s) => [s, true]),
    );
    const sig = (await get(`runs/${latest.runId}/signals/${SIGNALS.drift}`)).body as Body;
    expect(sig.document.signalType).toBe('DataDrift');
    expect(Object.keys(sig.document.metrics.features as object).sort()).toEqual(
      featureNames(FEATURES).sort(),
    );
    expect(sig.document.metrics.features.AGE.metrics[0]).toMatchObject({
      metricName: 'JensenShannonDistance',
      threshold: DRIFT_THRESHOLD,
    });
  });

  it('serves a feature time series across runs, paged', async () => {
    const m = seeded[0]!;
    const res = await get(`monitors/${m.name}/signals/${SIGNALS.drift}/metrics`, {
      feature: 'AGE',
      metric: 'JensenShannonDistance',
    });
    expect(res.status).toBe(200);
    const body = res.body as Body;
    const expected = m.runIds.map((_, k) => {
      const time = parseRunId(m.runIds[k]!)!.scheduledTime;
      const r = seededResult(m.name, time, k, RUNS - 1, featureNames(FEATURES), true);
      return r.signals[SIGNALS.drift]!.metrics.find((x) => x.group === 'AGE')!.metric_value;
    });
    expect((body.points as Body[]).map((p) => p.value)).toEqual(expected);
    expect((body.points as Body[]).map((p) => p.runId)).toEqual(m.runIds);
    const page = (await get(`monitors/${m.name}/signals/${SIGNALS.drift}/metrics`, { top: '3' }))
      .body as Body;
    expect(page.total).toBe(RUNS * FEATURES);
    expect(page.points).toHaveLength(3);
    const next = (
      await get(`monitors/${m.name}/signals/${SIGNALS.drift}/metrics`, {
        top: '3',
        continuationToken: page.continuationToken as string,
      })
    ).body as Body;
    expect((next.points as Body[])[0]).not.toEqual((page.points as Body[])[0]);
  });

  it('serves histograms: numerical bins and category bars', async () => {
    const latest = seeded[0]!.latest;
    const age = (await get(`runs/${latest.runId}/signals/${SIGNALS.drift}/features/AGE/histogram`))
      .body as Body;
    expect(age.featureName).toBe('AGE');
    expect(age.histogram).toHaveLength(10);
    expect(age.histogram[0]).toEqual(expect.objectContaining({ lowerBound: 20, upperBound: 25 }));
    const edu = (await get(`runs/${latest.runId}/signals/${SIGNALS.drift}/features/EDUCATION/histogram`))
      .body as Body;
    expect((edu.histogram as Body[]).map((b) => b.category)).toEqual([
      'graduate',
      'university',
      'high school',
      'others',
    ]);
  });

  it('answers 404 with a message naming the unknown thing and 400 for bad query values, without stack traces', async () => {
    const latest = seeded[0]!.latest;
    const cases: [string, Record<string, string>, number, string][] = [
      ['monitors/nope', {}, 404, 'Monitor "nope" does not exist.'],
      ['monitors/nope/runs', {}, 404, 'Monitor "nope" does not exist.'],
      [
        `monitors/${seeded[0]!.name}/signals/nope/metrics`,
        {},
        404,
        `Signal "nope" of monitor "${seeded[0]!.name}" does not exist.`,
      ],
      ['runs/not-a-run', {}, 404, 'Run "not-a-run" does not exist.'],
      [
        'runs/credit-default-monitor-20200101T000000000Z',
        {},
        404,
        'Run "credit-default-monitor-20200101T000000000Z" does not exist.',
      ],
      [
        `runs/${latest.runId}/signals/nope`,
        {},
        404,
        `Signal "nope" in run "${latest.runId}" does not exist.`,
      ],
      [
        `runs/${latest.runId}/signals/${SIGNALS.drift}/features/NOPE/histogram`,
        {},
        404,
        `Histogram of feature "NOPE" in signal "${SIGNALS.drift}" of run "${latest.runId}" does not exist.`,
      ],
      [
        `monitors/${seeded[0]!.name}/runs`,
        { from: 'yesterday' },
        400,
        '"from" must be an ISO-8601 time, got "yesterday".',
      ],
      [
        `monitors/${seeded[0]!.name}/runs`,
        { top: '0' },
        400,
        '"top" must be a whole number from 1 to 500, got "0".',
      ],
      [
        `monitors/${seeded[0]!.name}/runs`,
        { continuationToken: '!!' },
        400,
        '"continuationToken" is not a token this API issued.',
      ],
    ];
    for (const [path, query, status, error] of cases) {
      const res = await get(path, query);
      expect(res, path).toEqual({ status, body: { error } });
    }
    expect(routeOf(['monitors', 'x', 'oops'])).toBeUndefined();
  });
});
