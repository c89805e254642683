/**
 * The dashboard single-page app: hash routes over the read API, rendered with plain DOM and SVG.
 *   #/                                         monitors
 *   #/monitors/{m}                             overview: signals, notifications, run history
 *   #/monitors/{m}/runs/{runId}                one run
 *   #/monitors/{m}/signals/{s}[?run=]          signal details (drift, data quality, performance/custom)
 *   #/monitors/{m}/signals/{s}/features/{f}[?run=]   feature details
 */
import { formatDate, formatNumber } from '../core/dashboard/format.js';
import { ApiError, apiPath, getAllPages, getJson } from './api.js';
import { barChart, lineChart, sparkline, type LineSeries } from './charts.js';
import { h, type Child } from './dom.js';
import type {
  Bucket,
  FeatureDoc,
  HistogramView,
  MonitorDetail,
  MonitorSummary,
  Point,
  RunView,
  SignalResultView,
} from './types.js';

const root = (): HTMLElement => document.getElementById('app') ?? document.body;
const enc = encodeURIComponent;
const link = (href: string, ...children: Child[]): HTMLAnchorElement => h('a', { href }, ...children);
const monitorHref = (m: string): string => `#/monitors/${enc(m)}`;
const signalHref = (m: string, sig: string, run?: string): string =>
  `#/monitors/${enc(m)}/signals/${enc(sig)}${run ? `?run=${enc(run)}` : ''}`;
const featureHref = (m: string, sig: string, f: string, run?: string): string =>
  `#/monitors/${enc(m)}/signals/${enc(sig)}/features/${enc(f)}${run ? `?run=${enc(run)}` : ''}`;

function badge(status: string, breached = false): HTMLElement {
  const cls = breached ? 'breached' : status.toLowerCase();
  return h('span', { class: `badge ${cls}` }, breached ? `${status} · breached` : status);
}

function table(headers: readonly string[], rows: readonly HTMLElement[], cls = ''): HTMLTableElement {
  return h(
    'table',
    { class: cls },
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, ...rows),
  );
}

const td = (...c: Child[]): HTMLTableCellElement => h('td', {}, ...c);
const num = (v: number | null | undefined, breached = false): HTMLTableCellElement =>
  h('td', { class: `num${breached ? ' breached-cell' : ''}` }, formatNumber(v ?? null));

function crumbs(...parts: [string, string | undefined][]): HTMLElement {
  return h(
    'nav',
    { class: 'crumbs' },
    ...parts.flatMap(([text, href], i) => [
      i > 0 ? ' › ' : null,
      href ? link(href, text) : h('span', {}, text),
    ]),
  );
}

// ---------- page 1: monitors ----------

async function monitorsPage(): Promise<HTMLElement[]> {
  const list = await getJson<MonitorSummary[]>(apiPath('monitors'));
  const rows = list.map((m) =>
    h(
      'tr',
      { 'data-monitor': m.name },
      td(link(monitorHref(m.name), m.name), m.enabled ? null : h('span', { class: 'muted' }, ' (disabled)')),
      td(m.target.text),
      td(m.schedule),
      td(
        m.lastRun ? badge(m.lastRun.status) : h('span', { class: 'muted' }, 'never run'),
        ' ',
        m.lastRun ? formatDate(m.lastRun.time, m.timeZone) : '',
      ),
      td(
        m.lastRun && m.lastRun.breachedSignals.length > 0
          ? h(
              'span',
              { class: 'breached-list' },
              ...m.lastRun.breachedSignals.flatMap((sig, i) => [
                i > 0 ? ', ' : null,
                link(signalHref(m.name, sig, m.lastRun?.runId), sig),
              ]),
            )
          : h('span', { class: 'muted' }, 'none'),
      ),
      td(m.nextRun ? formatDate(m.nextRun, m.timeZone) : '—'),
    ),
  );
  return [
    h('h1', {}, 'Monitors'),
    h(
      'p',
      { class: 'muted' },
      `${list.length} monitor${list.length === 1 ? '' : 's'}; times in each monitor's time zone.`,
    ),
    table(['Monitor', 'Target', 'Schedule', 'Last run', 'Breached signals', 'Next run'], rows, 'monitors'),
  ];
}

// ---------- page 2: monitor overview ----------

