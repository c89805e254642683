/**
 * Time zones as Azure ML schedules accept them: Windows zone names ("Pacific Standard Time", "UTC", any case)
 * mapped to IANA with `windows-iana`, or IANA names directly. Local wall-clock times are turned into instants
 * here so the DST rule lives in one place.
 */
import { IANAZone } from 'luxon';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

const windowsByLowerName = new Map<string, string>();
for (const entry of WINDOWS_TO_IANA_MAP) {
  // Territory 001 is CLDR's primary mapping for the Windows zone; keep the first otherwise.
  const key = entry.windowsName.toLowerCase();
  const primary = (entry.territory as string) === '001';
  for (const iana of entry.iana.slice(0, 1)) {
    if (primary || !windowsByLowerName.has(key)) windowsByLowerName.set(key, iana);
  }
}

/** The IANA zone for a Windows or IANA zone name, or undefined when neither knows it. */
export function resolveTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed.toLowerCase() === 'utc') return 'UTC';
  const fromWindows = windowsByLowerName.get(trimmed.toLowerCase());
  if (fromWindows !== undefined) return fromWindows;
  return IANAZone.isValidZone(trimmed) ? IANAZone.create(trimmed).name : undefined;
}

/** A local wall-clock time (month 1-12). */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/**
 * The instant (epoch ms) of a local wall-clock time in `zone`.
 * DST rule: a repeated local time (fall back) maps to its first occurrence (the daylight offset); a
 * nonexistent local time (spring forward) is shifted forward by the length of the gap (02:30 → 03:30).
 */
export function localToInstant(local: LocalTime, zone: string): number {
  const tz = IANAZone.create(zone);
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const before = tz.offset(naive - 14 * 3_600_000);
  const after = tz.offset(naive + 14 * 3_600_000);
  const valid: number[] = [];
  for (const offset of new Set([before, after])) {
    const instant = naive - offset * 60_000;
    if (tz.offset(instant) === offset) valid.push(instant);
  }
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: interpret the wall time with the offset in force before the gap, which lands after it.
  return naive - before * 60_000;
}

/** The local wall-clock fields of an instant in `zone`. */
export function instantToLocal(instant: number, zone: string): LocalTime & { readonly weekday: number } {
  const offset = IANAZone.create(zone).offset(instant);
  const d = new Date(instant + offset * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/**
 * A fast `localToInstant` for many times on one local day: when the zone's offset is the same from 14 hours
 * before the day to 14 hours after it, every time maps with that offset; otherwise each time goes through the
 * DST rule above.
 */
export function localDayToInstants(
  date: { readonly year: number; readonly month: number; readonly day: number },
  zone: string,
): (hour: number, minute: number) => number {
  const tz = IANAZone.create(zone);
  const midnight = Date.UTC(date.year, date.month - 1, date.day);
  const before = tz.offset(midnight - 14 * 3_600_000);
  const after = tz.offset(midnight + 38 * 3_600_000);
  const mid = tz.offset(midnight + 12 * 3_600_000);
  if (before === after && before === mid) {
    return (hour, minute) => midnight + (hour * 60 + minute - before) * 60_000;
  }
  if (mid !== before && mid !== after)
    return (hour, minute) => localToInstant({ ...date, hour, minute }, zone);
  // One transition: find its instant (to the minute) once, then apply the DST rule by comparison.
  let lo = midnight - 14 * 3_600_000;
  let hi = midnight + 38 * 3_600_000;
  while (hi - lo > 60_000) {
    const m = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (tz.offset(m) === before) lo = m;
    else hi = m;
  }
  const transition = hi;
  return (hour, minute) => {
    const naive = midnight + (hour * 60 + minute) * 60_000;
    const withBefore = naive - before * 60_000;
    const withAfter = naive - after * 60_000;
    const valid = [
      withBefore < transition ? withBefore : NaN,
      withAfter >= transition ? withAfter : NaN,
    ].filter((t) => !Number.isNaN(t));
    // Repeated → first occurrence; nonexistent → the offset before the gap (lands after it).
    return valid.length > 0 ? Math.min(...valid) : withBefore;
  };
}
