/**
 * NCRONTAB, the six-field timer schedule of Azure Functions (`{second} {minute} {hour} {day} {month}
 * {day-of-week}`), for the local dev host that fires timer triggers as the Functions host would. The five
 * fields after the seconds are parsed by the monitor cron parser; times are UTC (the host's default when
 * WEBSITE_TIME_ZONE is not set).
 */
import { cronMatchesDay, parseCron, parseField, type CronExpression } from './cron.js';

export interface Ncrontab {
  readonly seconds: readonly number[];
  readonly cron: CronExpression;
}

export type NcrontabResult =
  { readonly ok: true; readonly schedule: Ncrontab } | { readonly ok: false; readonly error: string };

export function parseNcrontab(expression: string): NcrontabResult {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6)
    return {
      ok: false,
      error: `expected 6 fields ({second} {minute} {hour} {day} {month} {day-of-week}), got ${fields.length}`,
    };
  const seconds = parseField(fields[0] ?? '', { name: 'second', min: 0, max: 59 });
  if (typeof seconds === 'string') return { ok: false, error: seconds };
  const rest = parseCron(fields.slice(1).join(' '));
  if (!rest.ok) return rest;
  return { ok: true, schedule: { seconds: [...seconds].sort((a, b) => a - b), cron: rest.cron } };
}

const DAY_MS = 86_400_000;

/** The first fire time strictly after `afterMs` (epoch ms), within ~5 years, else undefined. */
export function nextNcrontab(schedule: Ncrontab, afterMs: number): number | undefined {
  const start = Math.floor(afterMs / 1000) * 1000 + 1000;
  let day = Math.floor(start / DAY_MS) * DAY_MS;
  for (let i = 0; i < 5 * 366; i++, day += DAY_MS) {
    const d = new Date(day);
    if (!cronMatchesDay(schedule.cron, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay())) continue;
    for (const h of schedule.cron.hours)
      for (const m of schedule.cron.minutes)
        for (const s of schedule.seconds) {
          const t = day + ((h * 60 + m) * 60 + s) * 1000;
          if (t >= start) return t;
        }
  }
  return undefined;
}