function runRows(m: string, runs: readonly RunView[], tz: string): HTMLElement[] {
  return runs.map((r) =>
    h(
      'tr',
      {},
      td(link(`#/monitors/${enc(m)}/runs/${enc(r.runId)}`, formatDate(r.scheduledTime, tz))),
      td(badge(r.status)),
      h('td', { class: 'num' }, String(r.breachedCount)),
      td(r.durationMs === undefined ? '—' : `${formatNumber(r.durationMs / 1000)} s`),
      td(r.errors.length > 0 ? r.errors.join('; ') : ''),
    ),
  );
}

/** The overview's 20 newest runs, and a button that pages further back through the runs API. */
function runHistory(name: string, first: readonly RunView[], tz: string): HTMLElement[] {
  const runsTable = table(
    ['Scheduled', 'Status', 'Breached', 'Duration', 'Errors'],
    runRows(name, first, tz),
    'runs',
  );
  if (first.length < 20) return [runsTable];
  const more = h('button', { type: 'button', class: 'more-runs' }, 'Show older runs');
  let before = first.at(-1)?.scheduledTime;
  let token: string | undefined;
  more.addEventListener('click', () => {
    more.disabled = true;
    void getJson<{ runs: RunView[]; continuationToken?: string }>(apiPath('monitors', name, 'runs'), {
      top: '50',
      ...(token === undefined ? { to: before } : { continuationToken: token }),
    }).then(
      (page) => {
        runsTable.tBodies[0]?.append(...runRows(name, page.runs, tz));
        before = page.runs.at(-1)?.scheduledTime ?? before;
        token = page.continuationToken;
        if (token === undefined) more.remove();
        else more.disabled = false;
      },
      () => {
        more.textContent = 'Could not load older runs';
      },
    );
  });
  return [runsTable, more];
}

async function overviewPage(name: string): Promise<HTMLElement[]> {
  const m = await getJson<MonitorDetail>(apiPath('monitors', name));
  const tz = m.timeZone;
  const last = m.notifications?.runId;
  const signals = table(
    ['Signal', 'Type', 'Status', 'Alerts', 'Thresholds'],
    m.signals.map((sig) =>
      h(
        'tr',
        { 'data-signal': sig.name },
        td(link(signalHref(name, sig.name, last), sig.name)),
        td(sig.type),
        td(
          badge(sig.status, sig.breached),
          sig.error ? h('div', { class: 'error' }, sig.error) : null,
          sig.skipped ? h('div', { class: 'muted' }, sig.skipped) : null,
        ),
        td(sig.alertEnabled ? 'on' : 'off'),
        td(
          sig.thresholds
            .map((t) => `${t.metric}${t.applies ? ` (${t.applies})` : ''} ${formatNumber(t.threshold)}`)
            .join('; '),
        ),
      ),
    ),
    'signals',
  );
  const notes = m.notifications;
  const notifications = h(
    'section',
    { class: 'notifications' },
    h('h2', {}, 'Notifications'),
    notes === null
      ? h('p', { class: 'muted' }, 'No run has evaluated signals yet.')
      : notes.signals.length === 0
        ? h('p', {}, `No breaches in the run of ${formatDate(notes.scheduledTime, tz)}.`)
        : h(
            'div',
            {},
            h(
              'p',
              {},
              `Run of ${formatDate(notes.scheduledTime, tz)}: ${notes.breachedCount} breached metric${notes.breachedCount === 1 ? '' : 's'}.`,
            ),
            ...notes.signals.map((n) =>
              h(
                'div',
                { class: 'notification', 'data-signal': n.signal },
                h('h3', {}, link(signalHref(name, n.signal, notes.runId), n.signal)),
                table(
                  ['Feature', 'Metric', 'Value', 'Threshold'],
                  n.breaches.map((b) =>
                    h(
                      'tr',
                      {},
                      td(
                        b.feature === ''
                          ? h('span', { class: 'muted' }, '(signal)')
                          : link(featureHref(name, n.signal, b.feature, notes.runId), b.feature),
                      ),
                      td(b.metric),
                      num(b.value, true),
                      num(b.threshold),
                    ),
                  ),
                  'breaches',
                ),
              ),
            ),
          ),
  );
  return [
    crumbs(['Monitors', '#/'], [name, undefined]),
    h('h1', {}, m.displayName ?? name),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Target'),
      h('dd', {}, m.target.text),
      h('dt', {}, 'Schedule'),
      h('dd', {}, m.schedule),
      h('dt', {}, 'Next run'),
      h('dd', {}, m.nextRun ? formatDate(m.nextRun, tz) : '—'),
    ),
    h('h2', {}, 'Signals'),
    signals,
    notifications,
    h('h2', {}, 'Run history'),
    ...runHistory(name, m.runs, tz),
  ];
}

