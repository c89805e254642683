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
  return IANAZone.isValidZone(trimmed) ? new IANAZone(trimmed).name : undefined;
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
  const tz = new IANAZone(zone);
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
  const offset = new IANAZone(zone).offset(instant);
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
