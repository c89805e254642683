/**
 * Formatting for people, shared by the read API (schedule in words) and the pages (numbers, dates).
 * Pure: only the built-in Intl, no clock.
 */

/** 4 significant digits; integers below 10^6 as they are; null/NaN/±Infinity spelled out. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-4) return v.toExponential(3).replace(/\.?0+e/, 'e');
  // toPrecision then Number() drops trailing zeros ("0.1000" → 0.1).
  return String(Number(v.toPrecision(4)));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-26 03:15" in the zone (IANA); falls back to UTC for an unknown zone. */
export function formatDate(iso: string | undefined, timeZone: string, withSeconds = false): string {
  if (iso === undefined || iso === '') return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const key = `${timeZone}|${String(withSeconds)}`;
  let f = formatters.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(withSeconds ? { second: '2-digit' } : {}),
    };
    try {
      f = new Intl.DateTimeFormat('en-CA', { ...opts, timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-CA', { ...opts, timeZone: 'UTC' });
    }
    formatters.set(key, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const time = `${parts.hour ?? ''}:${parts.minute ?? ''}${withSeconds ? `:${parts.second ?? ''}` : ''}`;
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''} ${time}`;
}