// ---------- run page ----------

async function runPage(name: string, runId: string): Promise<HTMLElement[]> {
  const r = await getJson<RunView & { timeZone: string }>(apiPath('runs', runId));
  return [
    crumbs(
      ['Monitors', '#/'],
      [name, monitorHref(name)],
      [formatDate(r.scheduledTime, r.timeZone), undefined],
    ),
    h('h1', {}, `Run of ${formatDate(r.scheduledTime, r.timeZone)}`),
    h('p', {}, badge(r.status), ` ${r.breachedCount} breached metric(s)`),
    table(
      ['Signal', 'Status'],
      Object.entries(r.signals).map(([sig, st]) =>
        h(
          'tr',
          {},
          td(link(signalHref(name, sig, runId), sig)),
          td(badge(st.status, st.breached), st.error ? ` ${st.error}` : ''),
        ),
      ),
    ),
    r.errors.length > 0 ? h('div', { class: 'error' }, ...r.errors.map((e) => h('p', {}, e))) : h('span'),
    r.notes.length > 0 ? h('ul', { class: 'muted' }, ...r.notes.map((n) => h('li', {}, n))) : h('span'),
  ];
}

// ---------- signal pages ----------

const DRIFT = new Set(['DataDrift', 'PredictionDrift']);

interface SignalContext {
  readonly name: string;
  readonly signal: string;
  readonly runId: string;
  readonly monitor: MonitorDetail;
  readonly result: SignalResultView;
}

async function signalContext(name: string, signal: string, run: string | undefined): Promise<SignalContext> {
  const monitor = await getJson<MonitorDetail>(apiPath('monitors', name));
  const runId = run ?? monitor.runs.find((r) => signal in r.signals)?.runId;
  if (runId === undefined) throw new ApiError(404, `Signal "${signal}" has not run yet.`);
  const result = await getJson<SignalResultView>(apiPath('runs', runId, 'signals', signal));
  return { name, signal, runId, monitor, result };
}

const valueOf = (m: FeatureMetric): number | null => m.metricValue ?? m.targetValue ?? null;
type FeatureMetric = FeatureDoc['metrics'][number];
const isBreached = (m: FeatureMetric): boolean => {
  const v = valueOf(m);
  if (v === null || m.threshold === undefined) return false;
  return v > m.threshold;
};

function sortableTable(
  headers: readonly string[],
  rows: readonly { cells: HTMLElement[]; keys: readonly (string | number)[] }[],
  cls: string,
): HTMLTableElement {
  const tbody = h('tbody', {});
  let sortCol = -1;
  let asc = true;
  const render = (): void => {
    const sorted =
      sortCol < 0
        ? rows
        : [...rows].sort((a, b) => {
            const x = a.keys[sortCol] ?? '';
            const y = b.keys[sortCol] ?? '';
            const c =
              typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
            return asc ? c : -c;
          });
    tbody.replaceChildren(...sorted.map((r) => h('tr', {}, ...r.cells)));
  };
  const ths = headers.map((t, i) => {
    const th = h('th', { class: 'sortable', title: 'Sort' }, t);
    th.addEventListener('click', () => {
      asc = sortCol === i ? !asc : true;
      sortCol = i;
      for (const o of ths) o.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      render();
    });
    return th;
  });
  render();
  return h('table', { class: `${cls} sortable-table` }, h('thead', {}, h('tr', {}, ...ths)), tbody);
}

