/** ISO-8601 durations (`P7D`, `PT12H`, `P1M`, `P1W`, `P1DT6H`) as used by data windows. */

export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses a duration; undefined when the text is not an ISO-8601 duration with at least one component. */
export function parseDuration(text: string): IsoDuration | undefined {
  const m = PATTERN.exec(text.trim().toUpperCase());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) return undefined;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  if (!m.slice(1).some(Boolean)) return undefined;
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/** Multiplies every component (used for the reference default of 2 × the production window). */
export function scaleDuration(d: IsoDuration, factor: number): IsoDuration {
  return {
    years: d.years * factor,
    months: d.months * factor,
    weeks: d.weeks * factor,
    days: d.days * factor,
    hours: d.hours * factor,
    minutes: d.minutes * factor,
    seconds: d.seconds * factor,
  };
}

export function formatDuration(d: IsoDuration): string {
  const date = `${d.years ? `${d.years}Y` : ''}${d.months ? `${d.months}M` : ''}${d.weeks ? `${d.weeks}W` : ''}${
    d.days ? `${d.days}D` : ''
  }`;
  const time = `${d.hours ? `${d.hours}H` : ''}${d.minutes ? `${d.minutes}M` : ''}${d.seconds ? `${d.seconds}S` : ''}`;
  if (date === '' && time === '') return 'P0D';
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

/**
 * `instant − d` in UTC calendar arithmetic: years and months move the calendar month (the day is clamped to
 * the month's length), weeks/days are 24-hour days, the rest is elapsed time.
 */
export function subtractDuration(instantMs: number, d: IsoDuration): number {
  const t = new Date(instantMs);
  if (d.years !== 0 || d.months !== 0) {
    const totalMonths = t.getUTCFullYear() * 12 + t.getUTCMonth() - (d.years * 12 + d.months);
    const year = Math.floor(totalMonths / 12);
    const month = totalMonths - year * 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    t.setUTCFullYear(year, month, Math.min(t.getUTCDate(), lastDay));
  }
  const ms =
    ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3600 + d.minutes * 60) * 1000 + Math.round(d.seconds * 1000);
  return t.getTime() - ms;
}
