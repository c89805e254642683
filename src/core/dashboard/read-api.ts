/**
 * The dashboard's read API as a pure function of (route, query) → (status, JSON) over the store ports, so the
 * HTTP functions and the browser tests' local server share it:
 *   GET monitors                                            summaries (target, schedule in words, last run, next run)
 *   GET monitors/{name}                                     record + spec summary, signal status, notifications, runs
 *   GET monitors/{name}/runs?from&to&top&continuationToken  run records, newest first, paged
 *   GET monitors/{name}/signals/{signal}/metrics?feature&metric&from&to&top&continuationToken   time series
 *   GET runs/{runId}                                        run record + signals (with result files)
 *   GET runs/{runId}/signals/{signal}                       the signal's result document (Azure's format)
 *   GET runs/{runId}/signals/{signal}/features/{feature}/histogram
 * Unknown names are 404 with a message naming them; bad query values 400. Nothing here throws on user input;
 * store failures propagate to the HTTP shell, which answers 500 without details.
 */
import type { MetricStore, MonitorCatalog, ResultStore, RunStore } from '../ports.js';
import type { BreachedFeature, MetricPoint, MonitorRecord, RunRecord } from '../runs/records.js';
import { histogramFilePath, signalFilePath, azureSignalType } from '../runs/outputs.js';
import { nextFireTimes } from '../schedule/index.js';
import { parseMonitorYaml, type MonitorSignal, type MonitorSpec } from '../spec/index.js';
import { describeTrigger } from './schedule-words.js';

export interface ReadDeps {
  readonly catalog: MonitorCatalog;
  readonly runs: RunStore;
  readonly metrics: MetricStore;
  readonly results: ResultStore;
  readonly now: () => string;
}

export type ReadRoute =
  | { readonly kind: 'monitors' }
  | { readonly kind: 'monitor'; readonly name: string }
  | { readonly kind: 'runs'; readonly name: string }
  | { readonly kind: 'metrics'; readonly name: string; readonly signal: string }
  | { readonly kind: 'run'; readonly runId: string }
  | { readonly kind: 'signal'; readonly runId: string; readonly signal: string }
  | { readonly kind: 'histogram'; readonly runId: string; readonly signal: string; readonly feature: string };

export interface ReadResponse {
  readonly status: number;
  readonly body: unknown;
}

export type Query = Readonly<Record<string, string | undefined>>;

/** Decoded path segments after `/api/` → a route, or undefined. */
export function routeOf(segments: readonly string[]): ReadRoute | undefined {
  const [a, b, c, d, e, f, g] = segments;
  const n = segments.length;
  if (a === 'monitors') {
    if (n === 1) return { kind: 'monitors' };
    if (b === undefined || b === '') return undefined;
    if (n === 2) return { kind: 'monitor', name: b };
    if (n === 3 && c === 'runs') return { kind: 'runs', name: b };
    if (n === 5 && c === 'signals' && d && e === 'metrics') return { kind: 'metrics', name: b, signal: d };
    return undefined;
  }
  if (a === 'runs' && b) {
    if (n === 2) return { kind: 'run', runId: b };
    if (n === 4 && c === 'signals' && d) return { kind: 'signal', runId: b, signal: d };
    if (n === 7 && c === 'signals' && d && e === 'features' && f && g === 'histogram')
      return { kind: 'histogram', runId: b, signal: d, feature: f };
  }
  return undefined;
}

