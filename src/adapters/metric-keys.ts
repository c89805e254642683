/**
 * Keys shared by the metric-point stores. Table keys may not contain / \ # ? or control characters, and
 * feature names can contain anything, so every segment is escaped; "|" separates segments and is always
 * escaped inside one. The original values are stored as properties, so keys never need decoding.
 */
import type { MetricPoint } from '../core/runs/records.js';

export function keySegment(s: string): string {
  let out = '';
  for (const ch of s) {
    out += /^[A-Za-z0-9_.-]$/.test(ch)
      ? ch
      : [...new TextEncoder().encode(ch)].map((b) => `~${b.toString(16).padStart(2, '0')}`).join('');
  }
  return out;
}

/** Identity of a point within its monitor: signal | feature | dimension | metric | runTime. */
export function metricPointKey(
  p: Pick<MetricPoint, 'signal' | 'feature' | 'groupDimension' | 'metric' | 'runTime'>,
): string {
  return [p.signal, p.feature, p.groupDimension, p.metric].map(keySegment).join('|') + `|${p.runTime}`;
}

export function comparePoints(a: MetricPoint, b: MetricPoint): number {
  return (
    a.runTime.localeCompare(b.runTime) ||
    a.signal.localeCompare(b.signal) ||
    a.feature.localeCompare(b.feature) ||
    a.groupDimension.localeCompare(b.groupDimension) ||
    a.metric.localeCompare(b.metric)
  );
}
