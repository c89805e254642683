/**
 * Hand-written SVG charts: crisp at any zoom, no dependency, nothing fetched at run time. Axes have "nice"
 * ticks and labels; numbers use 4 significant digits and times the monitor's zone.
 */
import { formatDate, formatNumber } from '../core/dashboard/format.js';
import { h, s } from './dom.js';

const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];
export const colorOf = (i: number): string => PALETTE[i % PALETTE.length] ?? '#000';

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  if ((out.at(-1) ?? hi) < hi) out.push(Number(((out.at(-1) ?? hi) + step).toPrecision(12)));
  return out;
}

export interface LineSeries {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly y: number | null }[];
  readonly dashed?: boolean;
}

const W = 720;
const H = 260;
const M = { top: 16, right: 16, bottom: 44, left: 64 };

/** The two axis lines and their labels, the same on every chart. */
function axes(yLabel: string, xLabel: string): SVGElement[] {
  const midY = (H - M.bottom + M.top) / 2;
  return [
    s('line', { class: 'axis', x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom }),
    s('line', { class: 'axis', x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom }),
    s(
      'text',
      { class: 'axis-label', x: 14, y: midY, transform: `rotate(-90 14 ${midY})`, 'text-anchor': 'middle' },
      yLabel,
    ),
    s('text', { class: 'axis-label', x: (W + M.left) / 2, y: H - 6, 'text-anchor': 'middle' }, xLabel),
  ];
}

function legend(names: readonly { name: string; color: string; dashed?: boolean }[]): HTMLElement {
  return h(
    'div',
    { class: 'legend' },
    ...names.map((n) =>
      h(
        'span',
        { class: 'legend-item' },
        h('span', {
          class: `swatch${n.dashed ? ' dashed' : ''}`,
          style: `border-color:${n.color};background:${n.dashed ? 'transparent' : n.color}`,
        }),
        n.name,
      ),
    ),
  );
}