async function driftPage(c: SignalContext): Promise<HTMLElement[]> {
  const tz = c.result.timeZone;
  const features = Object.entries(c.result.document.metrics.features ?? {});
  // Trendlines over the runs the overview lists (the newest 20).
  const from = c.monitor.runs.at(-1)?.scheduledTime;
  const points =
    c.monitor.runs.length > 1
      ? await getAllPages<Point>(apiPath('monitors', c.name, 'signals', c.signal, 'metrics'), 'points', {
          from,
          top: '50000',
        })
      : [];
  const byFeature = new Map<string, Point[]>();
  for (const p of points) {
    const key = `${p.feature}\u0000${p.metric}`;
    const list = byFeature.get(key) ?? [];
    list.push(p);
    byFeature.set(key, list);
  }
  const rows = features.flatMap(([f, doc]) =>
    doc.metrics.map((m) => {
      const v = valueOf(m);
      const breached = isBreached(m);
      const trend = byFeature.get(`${f}\u0000${m.metricName}`) ?? [];
      return {
        cells: [
          h('td', { 'data-feature': f }, link(featureHref(c.name, c.signal, f, c.runId), f)),
          td(doc.dataType),
          td(m.metricName),
          num(v, breached),
          num(m.threshold ?? null),
          td(
            breached
              ? h('span', { class: 'badge breached' }, 'breached')
              : h('span', { class: 'badge completed' }, 'ok'),
          ),
          h(
            'td',
            { class: 'trend' },
            trend.length > 1
              ? sparkline(
                  trend.map((p) => p.value),
                  m.threshold ?? null,
                )
              : h('span', { class: 'muted' }, '—'),
          ),
        ],
        keys: [f, doc.dataType, m.metricName, v ?? -Infinity, m.threshold ?? -Infinity, breached ? 0 : 1, 0],
      };
    }),
  );
  // Breached first, then by value, largest first.
  rows.sort((a, b) => Number(a.keys[5]) - Number(b.keys[5]) || Number(b.keys[3]) - Number(a.keys[3]));
  const breachedCount = rows.filter((r) => r.keys[5] === 0).length;
  return [
    h(
      'p',
      {},
      `${features.length} features, ${breachedCount} breached. Run of ${formatDate(c.result.scheduledTime, tz)}.`,
    ),
    sortableTable(['Feature', 'Type', 'Metric', 'Value', 'Threshold', 'Status', 'Trend'], rows, 'features'),
  ];
}

const QUALITY_METRICS = ['NullValueRate', 'DataTypeErrorRate', 'OutOfBoundsRate'] as const;
const QUALITY_LABEL: Record<string, string> = {
  NullValueRate: 'Null value rate',
  DataTypeErrorRate: 'Data type error rate',
  OutOfBoundsRate: 'Out-of-bounds rate',
};

function qualityPage(c: SignalContext): HTMLElement[] {
  const features = Object.entries(c.result.document.metrics.features ?? {});
  // Two header rows: the rate, then production / reference / threshold under it (keeps the table narrow).
  const thead = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { rowspan: 2 }, 'Feature'),
      h('th', { rowspan: 2 }, 'Type'),
      ...QUALITY_METRICS.map((m) => h('th', { colspan: 3, class: 'group' }, QUALITY_LABEL[m] ?? m)),
    ),
    h(
      'tr',
      { class: 'sub' },
      ...QUALITY_METRICS.flatMap(() => ['production', 'reference', 'threshold'].map((t) => h('th', {}, t))),
    ),
  );
  const rows = features.map(([f, doc]) => {
    const cells: HTMLElement[] = [
      h('td', { 'data-feature': f }, link(featureHref(c.name, c.signal, f, c.runId), f)),
      td(doc.dataType),
    ];
    let anyBreached = false;
    for (const metric of QUALITY_METRICS) {
      const m = doc.metrics.find((x) => x.metricName === metric);
      const breached = m ? isBreached(m) : false;
      anyBreached ||= breached;
      cells.push(
        num(m?.targetValue ?? null, breached),
        num(m?.baselineValue ?? null),
        num(m?.threshold ?? null),
      );
    }
    return { cells, keys: [f, doc.dataType, anyBreached ? 0 : 1] as (string | number)[], anyBreached };
  });
  rows.sort(
    (a, b) => Number(a.keys[2]) - Number(b.keys[2]) || String(a.keys[0]).localeCompare(String(b.keys[0])),
  );
  return [
    h(
      'p',
      {},
      `${features.length} features; ${rows.filter((r) => r.anyBreached).length} with a rate above its threshold (reference rate + configured threshold). Run of ${formatDate(c.result.scheduledTime, c.result.timeZone)}.`,
    ),
    h(
      'table',
      { class: 'quality' },
      thead,
      h('tbody', {}, ...rows.map((r) => h('tr', { class: r.anyBreached ? 'row-breached' : '' }, ...r.cells))),
    ),
  ];
}

