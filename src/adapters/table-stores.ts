/**
 * Table Storage adapters of the catalog, claims, runs, metric points and event outbox ports, and the Blob
 * adapter of the result store. Table layout (names take an optional prefix so tests can isolate themselves):
 *   monitors     PK "monitor"             RK name                 catalog entry
 *   runclaims    PK monitor               RK scheduled time (ISO)  create-only claim
 *   runs         PK monitor               RK runId                 run record
 *   runmetrics   PK monitor               RK signal|feature|dimension|metric|runTime   trendline point
 *   eventoutbox  PK "outbox"              RK event id              pending/published event
 */
import { odata, type TableClient, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import type {
  CatalogWrite,
  MetricStore,
  MonitorCatalog,
  Outbox,
  ResultStore,
  RunClaims,
  RunStore,
} from '../core/ports.js';
import { pathSegment } from '../core/runs/outputs.js';
import {
  normaliseTime,
  outboxAfterAttempt,
  runIdFor,
  type EmailState,
  type EventState,
  type LastRun,
  type MetricPoint,
  type MonitorRecord,
  type OutboxRow,
  type RunRecord,
  type RunRecordStatus,
} from '../core/runs/records.js';
import { comparePoints, keySegment, metricPointKey } from './metric-keys.js';

type Row = TableEntityResult<Record<string, unknown>>;

/** The HTTP status of an Azure SDK RestError (duck-typed: core-rest-pipeline is not a direct dependency). */
const statusOf = (err: unknown): number | undefined => {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
};

async function ensureTable(client: TableClient): Promise<void> {
  try {
    await client.createTable();
  } catch (err) {
    if (statusOf(err) !== 409) throw err;
  }
}

/** Lazily creates the table once per client. */
function lazy(client: TableClient): () => Promise<TableClient> {
  let ready: Promise<void> | undefined;
  return async () => {
    ready ??= ensureTable(client).catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    await ready;
    return client;
  };
}

async function getRow(client: TableClient, pk: string, rk: string): Promise<Row | undefined> {
  try {
    return await client.getEntity(pk, rk);
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

async function all(client: TableClient, filter?: string): Promise<Row[]> {
  const out: Row[] = [];
  const iter = client.listEntities(filter === undefined ? {} : { queryOptions: { filter } });
  for await (const e of iter) out.push(e);
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const need = (v: unknown, name: string): string => {
  if (typeof v !== 'string') throw new TypeError(`table row: ${name} is not a string`);
  return v;
};
const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : fallback);

// ---------- catalog ----------

const CATALOG_PK = 'monitor';

function toMonitor(e: Row): MonitorRecord {
  const lastRunId = str(e.lastRunId);
  const nextFireTime = str(e.nextFireTime);
  return {
    name: need(e.name, 'name'),
    yaml: need(e.yaml, 'yaml'),
    enabled: e.enabled === true,
    createdAt: need(e.createdAt, 'createdAt'),
    updatedAt: need(e.updatedAt, 'updatedAt'),
    ...(lastRunId === undefined
      ? {}
      : {
          lastRun: {
            runId: lastRunId,
            status: need(e.lastRunStatus, 'lastRunStatus') as RunRecordStatus,
            time: need(e.lastRunTime, 'lastRunTime'),
          },
        }),
    ...(nextFireTime === undefined ? {} : { nextFireTime }),
  };
}

function fromMonitor(m: MonitorRecord): TableEntity {
  return {
    partitionKey: CATALOG_PK,
    rowKey: keySegment(m.name),
    name: m.name,
    yaml: m.yaml,
    enabled: m.enabled,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    ...(m.lastRun
      ? { lastRunId: m.lastRun.runId, lastRunStatus: m.lastRun.status, lastRunTime: m.lastRun.time }
      : {}),
    ...(m.nextFireTime === undefined ? {} : { nextFireTime: m.nextFireTime }),
  };
}

export function tableCatalog(client: TableClient): MonitorCatalog {
  const table = lazy(client);
  /** Read-modify-write with the ETag; retried when another writer got in between. */
  async function modify(
    name: string,
    change: (m: MonitorRecord) => MonitorRecord,
  ): Promise<CatalogWrite<MonitorRecord>> {
    const t = await table();
    for (let attempt = 0; ; attempt++) {
      const row = await getRow(t, CATALOG_PK, keySegment(name));
      if (!row) return { ok: false, reason: 'not-found' };
      const next = change(toMonitor(row));
      try {
        await t.updateEntity(fromMonitor(next), 'Replace', { etag: row.etag });
        return { ok: true, value: next };
      } catch (err) {
        if (statusOf(err) === 404) return { ok: false, reason: 'not-found' };
        if (statusOf(err) !== 412 || attempt >= 5) throw err;
      }
    }
  }
  return {
    async create(name, yaml, now, enabled = true) {
      const m: MonitorRecord = { name, yaml, enabled, createdAt: now, updatedAt: now };
      try {
        await (await table()).createEntity(fromMonitor(m));
        return { ok: true, value: m };
      } catch (err) {
        if (statusOf(err) === 409) return { ok: false, reason: 'exists' };
        throw err;
      }
    },
    update: (name, yaml, now) => modify(name, (m) => ({ ...m, yaml, updatedAt: now })),
    async get(name) {
      const row = await getRow(await table(), CATALOG_PK, keySegment(name));
      return row ? toMonitor(row) : undefined;
    },
    async list() {
      const rows = await all(await table(), odata`PartitionKey eq ${CATALOG_PK}`);
      return rows.map(toMonitor).sort((a, b) => a.name.localeCompare(b.name));
    },
    async delete(name) {
      try {
        await (await table()).deleteEntity(CATALOG_PK, keySegment(name));
        return true;
      } catch (err) {
        if (statusOf(err) === 404) return false;
        throw err;
      }
    },
    setEnabled: (name, enabled, now) => modify(name, (m) => ({ ...m, enabled, updatedAt: now })),
    setRunState: (name, state: { readonly lastRun?: LastRun; readonly nextFireTime?: string }) =>
      modify(name, (m) => ({
        ...m,
        ...(state.lastRun ? { lastRun: state.lastRun } : {}),
        ...(state.nextFireTime === undefined ? {} : { nextFireTime: state.nextFireTime }),
      })),
  };
}

// ---------- claims ----------

export function tableClaims(client: TableClient): RunClaims {
  const table = lazy(client);
  return {
    async claim(monitor, scheduledTime, now) {
      const t = normaliseTime(scheduledTime);
      const runId = runIdFor(monitor, t);
      try {
        await (
          await table()
        ).createEntity({
          partitionKey: keySegment(monitor),
          rowKey: t,
          monitor,
          scheduledTime: t,
          runId,
          claimedAt: now,
        });
        return { claimed: true, runId, scheduledTime: t };
      } catch (err) {
        // 409 Conflict: someone else created it first. That is the whole point of a create-only entity.
        if (statusOf(err) === 409) return { claimed: false, runId, scheduledTime: t };
        throw err;
      }
    },
    async isClaimed(monitor, scheduledTime) {
      return (await getRow(await table(), keySegment(monitor), normaliseTime(scheduledTime))) !== undefined;
    },
  };
}

// ---------- runs ----------

function fromRun(r: RunRecord): TableEntity {
  return {
    partitionKey: keySegment(r.monitor),
    rowKey: keySegment(r.runId),
    monitor: r.monitor,
    runId: r.runId,
    status: r.status,
    scheduledTime: r.scheduledTime,
    claimedAt: r.claimedAt,
    ...(r.startedAt === undefined ? {} : { startedAt: r.startedAt }),
    ...(r.finishedAt === undefined ? {} : { finishedAt: r.finishedAt }),
    ...(r.durationMs === undefined ? {} : { durationMs: { value: String(r.durationMs), type: 'Double' } }),
    signals: JSON.stringify(r.signals),
    breachedFeatures: JSON.stringify(r.breachedFeatures),
    breachedCount: r.breachedCount,
    errors: JSON.stringify(r.errors),
    notes: JSON.stringify(r.notes),
    eventState: r.event.state,
    event: JSON.stringify(r.event),
    emailState: r.email.state,
    email: JSON.stringify(r.email),
  };
}

function toRun(e: Row): RunRecord {
  const startedAt = str(e.startedAt);
  const finishedAt = str(e.finishedAt);
  return {
    monitor: need(e.monitor, 'monitor'),
    runId: need(e.runId, 'runId'),
    status: need(e.status, 'status') as RunRecordStatus,
    scheduledTime: need(e.scheduledTime, 'scheduledTime'),
    claimedAt: need(e.claimedAt, 'claimedAt'),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(typeof e.durationMs === 'number' ? { durationMs: e.durationMs } : {}),
    signals: json(e.signals, {}),
    breachedFeatures: json(e.breachedFeatures, []),
    breachedCount: typeof e.breachedCount === 'number' ? e.breachedCount : 0,
    errors: json(e.errors, []),
    notes: json(e.notes, []),
    event: json<EventState>(e.event, { state: 'none', attempts: 0 }),
    email: json<EmailState>(e.email, { state: 'none', recipients: [] }),
  };
}

export function tableRuns(client: TableClient): RunStore {
  const table = lazy(client);
  return {
    async put(run) {
      await (await table()).upsertEntity(fromRun(run), 'Replace');
    },
    async get(monitor, runId) {
      const row = await getRow(await table(), keySegment(monitor), keySegment(runId));
      return row ? toRun(row) : undefined;
    },
    async list(monitor, limit, range) {
      // scheduledTime is stored normalised (toISOString), so string comparison is time order.
      let filter = odata`PartitionKey eq ${keySegment(monitor)}`;
      if (range?.from !== undefined) filter += ` and ${odata`scheduledTime ge ${normaliseTime(range.from)}`}`;
      if (range?.to !== undefined) filter += ` and ${odata`scheduledTime lt ${normaliseTime(range.to)}`}`;
      const rows = await all(await table(), filter);
      const runs = rows.map(toRun).sort((a, b) => b.scheduledTime.localeCompare(a.scheduledTime));
      return limit === undefined ? runs : runs.slice(0, limit);
    },
  };
}

// ---------- metric points ----------

/** Finite numbers are Edm.Double; NaN/±Infinity go to a text twin so they survive; null is omitted. */
function numberProps(name: string, v: number | null): Record<string, unknown> {
  if (v === null) return {};
  if (Number.isFinite(v)) return { [name]: { value: String(v), type: 'Double' } };
  return { [`${name}Text`]: String(v) };
}

function readNumber(e: Row, name: string): number | null {
  const v = e[name];
  if (typeof v === 'number') return v;
  const t = e[`${name}Text`];
  return typeof t === 'string' ? Number(t) : null;
}

function fromPoint(p: MetricPoint): TableEntity {
  return {
    partitionKey: keySegment(p.monitor),
    rowKey: metricPointKey(p),
    monitor: p.monitor,
    signal: p.signal,
    feature: p.feature,
    groupDimension: p.groupDimension,
    metric: p.metric,
    runTime: p.runTime,
    runId: p.runId,
    breached: p.breached,
    ...numberProps('value', p.value),
    ...numberProps('threshold', p.threshold),
  };
}

function toPoint(e: Row): MetricPoint {
  return {
    monitor: need(e.monitor, 'monitor'),
    signal: need(e.signal, 'signal'),
    feature: need(e.feature, 'feature'),
    groupDimension: str(e.groupDimension) ?? '',
    metric: need(e.metric, 'metric'),
    runTime: need(e.runTime, 'runTime'),
    runId: need(e.runId, 'runId'),
    value: readNumber(e, 'value'),
    threshold: readNumber(e, 'threshold'),
    breached: e.breached === true,
  };
}

export function tableMetrics(client: TableClient): MetricStore {
  const table = lazy(client);
  return {
    async upsert(points) {
      const t = await table();
      const byPartition = new Map<string, Map<string, TableEntity>>();
      for (const p of points) {
        const e = fromPoint(p);
        let part = byPartition.get(e.partitionKey);
        if (!part) {
          part = new Map<string, TableEntity>();
          byPartition.set(e.partitionKey, part);
        }
        part.set(e.rowKey, e); // a batch may not touch one row twice; the last write wins as with upserts
      }
      for (const part of byPartition.values()) {
        const entities = [...part.values()];
        // Entity group transactions hold at most 100 operations, all in one partition.
        for (let i = 0; i < entities.length; i += 100) {
          await t.submitTransaction(entities.slice(i, i + 100).map((e) => ['upsert', e, 'Replace'] as const));
        }
      }
    },
    async query(q) {
      let filter = odata`PartitionKey eq ${keySegment(q.monitor)}`;
      if (q.signal !== undefined) filter += ' and ' + odata`signal eq ${q.signal}`;
      if (q.feature !== undefined) filter += ' and ' + odata`feature eq ${q.feature}`;
      if (q.metric !== undefined) filter += ' and ' + odata`metric eq ${q.metric}`;
      if (q.from !== undefined) filter += ' and ' + odata`runTime ge ${normaliseTime(q.from)}`;
      if (q.to !== undefined) filter += ' and ' + odata`runTime lt ${normaliseTime(q.to)}`;
      return (await all(await table(), filter)).map(toPoint).sort(comparePoints);
    },
  };
}

// ---------- outbox ----------

const OUTBOX_PK = 'outbox';

function toOutbox(e: Row): OutboxRow {
  const publishedAt = str(e.publishedAt);
  const lastError = str(e.lastError);
  const lastAttemptAt = str(e.lastAttemptAt);
  return {
    eventId: need(e.eventId, 'eventId'),
    monitor: need(e.monitor, 'monitor'),
    runId: need(e.runId, 'runId'),
    event: json(e.event, undefined as never),
    createdAt: need(e.createdAt, 'createdAt'),
    published: e.published === true,
    attempts: typeof e.attempts === 'number' ? e.attempts : 0,
    ...(publishedAt === undefined ? {} : { publishedAt }),
    ...(lastError === undefined ? {} : { lastError }),
    ...(lastAttemptAt === undefined ? {} : { lastAttemptAt }),
  };
}

function fromOutbox(r: OutboxRow): TableEntity {
  return {
    partitionKey: OUTBOX_PK,
    rowKey: keySegment(r.eventId),
    eventId: r.eventId,
    monitor: r.monitor,
    runId: r.runId,
    event: JSON.stringify(r.event),
    createdAt: r.createdAt,
    published: r.published,
    attempts: r.attempts,
    ...(r.publishedAt === undefined ? {} : { publishedAt: r.publishedAt }),
    ...(r.lastError === undefined ? {} : { lastError: r.lastError.slice(0, 8000) }),
    ...(r.lastAttemptAt === undefined ? {} : { lastAttemptAt: r.lastAttemptAt }),
  };
}

export function tableOutbox(client: TableClient): Outbox {
  const table = lazy(client);
  return {
    async enqueue(row) {
      try {
        await (await table()).createEntity(fromOutbox({ ...row, published: false, attempts: 0 }));
        return true;
      } catch (err) {
        if (statusOf(err) === 409) return false;
        throw err;
      }
    },
    async pending(limit) {
      const rows = (await all(await table(), odata`PartitionKey eq ${OUTBOX_PK} and published eq ${false}`))
        .map(toOutbox)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.eventId.localeCompare(b.eventId));
      return limit === undefined ? rows : rows.slice(0, limit);
    },
    async get(eventId) {
      const row = await getRow(await table(), OUTBOX_PK, keySegment(eventId));
      return row ? toOutbox(row) : undefined;
    },
    async markAttempt(eventId, outcome) {
      const t = await table();
      const row = await getRow(t, OUTBOX_PK, keySegment(eventId));
      if (!row) return undefined;
      const r = toOutbox(row);
      const next = outboxAfterAttempt(r, outcome);
      await t.updateEntity(fromOutbox(next), 'Replace');
      return next;
    },
  };
}

// ---------- result blobs ----------

/** Result files under `<monitor>/<runId>/` in the results container (see README). */
export function blobResults(container: ContainerClient): ResultStore {
  let ready: Promise<unknown> | undefined;
  const ensure = async (): Promise<void> => {
    ready ??= container.createIfNotExists().catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    await ready;
  };
  const prefix = (monitor: string, runId: string): string => `${pathSegment(monitor)}/${pathSegment(runId)}/`;
  return {
    async write(monitor, runId, files) {
      await ensure();
      for (const f of files) {
        const body = JSON.stringify(f.content, null, 2);
        await container
          .getBlockBlobClient(prefix(monitor, runId) + f.path)
          .upload(body, Buffer.byteLength(body), {
            blobHTTPHeaders: { blobContentType: 'application/json' },
          });
      }
    },
    async read(monitor, runId, path) {
      await ensure();
      try {
        const buf = await container.getBlockBlobClient(prefix(monitor, runId) + path).downloadToBuffer();
        return JSON.parse(buf.toString('utf8')) as unknown;
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
    async list(monitor, runId) {
      await ensure();
      const p = prefix(monitor, runId);
      const out: string[] = [];
      for await (const b of container.listBlobsFlat({ prefix: p })) out.push(b.name.slice(p.length));
      return out.sort();
    },
  };
}