/** `<monitor>-<yyyyMMddTHHmmssSSSZ>` (see runIdFor) → its monitor and scheduled time. */
export function parseRunId(runId: string): { monitor: string; scheduledTime: string } | undefined {
  const m = /^(.+)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(runId);
  if (!m) return undefined;
  const [, monitor = '', y, mo, d, h, mi, s, ms] = m;
  const iso = `${y ?? ''}-${mo ?? ''}-${d ?? ''}T${h ?? ''}:${mi ?? ''}:${s ?? ''}.${ms ?? ''}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : { monitor, scheduledTime: iso };
}

const notFound = (what: string): ReadResponse => ({
  status: 404,
  body: { error: `${what} does not exist.` },
});
const badRequest = (message: string): ReadResponse => ({ status: 400, body: { error: message } });

class QueryError extends Error {}

function isoParam(q: Query, key: string): string | undefined {
  const v = q[key];
  if (v === undefined || v === '') return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new QueryError(`"${key}" must be an ISO-8601 time, got "${v}".`);
  return new Date(ms).toISOString();
}

function topParam(q: Query, fallback: number, max: number): number {
  const v = q.top;
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new QueryError(`"top" must be a whole number from 1 to ${max}, got "${v}".`);
  return n;
}

/** Opaque continuation tokens: base64url JSON. */
function encodeToken(value: Record<string, unknown>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeToken(q: Query): Record<string, unknown> | undefined {
  const v = q.continuationToken;
  if (v === undefined || v === '') return undefined;
  try {
    const bin = atob(v.replace(/-/g, '+').replace(/_/g, '/'));
    const parsed = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))),
    ) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new QueryError('"continuationToken" is not a token this API issued.');
}

// ---------- monitor summaries ----------

export interface TargetView {
  readonly text: string;
  readonly endpoint?: string;
  readonly deployment?: string;
  readonly modelId?: string;
  readonly mlTask?: string;
}

function targetOf(spec: MonitorSpec): TargetView {
  const t = spec.target;
  const text =
    t.endpoint !== undefined
      ? `${t.endpoint}${t.deployment === undefined ? '' : ` / ${t.deployment}`}`
      : (t.modelId ?? t.endpointDeploymentId ?? '(no target)');
  return {
    text,
    ...(t.endpoint === undefined ? {} : { endpoint: t.endpoint }),
    ...(t.deployment === undefined ? {} : { deployment: t.deployment }),
    ...(t.modelId === undefined ? {} : { modelId: t.modelId }),
    ...(t.mlTask === undefined ? {} : { mlTask: t.mlTask }),
  };
}

/** Thresholds as configured, by Azure metric name where one maps; for display next to values. */
function thresholdsOf(s: MonitorSignal): { metric: string; threshold: number; applies?: string }[] {
  switch (s.type) {
    case 'data_drift':
    case 'prediction_drift':
      return [
        { ...s.thresholds.numerical, applies: 'numerical' },
        { ...s.thresholds.categorical, applies: 'categorical' },
      ];
    case 'data_quality':
      return [
        ...s.thresholds.numerical.map((t) => ({ ...t, applies: 'numerical' })),
        ...s.thresholds.categorical.map((t) => ({ ...t, applies: 'categorical' })),
      ];
    case 'feature_attribution_drift':
      return s.threshold === undefined
        ? []
        : [{ metric: 'normalized_discounted_cumulative_gain', threshold: s.threshold }];
    case 'model_performance':
      return [...s.thresholds.classification, ...s.thresholds.regression];
    case 'custom':
      return [...s.thresholds];
    default:
      return [];
  }
}

interface Parsed {
  readonly spec?: MonitorSpec;
  readonly invalid?: string;
}

// Parsing is pure and the YAML text is the whole input, so a small memo by text is safe; it keeps the monitors
// list from re-validating every YAML on every request.
const parsedByYaml = new Map<string, Parsed>();
const PARSED_MAX = 500;

function parseRecord(m: MonitorRecord): Parsed {
  const hit = parsedByYaml.get(m.yaml);
  if (hit) return hit;
  const r = parseMonitorYaml(m.yaml);
  const parsed: Parsed = r.ok
    ? { spec: r.spec }
    : { invalid: `The stored YAML no longer validates (${r.problems.length} problem(s)).` };
  if (parsedByYaml.size >= PARSED_MAX) parsedByYaml.clear();
  parsedByYaml.set(m.yaml, parsed);
  return parsed;
}

function nextRunOf(m: MonitorRecord, spec: MonitorSpec | undefined, nowIso: string): string | null {
  if (!m.enabled) return null;
  if (m.nextFireTime !== undefined && m.nextFireTime >= nowIso) return m.nextFireTime;
  if (!spec) return null;
  const [next] = nextFireTimes(spec.trigger, Date.parse(nowIso), 1);
  return next === undefined ? null : new Date(next).toISOString();
}

const breachedSignals = (run: RunRecord | undefined): string[] =>
  run
    ? Object.entries(run.signals)
        .filter(([, s]) => s.breached)
        .map(([n]) => n)
    : [];

async function summaryOf(deps: ReadDeps, m: MonitorRecord, nowIso: string): Promise<Record<string, unknown>> {
  const { spec, invalid } = parseRecord(m);
  const last = m.lastRun ? await deps.runs.get(m.name, m.lastRun.runId) : undefined;
  return {
    name: m.name,
    ...(spec?.displayName === undefined ? {} : { displayName: spec.displayName }),
    enabled: m.enabled,
    ...(invalid === undefined ? {} : { invalid }),
    target: spec ? targetOf(spec) : { text: '(unknown)' },
    schedule: spec ? describeTrigger(spec.trigger) : '(unknown)',
    timeZone: spec?.trigger.timeZone ?? 'UTC',
    signals: spec ? spec.signals.map((s) => ({ name: s.name, type: s.type })) : [],
    lastRun: m.lastRun
      ? {
          ...m.lastRun,
          breachedSignals: breachedSignals(last),
          breachedCount: last?.breachedCount ?? 0,
        }
      : null,
    nextRun: nextRunOf(m, spec, nowIso),
  };
}

// ---------- handlers ----------

const RUNS_PAGE = 50;
const RUNS_MAX = 500;
const POINTS_PAGE = 5000;
const POINTS_MAX = 50_000;

async function monitorDetail(deps: ReadDeps, m: MonitorRecord, nowIso: string): Promise<ReadResponse> {
  const summary = await summaryOf(deps, m, nowIso);
  const { spec } = parseRecord(m);
  const runs = await deps.runs.list(m.name, 20);
  // The newest run that evaluated signals is what "status" and "notifications" describe.
  const latest = runs.find((r) => Object.keys(r.signals).length > 0);
  const signals = (spec?.signals ?? []).map((s) => {
    const st = latest?.signals[s.name];
    return {
      name: s.name,
      type: s.type,
      azureType: azureSignalType(s.type),
      alertEnabled: s.alertEnabled,
      thresholds: thresholdsOf(s),
      status: st?.status ?? 'NotRun',
      breached: st?.breached ?? false,
      ...(st?.error === undefined ? {} : { error: st.error }),
      ...(s.skipped === undefined ? {} : { skipped: s.skipped.reason }),
    };
  });
  const bySignal = new Map<string, BreachedFeature[]>();
  for (const b of latest?.breachedFeatures ?? []) {
    const list = bySignal.get(b.signal) ?? [];
    list.push(b);
    bySignal.set(b.signal, list);
  }
  // A custom signal's `connection` carries environment variables and secret configuration: never echo the YAML
  // of such a monitor (or of one that does not parse, so its content is unknown).
  const { yaml, ...record } = m;
  const mayHoldSecrets = !spec || spec.signals.some((s) => s.type === 'custom' && s.connection !== undefined);
  return {
    status: 200,
    body: {
      ...record,
      ...(mayHoldSecrets ? { yamlWithheld: 'the monitor has a connection with secrets' } : { yaml }),
      ...summary,
      signals,
      notifications: latest
        ? {
            runId: latest.runId,
            scheduledTime: latest.scheduledTime,
            breachedCount: latest.breachedCount,
            signals: [...bySignal].map(([signal, breaches]) => ({ signal, breaches })),
          }
        : null,
      runs,
    },
  };
}

async function runsPage(deps: ReadDeps, name: string, q: Query): Promise<ReadResponse> {
  const top = topParam(q, RUNS_PAGE, RUNS_MAX);
  const from = isoParam(q, 'from');
  let to = isoParam(q, 'to');
  const token = decodeToken(q);
  if (token) {
    if (typeof token.before !== 'string') throw new QueryError('"continuationToken" is malformed.');
    if (to === undefined || token.before < to) to = token.before;
  }
  // One extra tells whether another page exists without a second query.
  const got = await deps.runs.list(name, top + 1, {
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  });
  const runs = got.slice(0, top);
  const last = runs.at(-1);
  return {
    status: 200,
    body: {
      monitor: name,
      runs,
      ...(got.length > top && last ? { continuationToken: encodeToken({ before: last.scheduledTime }) } : {}),
    },
  };
}

function pointView(p: MetricPoint): Record<string, unknown> {
  return {
    runTime: p.runTime,
    runId: p.runId,
    feature: p.feature,
    ...(p.groupDimension === '' ? {} : { groupDimension: p.groupDimension }),
    metric: p.metric,
    // JSON has no NaN: non-finite values become null with the text kept.
    value: p.value !== null && Number.isFinite(p.value) ? p.value : null,
    ...(p.value !== null && !Number.isFinite(p.value) ? { valueText: String(p.value) } : {}),
    threshold: p.threshold !== null && Number.isFinite(p.threshold) ? p.threshold : null,
    breached: p.breached,
  };
}

async function metricSeries(deps: ReadDeps, name: string, signal: string, q: Query): Promise<ReadResponse> {
  const top = topParam(q, POINTS_PAGE, POINTS_MAX);
  const from = isoParam(q, 'from');
  const to = isoParam(q, 'to');
  const token = decodeToken(q);
  const offset = token === undefined ? 0 : Number(token.offset);
  if (!Number.isInteger(offset) || offset < 0) throw new QueryError('"continuationToken" is malformed.');
  const points = await deps.metrics.query({
    monitor: name,
    signal,
    ...(q.feature === undefined ? {} : { feature: q.feature }),
    ...(q.metric === undefined || q.metric === '' ? {} : { metric: q.metric }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  });
  const page = points.slice(offset, offset + top);
  return {
    status: 200,
    body: {
      monitor: name,
      signal,
      total: points.length,
      points: page.map(pointView),
      ...(offset + top < points.length ? { continuationToken: encodeToken({ offset: offset + top }) } : {}),
    },
  };
}

async function runOf(deps: ReadDeps, runId: string): Promise<RunRecord | undefined> {
  const parts = parseRunId(runId);
  return parts ? deps.runs.get(parts.monitor, runId) : undefined;
}

async function timeZoneOf(deps: ReadDeps, monitor: string): Promise<string> {
  const m = await deps.catalog.get(monitor);
  const spec = m ? parseRecord(m).spec : undefined;
  return spec?.trigger.timeZone ?? 'UTC';
}

async function runDetail(deps: ReadDeps, run: RunRecord): Promise<ReadResponse> {
  const files = new Set(await deps.results.list(run.monitor, run.runId));
  const m = await deps.catalog.get(run.monitor);
  const spec = m ? parseRecord(m).spec : undefined;
  const typeOf = new Map((spec?.signals ?? []).map((s) => [s.name, s.type]));
  return {
    status: 200,
    body: {
      ...run,
      timeZone: spec?.trigger.timeZone ?? 'UTC',
      signalList: Object.entries(run.signals).map(([name, s]) => ({
        name,
        ...(typeOf.has(name) ? { type: typeOf.get(name) } : {}),
        ...s,
        hasResult: files.has(signalFilePath(name)),
      })),
    },
  };
}

async function signalResult(deps: ReadDeps, run: RunRecord, signal: string): Promise<ReadResponse> {
  const doc = await deps.results.read(run.monitor, run.runId, signalFilePath(signal));
  if (doc === undefined) return notFound(`Signal "${signal}" result of run "${run.runId}"`);
  const m = await deps.catalog.get(run.monitor);
  const spec = m ? parseRecord(m).spec : undefined;
  const s = spec?.signals.find((x) => x.name === signal);
  return {
    status: 200,
    body: {
      monitor: run.monitor,
      runId: run.runId,
      scheduledTime: run.scheduledTime,
      timeZone: spec?.trigger.timeZone ?? 'UTC',
      signal,
      ...(s ? { type: s.type, alertEnabled: s.alertEnabled, thresholds: thresholdsOf(s) } : {}),
      summary: run.signals[signal] ?? null,
      document: doc,
    },
  };
}

async function histogram(
  deps: ReadDeps,
  run: RunRecord,
  signal: string,
  feature: string,
): Promise<ReadResponse> {
  const doc = await deps.results.read(run.monitor, run.runId, histogramFilePath(signal, feature));
  if (doc === undefined)
    return notFound(`Histogram of feature "${feature}" in signal "${signal}" of run "${run.runId}"`);
  return {
    status: 200,
    body: {
      monitor: run.monitor,
      runId: run.runId,
      signal,
      timeZone: await timeZoneOf(deps, run.monitor),
      ...(doc as Record<string, unknown>),
    },
  };
}

export async function handleReadApi(
  deps: ReadDeps,
  route: ReadRoute,
  query: Query = {},
): Promise<ReadResponse> {
  try {
    const nowIso = deps.now();
    switch (route.kind) {
      case 'monitors': {
        const all = await deps.catalog.list();
        return { status: 200, body: await Promise.all(all.map((m) => summaryOf(deps, m, nowIso))) };
      }
      case 'monitor': {
        const m = await deps.catalog.get(route.name);
        return m ? await monitorDetail(deps, m, nowIso) : notFound(`Monitor "${route.name}"`);
      }
      case 'runs':
      case 'metrics': {
        const m = await deps.catalog.get(route.name);
        if (!m) return notFound(`Monitor "${route.name}"`);
        if (route.kind === 'runs') return await runsPage(deps, route.name, query);
        const spec = parseRecord(m).spec;
        if (spec && !spec.signals.some((s) => s.name === route.signal))
          return notFound(`Signal "${route.signal}" of monitor "${route.name}"`);
        return await metricSeries(deps, route.name, route.signal, query);
      }
      case 'run':
      case 'signal':
      case 'histogram': {
        const run = await runOf(deps, route.runId);
        if (!run) return notFound(`Run "${route.runId}"`);
        if (route.kind === 'run') return await runDetail(deps, run);
        if (!(route.signal in run.signals)) return notFound(`Signal "${route.signal}" in run "${run.runId}"`);
        if (route.kind === 'signal') return await signalResult(deps, run, route.signal);
        return await histogram(deps, run, route.signal, route.feature);
      }
    }
  } catch (err) {
    if (err instanceof QueryError) return badRequest(err.message);
    throw err;
  }
}

/** For the HTTP shells: an unknown path under /api. */
export function unknownRoute(path: string): ReadResponse {
  return { status: 404, body: { error: `No API route ${path}.` } };
}