function seriesKey(p: Point): string {
  return [p.metric, p.feature, p.groupDimension ?? ''].filter((x) => x !== '').join(' · ');
}

async function metricsOverTimePage(c: SignalContext): Promise<HTMLElement[]> {
  const tz = c.result.timeZone;
  const points = await getAllPages<Point>(
    apiPath('monitors', c.name, 'signals', c.signal, 'metrics'),
    'points',
    { top: '50000' },
  );
  const groups = new Map<string, Point[]>();
  for (const p of points) {
    const list = groups.get(seriesKey(p)) ?? [];
    list.push(p);
    groups.set(seriesKey(p), list);
  }
  const out: HTMLElement[] = [];
  const latestRows: HTMLElement[] = [];
  for (const [key, ps] of groups) {
    const series: LineSeries[] = [
      { name: key, points: ps.map((p) => ({ x: Date.parse(p.runTime), y: p.value })) },
    ];
    if (ps.some((p) => p.threshold !== null))
      series.push({
        name: 'threshold',
        dashed: true,
        points: ps.map((p) => ({ x: Date.parse(p.runTime), y: p.threshold })),
      });
    out.push(lineChart(series, { timeZone: tz, yLabel: ps[0]?.metric ?? key, title: key }));
    const last = ps.at(-1);
    if (last)
      latestRows.push(
        h(
          'tr',
          {},
          td(key),
          num(last.value, last.breached),
          num(last.threshold),
          td(
            last.breached
              ? h('span', { class: 'badge breached' }, 'breached')
              : h('span', { class: 'badge completed' }, 'ok'),
          ),
          td(formatDate(last.runTime, tz)),
        ),
      );
  }
  return [
    h('h2', {}, 'Latest values'),
    table(['Metric', 'Value', 'Threshold', 'Status', 'Run'], latestRows, 'latest'),
    h('h2', {}, 'Over time'),
    ...out,
  ];
}

async function signalPage(name: string, signal: string, run: string | undefined): Promise<HTMLElement[]> {
  const c = await signalContext(name, signal, run);
  const type = c.result.document.signalType;
  const body = DRIFT.has(type)
    ? await driftPage(c)
    : type === 'DataQuality'
      ? qualityPage(c)
      : await metricsOverTimePage(c);
  return [
    crumbs(['Monitors', '#/'], [name, monitorHref(name)], [signal, undefined]),
    h(
      'h1',
      {},
      signal,
      ' ',
      c.result.summary ? badge(c.result.summary.status, c.result.summary.breached) : null,
    ),
    h('p', { class: 'muted' }, `${type} signal`),
    ...body,
  ];
}

// ---------- feature page ----------

const TOP_CATEGORIES = 10;

function histogramChart(hist: HistogramView): HTMLElement {
  const buckets = hist.histogram;
  const base = buckets.reduce((a, b) => a + b.baselineCount, 0) || 1;
  const target = buckets.reduce((a, b) => a + b.targetCount, 0) || 1;
  let shown: Bucket[] = [...buckets];
  const categorical = buckets.some((b) => 'category' in b);
  if (categorical && shown.length > TOP_CATEGORIES) {
    shown.sort((a, b) => b.baselineCount + b.targetCount - (a.baselineCount + a.targetCount));
    const rest = shown.slice(TOP_CATEGORIES);
    shown = [
      ...shown.slice(0, TOP_CATEGORIES),
      {
        category: 'Other',
        baselineCount: rest.reduce((a, b) => a + b.baselineCount, 0),
        targetCount: rest.reduce((a, b) => a + b.targetCount, 0),
      },
    ];
  }
  const labels = shown.map((b) =>
    'category' in b ? b.category : `${formatNumber(b.lowerBound)}–${formatNumber(b.upperBound)}`,
  );
  return barChart(
    labels,
    [
      { name: 'Reference', values: shown.map((b) => b.baselineCount / base) },
      { name: 'Production', values: shown.map((b) => b.targetCount / target) },
    ],
    {
      yLabel: 'Share of rows',
      xLabel: categorical ? 'Category' : 'Value range',
      title: 'Reference vs production distribution',
      percent: true,
    },
  );
}