/** A time-series line chart; one `path.series` per series, points as circles with a tooltip. */
export function lineChart(
  series: readonly LineSeries[],
  opts: { readonly timeZone: string; readonly yLabel: string; readonly title?: string },
): HTMLElement {
  const xs = series.flatMap((se) => se.points.map((p) => p.x));
  const ys = series.flatMap((se) => se.points.flatMap((p) => (p.y === null ? [] : [p.y])));
  const box = h('figure', { class: 'chart-box' });
  if (opts.title) box.append(h('figcaption', {}, opts.title));
  if (xs.length === 0 || ys.length === 0) {
    box.append(h('p', { class: 'empty' }, 'No values to plot.'));
    return box;
  }
  let x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  if (x0 === x1) {
    x0 -= 43_200_000;
    x1 += 43_200_000;
  }
  // Fit the data (not 0..max): a metric like accuracy moving between 0.88 and 0.95 must stay readable.
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1;
  const yt = niceTicks(lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad);
  const y0 = yt[0] ?? 0;
  const y1 = yt.at(-1) ?? 1;
  const px = (x: number): number => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number): number => H - M.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const svg = s('svg', {
    class: 'chart line-chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': opts.title ?? opts.yLabel,
  });
  for (const t of yt) {
    svg.append(
      s('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: py(t), y2: py(t) }),
      s('text', { class: 'tick y', x: M.left - 6, y: py(t) + 4, 'text-anchor': 'end' }, formatNumber(t)),
    );
  }
  const xCount = Math.min(6, new Set(xs).size + 1);
  for (let i = 0; i < xCount; i++) {
    const x = x0 + ((x1 - x0) * i) / Math.max(1, xCount - 1);
    const label = formatDate(new Date(x).toISOString(), opts.timeZone).slice(0, 10);
    svg.append(
      s('line', { class: 'axis-tick', x1: px(x), x2: px(x), y1: H - M.bottom, y2: H - M.bottom + 4 }),
      s(
        'text',
        {
          class: 'tick x',
          x: px(x),
          y: H - M.bottom + 18,
          'text-anchor': i === xCount - 1 && xCount > 1 ? 'end' : 'middle',
        },
        label,
      ),
    );
  }
  svg.append(...axes(opts.yLabel, `Run time (${opts.timeZone})`));
  series.forEach((se, i) => {
    const color = colorOf(i);
    let d = '';
    let pen = false;
    for (const p of se.points) {
      if (p.y === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`;
      pen = true;
    }
    svg.append(
      s('path', {
        class: 'series',
        'data-series': se.name,
        d,
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
        'stroke-dasharray': se.dashed ? '6 4' : undefined,
      }),
    );
    if (!se.dashed && se.points.length <= 120) {
      for (const p of se.points) {
        if (p.y === null) continue;
        svg.append(
          s(
            'circle',
            { class: 'dot', cx: px(p.x), cy: py(p.y), r: 3, fill: color },
            s(
              'title',
              {},
              `${se.name}: ${formatNumber(p.y)} at ${formatDate(new Date(p.x).toISOString(), opts.timeZone)}`,
            ),
          ),
        );
      }
    }
  });
  box.append(
    svg,
    legend(series.map((se, i) => ({ name: se.name, color: colorOf(i), dashed: se.dashed ?? false }))),
  );
  return box;
}

export interface BarGroup {
  readonly name: string;
  readonly values: readonly number[];
}

/** Grouped bars: one `rect.bar` per (category, group). */
export function barChart(
  categories: readonly string[],
  groups: readonly BarGroup[],
  opts: {
    readonly yLabel: string;
    readonly xLabel: string;
    readonly title?: string;
    readonly percent?: boolean;
  },
): HTMLElement {
  const box = h('figure', { class: 'chart-box' });
  if (opts.title) box.append(h('figcaption', {}, opts.title));
  const all = groups.flatMap((g) => g.values);
  if (categories.length === 0 || all.length === 0) {
    box.append(h('p', { class: 'empty' }, 'No values to plot.'));
    return box;
  }
  const yt = niceTicks(0, Math.max(...all));
  const y1 = yt.at(-1) ?? 1;
  const py = (y: number): number => H - M.bottom - (y / (y1 || 1)) * (H - M.top - M.bottom);
  const band = (W - M.left - M.right) / categories.length;
  const barW = Math.max(1, (band * 0.8) / groups.length);
  const svg = s('svg', {
    class: 'chart bar-chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': opts.title ?? opts.yLabel,
  });
  const fmt = (v: number): string => (opts.percent ? `${formatNumber(v * 100)}%` : formatNumber(v));
  for (const t of yt) {
    svg.append(
      s('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: py(t), y2: py(t) }),
      s('text', { class: 'tick y', x: M.left - 6, y: py(t) + 4, 'text-anchor': 'end' }, fmt(t)),
    );
  }
  const every = Math.ceil(categories.length / 12);
  categories.forEach((c, ci) => {
    const bx = M.left + ci * band + band * 0.1;
    groups.forEach((g, gi) => {
      const v = g.values[ci] ?? 0;
      svg.append(
        s(
          'rect',
          {
            class: 'bar',
            'data-series': g.name,
            x: bx + gi * barW,
            y: py(v),
            width: barW - 1,
            height: Math.max(0, py(0) - py(v)),
            fill: colorOf(gi),
          },
          s('title', {}, `${g.name} · ${c}: ${fmt(v)}`),
        ),
      );
    });
    if (ci % every === 0) {
      const label = c.length > 14 ? `${c.slice(0, 13)}…` : c;
      svg.append(
        s(
          'text',
          {
            class: 'tick x',
            x: M.left + ci * band + band / 2,
            y: H - M.bottom + 16,
            'text-anchor': 'middle',
          },
          label,
        ),
      );
    }
  });
  svg.append(...axes(opts.yLabel, opts.xLabel));
  box.append(svg, legend(groups.map((g, i) => ({ name: g.name, color: colorOf(i) }))));
  return box;
}

/** A small trendline for table rows, with the threshold as a dashed line. */
export function sparkline(values: readonly (number | null)[], threshold: number | null): SVGElement {
  const w = 120;
  const hh = 28;
  const finite = values.filter((v): v is number => v !== null);
  const svg = s('svg', { class: 'sparkline', viewBox: `0 0 ${w} ${hh}`, width: w, height: hh });
  if (finite.length < 2) return svg;
  const hi = Math.max(...finite, threshold ?? -Infinity);
  const lo = Math.min(...finite, threshold ?? Infinity);
  const py = (v: number): number => hh - 3 - ((v - lo) / (hi - lo || 1)) * (hh - 6);
  const px = (i: number): number => 2 + (i / (values.length - 1)) * (w - 4);
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${px(i).toFixed(1)},${py(v).toFixed(1)}`;
    pen = true;
  });
  if (threshold !== null)
    svg.append(s('line', { class: 'spark-threshold', x1: 0, x2: w, y1: py(threshold), y2: py(threshold) }));
  svg.append(s('path', { class: 'series', d, fill: 'none', stroke: colorOf(0), 'stroke-width': 1.5 }));
  return svg;
}
