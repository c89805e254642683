/**
 * Next fire times of a trigger. Local wall-clock times are computed in the trigger's zone and mapped to instants
 * with `localToInstant` (repeated local time → first occurrence; nonexistent → shifted forward by the gap).
 * Minute and hour recurrences without a `schedule` step in elapsed time, so they stay evenly spaced across DST.
 */
import { DateTime } from 'luxon';
import { cronMatchesDay, parseCron, type CronExpression } from './cron.js';
import { instantToLocal, localDayToInstants, localToInstant, type LocalTime } from './timezone.js';
import { WEEK_DAYS, type RecurrenceTrigger, type Trigger } from './trigger.js';

const DAY_MS = 86_400_000;
/** How far ahead the day scan looks before giving up (covers Feb 29 crons and sparse month_days). */
const HORIZON_DAYS = 366 * 40;

/** Parses a trigger time: with an offset or `Z` it is absolute, otherwise local to `zone`. */
export function parseTriggerTime(text: string, zone: string): number | undefined {
  const dt = DateTime.fromISO(text.trim(), { zone, setZone: false });
  return dt.isValid ? dt.toMillis() : undefined;
}

/** Day number of a local calendar date (days since 1970-01-01), for interval arithmetic. */
function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

function dateOfDayNumber(n: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(n * DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

/** The anchor of interval counting: `start_time`, else 1970-01-01T00:00 local. */
function anchorLocal(trigger: Trigger, start: number | undefined): LocalTime & { weekday: number } {
  if (start !== undefined) return instantToLocal(start, trigger.timeZone);
  return { year: 1970, month: 1, day: 1, hour: 0, minute: 0, weekday: 4 };
}

interface Bounds {
  readonly after: number;
  readonly start: number | undefined;
  readonly end: number | undefined;
}

function acceptable(t: number, b: Bounds): boolean {
  return t > b.after && (b.start === undefined || t >= b.start);
}

/** Returns up to `count` fire instants (epoch ms, ascending) strictly after `afterMs`, none after `end_time`. */
export function nextFireTimes(trigger: Trigger, afterMs: number, count: number): number[] {
  const start =
    trigger.startTime === undefined ? undefined : parseTriggerTime(trigger.startTime, trigger.timeZone);
  const end = trigger.endTime === undefined ? undefined : parseTriggerTime(trigger.endTime, trigger.timeZone);
  const bounds: Bounds = { after: afterMs, start, end };
  if (count <= 0) return [];
  if (trigger.type === 'recurrence' && trigger.schedule === undefined) {
    return simpleRecurrence(trigger, bounds, count);
  }
  const cron = trigger.type === 'cron' ? parseCron(trigger.expression) : undefined;
  if (cron !== undefined && !cron.ok) throw new Error(`invalid cron expression: ${cron.error}`);
  return scanDays(trigger, cron?.cron, bounds, count);
}

/** `start + k·interval·frequency`: elapsed time for minute/hour, local calendar for day/week/month. */
function simpleRecurrence(trigger: RecurrenceTrigger, b: Bounds, count: number): number[] {
  const out: number[] = [];
  const zone = trigger.timeZone;
  const anchor = anchorLocal(trigger, b.start);
  const anchorMs = b.start ?? localToInstant(anchor, zone);
  const lower = Math.max(b.after, b.start ?? -Infinity);
  const push = (t: number): boolean => {
    if (b.end !== undefined && t > b.end) return false;
    if (acceptable(t, b)) out.push(t);
    return out.length < count;
  };
  if (trigger.frequency === 'minute' || trigger.frequency === 'hour') {
    const step = trigger.interval * (trigger.frequency === 'minute' ? 60_000 : 3_600_000);
    let k = Math.max(0, Math.floor((lower - anchorMs) / step));
    while (push(anchorMs + k * step)) k++;
    return out;
  }
  const periodDays = trigger.frequency === 'day' ? 1 : trigger.frequency === 'week' ? 7 : 31;
  let k = Math.max(0, Math.floor((lower - anchorMs) / (trigger.interval * periodDays * DAY_MS)) - 1);
  const anchorDay = dayNumber(anchor.year, anchor.month, anchor.day);
  for (let guard = 0; guard < HORIZON_DAYS; guard++, k++) {
    let date: { year: number; month: number; day: number };
    if (trigger.frequency === 'month') {
      const total = anchor.year * 12 + (anchor.month - 1) + k * trigger.interval;
      const year = Math.floor(total / 12);
      const month = total - year * 12 + 1;
      // Day 29-31 does not fire in months without it (like month_days).
      if (new Date(Date.UTC(year, month, 0)).getUTCDate() < anchor.day) continue;
      date = { year, month, day: anchor.day };
    } else {
      date = dateOfDayNumber(anchorDay + k * trigger.interval * periodDays);
    }
    const t = localToInstant({ ...date, hour: anchor.hour, minute: anchor.minute }, zone);
    if (!push(t)) break;
  }
  return out;
}

function recurrenceDayMatches(
  trigger: RecurrenceTrigger,
  anchor: LocalTime & { weekday: number },
  date: { year: number; month: number; day: number; weekday: number },
): boolean {
  const s = trigger.schedule;
  const weekDays = s?.weekDays?.map((w) => WEEK_DAYS.indexOf(w));
  if (weekDays !== undefined && !weekDays.includes(date.weekday)) return false;
  const anchorDay = dayNumber(anchor.year, anchor.month, anchor.day);
  const today = dayNumber(date.year, date.month, date.day);
  switch (trigger.frequency) {
    case 'minute':
    case 'hour':
      return true;
    case 'day':
      return mod(today - anchorDay, trigger.interval) === 0;
    case 'week': {
      if (weekDays === undefined && date.weekday !== anchor.weekday) return false;
      // Weeks start on Monday (ISO); interval counts weeks from the anchor's week.
      const mondayOf = (n: number, wd: number): number => n - ((wd + 6) % 7);
      const weeks = (mondayOf(today, date.weekday) - mondayOf(anchorDay, anchor.weekday)) / 7;
      return mod(weeks, trigger.interval) === 0;
    }
    case 'month': {
      const months = date.year * 12 + date.month - (anchor.year * 12 + anchor.month);
      if (mod(months, trigger.interval) !== 0) return false;
      if (s?.monthDays !== undefined) return s.monthDays.includes(date.day);
      return weekDays !== undefined || date.day === anchor.day;
    }
  }
}

/** Recurrence with `schedule` and cron: every matching local day × hours × minutes. */
function scanDays(trigger: Trigger, cron: CronExpression | undefined, b: Bounds, count: number): number[] {
  const zone = trigger.timeZone;
  const anchor = anchorLocal(trigger, b.start);
  const lower = Math.max(b.after, b.start ?? -Infinity);
  const first = instantToLocal(lower, zone);
  // Start a day early so a DST shift near midnight cannot hide a fire time.
  const firstDay = dayNumber(first.year, first.month, first.day) - 1;
  const out: number[] = [];
  for (let n = firstDay; n < firstDay + HORIZON_DAYS; n++) {
    const date = dateOfDayNumber(n);
    let hours: readonly number[];
    let minutes: readonly number[];
    if (cron !== undefined) {
      if (!cronMatchesDay(cron, date.month, date.day, date.weekday)) continue;
      hours = cron.hours;
      minutes = cron.minutes;
    } else if (trigger.type === 'recurrence' && trigger.schedule !== undefined) {
      if (!recurrenceDayMatches(trigger, anchor, date)) continue;
      hours = trigger.schedule.hours;
      minutes = trigger.schedule.minutes;
    } else {
      return out;
    }
    const today = new Set<number>();
    const toInstant = localDayToInstants(date, zone);
    for (const hour of hours) {
      for (const minute of minutes) {
        if (trigger.type === 'recurrence' && !intervalMatchesTime(trigger, anchor, date, hour, minute))
          continue;
        today.add(toInstant(hour, minute));
      }
    }
    for (const t of [...today].sort((x, y) => x - y)) {
      if (b.end !== undefined && t > b.end) return out;
      if (acceptable(t, b) && out.at(-1) !== t) {
        out.push(t);
        if (out.length >= count) return out;
      }
    }
  }
  return out;
}

/** For minute/hour recurrences with a schedule: the interval counts local minutes/hours from the anchor. */
function intervalMatchesTime(
  trigger: RecurrenceTrigger,
  anchor: LocalTime,
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
): boolean {
  if (trigger.frequency !== 'minute' && trigger.frequency !== 'hour') return true;
  const unitMinutes = trigger.frequency === 'minute' ? 1 : 60;
  const index = (l: LocalTime): number =>
    Math.floor(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute) / 60_000 / unitMinutes);
  return mod(index({ ...date, hour, minute }) - index(anchor), trigger.interval) === 0;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