async function featurePage(
  name: string,
  signal: string,
  feature: string,
  run: string | undefined,
): Promise<HTMLElement[]> {
  const c = await signalContext(name, signal, run);
  const tz = c.result.timeZone;
  const doc = c.result.document.metrics.features?.[feature];
  if (!doc) throw new ApiError(404, `Feature "${feature}" is not in signal "${signal}" of this run.`);
  const out: HTMLElement[] = [
    crumbs(
      ['Monitors', '#/'],
      [name, monitorHref(name)],
      [signal, signalHref(name, signal, c.runId)],
      [feature, undefined],
    ),
    h('h1', {}, feature),
    h('p', { class: 'muted' }, `${doc.dataType} feature · run of ${formatDate(c.result.scheduledTime, tz)}`),
    table(
      ['Metric', 'Value', 'Reference', 'Threshold'],
      doc.metrics.map((m) =>
        h(
          'tr',
          {},
          td(m.metricName),
          num(valueOf(m), isBreached(m)),
          num(m.baselineValue ?? null),
          num(m.threshold ?? null),
        ),
      ),
      'feature-metrics',
    ),
  ];
  if (doc.histogram !== undefined) {
    const hist = await getJson<HistogramView>(
      apiPath('runs', c.runId, 'signals', signal, 'features', feature, 'histogram'),
    );
    out.push(histogramChart(hist));
  }
  const points = await getAllPages<Point>(apiPath('monitors', name, 'signals', signal, 'metrics'), 'points', {
    feature,
    top: '50000',
  });
  const metrics = [...new Set(points.map((p) => p.metric))];
  for (const metric of metrics) {
    const ps = points.filter((p) => p.metric === metric);
    const series: LineSeries[] = [
      { name: metric, points: ps.map((p) => ({ x: Date.parse(p.runTime), y: p.value })) },
      {
        name: 'threshold',
        dashed: true,
        points: ps.map((p) => ({ x: Date.parse(p.runTime), y: p.threshold })),
      },
    ];
    out.push(lineChart(series, { timeZone: tz, yLabel: metric, title: `${metric} over time` }));
  }
  return out;
}

// ---------- router ----------

interface Route {
  readonly parts: string[];
  readonly query: URLSearchParams;
}

function parseHash(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', qs = ''] = raw.split('?', 2);
  return {
    parts: path === '' ? [] : path.split('/').map(decodeURIComponent),
    query: new URLSearchParams(qs),
  };
}

async function render(): Promise<void> {
  const { parts, query } = parseHash();
  const run = query.get('run') ?? undefined;
  const el = root();
  el.setAttribute('aria-busy', 'true');
  try {
    let content: HTMLElement[];
    const [a, m, b, x, c, f] = parts;
    if (parts.length === 0) content = await monitorsPage();
    else if (a === 'monitors' && m !== undefined && parts.length === 2) content = await overviewPage(m);
    else if (a === 'monitors' && m !== undefined && b === 'runs' && x !== undefined && parts.length === 4)
      content = await runPage(m, x);
    else if (a === 'monitors' && m !== undefined && b === 'signals' && x !== undefined && parts.length === 4)
      content = await signalPage(m, x, run);
    else if (
      a === 'monitors' &&
      m !== undefined &&
      b === 'signals' &&
      x !== undefined &&
      c === 'features' &&
      f !== undefined &&
      parts.length === 6
    )
      content = await featurePage(m, x, f, run);
    else content = [h('h1', {}, 'Not found'), h('p', {}, link('#/', 'Back to the monitors'))];
    el.replaceChildren(...content);
    document.title = `${el.querySelector('h1')?.textContent ?? 'Dashboard'} · Model Monitor`;
  } catch (err) {
    const message =
      err instanceof ApiError
        ? err.status === 401
          ? 'Open this page with ?code=<function key>.'
          : err.message
        : 'The page could not be rendered.';
    el.replaceChildren(
      h('h1', {}, 'Something went wrong'),
      h('p', { class: 'error', role: 'alert' }, message),
      h('p', {}, link('#/', 'Back to the monitors')),
    );
  } finally {
    el.setAttribute('aria-busy', 'false');
    // For the benchmark: ms since navigation start when this render finished.
    el.setAttribute('data-render-ms', String(Math.round(performance.now())));
    el.setAttribute('data-rendered', location.hash || '#/');
  }
}

window.addEventListener('hashchange', () => void render());
void render();
