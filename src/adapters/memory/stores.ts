/** In-memory adapters of every store port, for unit tests and the CLI's dry runs. Values are copied in and out. */
import type {
  CatalogWrite,
  ClaimResult,
  MetricStore,
  MonitorCatalog,
  Outbox,
  ResultFile,
  ResultStore,
  RunClaims,
  RunStore,
} from '../../core/ports.js';
import {
  normaliseTime,
  outboxAfterAttempt,
  runIdFor,
  type LastRun,
  type MetricPoint,
  type MetricQuery,
  type MonitorRecord,
  type OutboxRow,
  type RunRecord,
} from '../../core/runs/records.js';
import { comparePoints, metricPointKey } from '../metric-keys.js';

const copy = <T>(v: T): T => structuredClone(v);

export function memoryCatalog(): MonitorCatalog {
  const items = new Map<string, MonitorRecord>();
  const write = (m: MonitorRecord): CatalogWrite<MonitorRecord> => {
    items.set(m.name, copy(m));
    return { ok: true, value: copy(m) };
  };
  return {
    create(name, yaml, now, enabled = true) {
      if (items.has(name)) return Promise.resolve({ ok: false, reason: 'exists' });
      return Promise.resolve(write({ name, yaml, enabled, createdAt: now, updatedAt: now }));
    },
    update(name, yaml, now) {
      const m = items.get(name);
      if (!m) return Promise.resolve({ ok: false, reason: 'not-found' });
      return Promise.resolve(write({ ...m, yaml, updatedAt: now }));
    },
    get: (name) => Promise.resolve(copy(items.get(name))),
    list: () => Promise.resolve([...items.values()].sort((a, b) => a.name.localeCompare(b.name)).map(copy)),
    delete: (name) => Promise.resolve(items.delete(name)),
    setEnabled(name, enabled, now) {
      const m = items.get(name);
      if (!m) return Promise.resolve({ ok: false, reason: 'not-found' });
      return Promise.resolve(write({ ...m, enabled, updatedAt: now }));
    },
    setRunState(name, state: { readonly lastRun?: LastRun; readonly nextFireTime?: string }) {
      const m = items.get(name);
      if (!m) return Promise.resolve({ ok: false, reason: 'not-found' });
      return Promise.resolve(
        write({
          ...m,
          ...(state.lastRun ? { lastRun: state.lastRun } : {}),
          ...(state.nextFireTime === undefined ? {} : { nextFireTime: state.nextFireTime }),
        }),
      );
    },
  };
}

export function memoryClaims(): RunClaims {
  const claims = new Set<string>();
  return {
    claim(monitor, scheduledTime, _now): Promise<ClaimResult> {
      const t = normaliseTime(scheduledTime);
      const key = JSON.stringify([monitor, t]);
      const claimed = !claims.has(key);
      claims.add(key);
      return Promise.resolve({ claimed, runId: runIdFor(monitor, t), scheduledTime: t });
    },
    isClaimed: (monitor, scheduledTime) =>
      Promise.resolve(claims.has(JSON.stringify([monitor, normaliseTime(scheduledTime)]))),
  };
}

export function memoryRuns(): RunStore {
  const runs = new Map<string, RunRecord>();
  const key = (monitor: string, runId: string): string => JSON.stringify([monitor, runId]);
  return {
    put(run) {
      runs.set(key(run.monitor, run.runId), copy(run));
      return Promise.resolve();
    },
    get: (monitor, runId) => Promise.resolve(copy(runs.get(key(monitor, runId)))),
    list(monitor, limit, range) {
      const from = range?.from === undefined ? undefined : normaliseTime(range.from);
      const to = range?.to === undefined ? undefined : normaliseTime(range.to);
      const all = [...runs.values()]
        .filter(
          (r) =>
            r.monitor === monitor &&
            (from === undefined || r.scheduledTime >= from) &&
            (to === undefined || r.scheduledTime < to),
        )
        .sort((a, b) => b.scheduledTime.localeCompare(a.scheduledTime));
      return Promise.resolve((limit === undefined ? all : all.slice(0, limit)).map(copy));
    },
  };
}

export function memoryMetrics(): MetricStore {
  // Per monitor, like the Table adapter's partitions: a query scans one monitor's points, not every monitor's.
  const byMonitor = new Map<string, Map<string, MetricPoint>>();
  return {
    upsert(ps) {
      for (const p of ps) {
        let points = byMonitor.get(p.monitor);
        if (!points) {
          points = new Map();
          byMonitor.set(p.monitor, points);
        }
        points.set(metricPointKey(p), copy(p));
      }
      return Promise.resolve();
    },
    query(q: MetricQuery) {
      const from = q.from === undefined ? undefined : normaliseTime(q.from);
      const to = q.to === undefined ? undefined : normaliseTime(q.to);
      const out = [...(byMonitor.get(q.monitor)?.values() ?? [])].filter(
        (p) =>
          (q.signal === undefined || p.signal === q.signal) &&
          (q.feature === undefined || p.feature === q.feature) &&
          (q.metric === undefined || p.metric === q.metric) &&
          (from === undefined || p.runTime >= from) &&
          (to === undefined || p.runTime < to),
      );
      return Promise.resolve(out.sort(comparePoints).map(copy));
    },
  };
}

export function memoryResults(): ResultStore {
  const files = new Map<string, string>();
  const prefix = (monitor: string, runId: string): string => `${monitor}/${runId}/`;
  return {
    write(monitor, runId, fs: readonly ResultFile[]) {
      for (const f of fs) files.set(prefix(monitor, runId) + f.path, JSON.stringify(f.content));
      return Promise.resolve();
    },
    read(monitor, runId, path) {
      const s = files.get(prefix(monitor, runId) + path);
      return Promise.resolve(s === undefined ? undefined : (JSON.parse(s) as unknown));
    },
    list(monitor, runId) {
      const p = prefix(monitor, runId);
      return Promise.resolve(
        [...files.keys()]
          .filter((k) => k.startsWith(p))
          .map((k) => k.slice(p.length))
          .sort(),
      );
    },
  };
}

export function memoryOutbox(): Outbox {
  const rows = new Map<string, OutboxRow>();
  return {
    enqueue(row) {
      if (rows.has(row.eventId)) return Promise.resolve(false);
      rows.set(row.eventId, copy({ ...row, published: false, attempts: 0 }));
      return Promise.resolve(true);
    },
    pending(limit) {
      const all = [...rows.values()]
        .filter((r) => !r.published)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.eventId.localeCompare(b.eventId));
      return Promise.resolve((limit === undefined ? all : all.slice(0, limit)).map(copy));
    },
    get: (eventId) => Promise.resolve(copy(rows.get(eventId))),
    markAttempt(eventId, outcome) {
      const r = rows.get(eventId);
      if (!r) return Promise.resolve(undefined);
      const next = outboxAfterAttempt(r, outcome);
      rows.set(eventId, next);
      return Promise.resolve(copy(next));
    },
  };
}
