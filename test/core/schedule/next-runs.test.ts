/** Fire times of recurrence and cron triggers: DST both ways, month ends, leap days, end_time, anchoring. */
import { describe, expect, it } from 'vitest';
import { parseCron } from '../../../src/core/schedule/cron.js';
import { nextFireTimes } from '../../../src/core/schedule/next-runs.js';
import { resolveTimeZone } from '../../../src/core/schedule/timezone.js';
import type { CronTrigger, RecurrenceTrigger } from '../../../src/core/schedule/trigger.js';

const iso = (ms: number[]): string[] => ms.map((t) => new Date(t).toISOString().replace('.000Z', 'Z'));
const at = (s: string): number => Date.parse(s);

function cron(expression: string, zoneName = 'UTC', extra: Partial<CronTrigger> = {}): CronTrigger {
  return {
    type: 'cron',
    expression,
    timeZone: resolveTimeZone(zoneName) ?? 'invalid',
    timeZoneName: zoneName,
    ...extra,
  };
}
function recurrence(
  r: Omit<RecurrenceTrigger, 'type' | 'timeZone' | 'timeZoneName'>,
  zoneName = 'UTC',
): RecurrenceTrigger {
  return {
    type: 'recurrence',
    timeZone: resolveTimeZone(zoneName) ?? 'invalid',
    timeZoneName: zoneName,
    ...r,
  };
}

describe('time zones', () => {
  it('maps Windows names (any case) and accepts IANA names', () => {
    expect(resolveTimeZone('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(resolveTimeZone('pacific standard time')).toBe('America/Los_Angeles');
    expect(resolveTimeZone('utc')).toBe('UTC');
    expect(resolveTimeZone('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(resolveTimeZone('America/New_York')).toBe('America/New_York');
    expect(resolveTimeZone('Mars Standard Time')).toBeUndefined();
  });
});

describe('cron parsing', () => {
  it('accepts ranges, steps, lists and names', () => {
    const r = parseCron('*/20 9-17/4 1,15 JAN-MAR mon-fri');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.cron.minutes).toEqual([0, 20, 40]);
    expect(r.cron.hours).toEqual([9, 13, 17]);
    expect([...r.cron.monthDays]).toEqual([1, 15]);
    expect([...r.cron.months]).toEqual([1, 2, 3]);
    expect([...r.cron.weekDays]).toEqual([1, 2, 3, 4, 5]);
  });
  it.each([
    ['* * * *', /expected 5 fields/],
    ['60 * * * *', /bad minute value '60'; expected 0-59/],
    ['* 24 * * *', /bad hour value '24'/],
    ['* * 0 * *', /bad day-of-month value '0'/],
    ['* * * 13 *', /bad month value '13'; expected 1-12 or JAN-DEC/],
    ['* * * * FUNDAY', /bad day-of-week value 'FUNDAY'/],
    ['*/0 * * * *', /bad step '0'/],
    ['5-1 * * * *', /start after end/],
  ])('rejects %s', (expression, message) => {
    const r = parseCron(expression);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('cron fire times', () => {
  it('honours the month and day-of-month fields (★ unlike Azure)', () => {
    expect(iso(nextFireTimes(cron('0 6 1 JAN,JUL *'), at('2026-03-01T00:00:00Z'), 3))).toEqual([
      '2026-07-01T06:00:00Z',
      '2027-01-01T06:00:00Z',
      '2027-07-01T06:00:00Z',
    ]);
  });
  it('uses the OR rule when both day fields are restricted', () => {
    // The 13th of any month, or any Friday.
    expect(iso(nextFireTimes(cron('0 9 13 * FRI'), at('2026-03-01T00:00:00Z'), 8))).toEqual([
      '2026-03-06T09:00:00Z',
      '2026-03-13T09:00:00Z',
      '2026-03-20T09:00:00Z',
      '2026-03-27T09:00:00Z',
      '2026-04-03T09:00:00Z',
      '2026-04-10T09:00:00Z',
      '2026-04-13T09:00:00Z',
      '2026-04-17T09:00:00Z',
    ]);
  });
  it('treats day-of-week 7 as Sunday and is strictly after --after', () => {
    expect(iso(nextFireTimes(cron('15 10 * * 7'), at('2026-03-08T10:15:00Z'), 2))).toEqual([
      '2026-03-15T10:15:00Z',
      '2026-03-22T10:15:00Z',
    ]);
  });
  it('skips day 31 in short months', () => {
    expect(iso(nextFireTimes(cron('0 0 31 * *'), at('2026-01-01T00:00:00Z'), 4))).toEqual([
      '2026-01-31T00:00:00Z',
      '2026-03-31T00:00:00Z',
      '2026-05-31T00:00:00Z',
      '2026-07-31T00:00:00Z',
    ]);
  });
  it('finds leap days years ahead', () => {
    expect(iso(nextFireTimes(cron('0 12 29 2 *'), at('2026-01-01T00:00:00Z'), 2))).toEqual([
      '2028-02-29T12:00:00Z',
      '2032-02-29T12:00:00Z',
    ]);
  });
  it('spring forward (Pacific Standard Time): a nonexistent 02:30 fires at 03:30 PDT', () => {
    expect(
      iso(nextFireTimes(cron('30 2 * * *', 'Pacific Standard Time'), at('2026-03-06T00:00:00Z'), 4)),
    ).toEqual([
      '2026-03-06T10:30:00Z', // 02:30 PST
      '2026-03-07T10:30:00Z', // 02:30 PST
      '2026-03-08T10:30:00Z', // 02:30 does not exist → 03:30 PDT
      '2026-03-09T09:30:00Z', // 02:30 PDT
    ]);
  });
  it('spring forward: a shifted time that coincides with a real one fires once', () => {
    expect(
      iso(nextFireTimes(cron('0 2,3 8 3 *', 'America/Los_Angeles'), at('2026-03-01T00:00:00Z'), 3)),
    ).toEqual([
      '2026-03-08T10:00:00Z', // 02:00 → 03:00 PDT, the same instant as 03:00 PDT
      '2027-03-08T10:00:00Z', // 2027-03-08 is after the change (Mar 14 2027 is the switch): 02:00 PST
      '2027-03-08T11:00:00Z',
    ]);
  });
  it('fall back (America/Los_Angeles): a repeated 01:30 fires once, at its first occurrence (PDT)', () => {
    expect(
      iso(nextFireTimes(cron('30 1 * * *', 'America/Los_Angeles'), at('2026-10-31T00:00:00Z'), 3)),
    ).toEqual([
      '2026-10-31T08:30:00Z', // 01:30 PDT
      '2026-11-01T08:30:00Z', // first 01:30 (PDT), not the second (09:30Z PST)
      '2026-11-02T09:30:00Z', // 01:30 PST
    ]);
  });
  it('stops at end_time (inclusive) and returns fewer', () => {
    const t = cron('15 3 * * *', 'UTC', { endTime: '2026-03-10T03:15:00Z' });
    expect(iso(nextFireTimes(t, at('2026-03-08T00:00:00Z'), 5))).toEqual([
      '2026-03-08T03:15:00Z',
      '2026-03-09T03:15:00Z',
      '2026-03-10T03:15:00Z',
    ]);
  });
  it('does not fire before start_time', () => {
    const t = cron('0 12 * * *', 'UTC', { startTime: '2026-03-10T12:00:00Z' });
    expect(iso(nextFireTimes(t, at('2026-03-01T00:00:00Z'), 2))).toEqual([
      '2026-03-10T12:00:00Z',
      '2026-03-11T12:00:00Z',
    ]);
  });
});

describe('recurrence fire times', () => {
  it('hours × minutes on week_days (the SDK sample schedule)', () => {
    const t = recurrence({
      frequency: 'week',
      interval: 1,
      schedule: {
        hours: [20, 22],
        minutes: [0, 30],
        weekDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      },
    });
    expect(iso(nextFireTimes(t, at('2026-03-06T21:00:00Z'), 5))).toEqual([
      '2026-03-06T22:00:00Z',
      '2026-03-06T22:30:00Z',
      '2026-03-09T20:00:00Z',
      '2026-03-09T20:30:00Z',
      '2026-03-09T22:00:00Z',
    ]);
  });
  it('day interval anchored at start_time (no schedule)', () => {
    const t = recurrence({ frequency: 'day', interval: 3, startTime: '2026-03-01T06:00:00Z' });
    expect(iso(nextFireTimes(t, at('2026-03-05T00:00:00Z'), 3))).toEqual([
      '2026-03-07T06:00:00Z',
      '2026-03-10T06:00:00Z',
      '2026-03-13T06:00:00Z',
    ]);
  });
  it('day interval anchored at start_time (with schedule)', () => {
    const t = recurrence({
      frequency: 'day',
      interval: 2,
      startTime: '2026-03-02T00:00:00Z',
      schedule: { hours: [6], minutes: [0] },
    });
    expect(iso(nextFireTimes(t, at('2026-03-02T07:00:00Z'), 2))).toEqual([
      '2026-03-04T06:00:00Z',
      '2026-03-06T06:00:00Z',
    ]);
  });
  it('week interval 2 counts weeks from the start week', () => {
    const t = recurrence({
      frequency: 'week',
      interval: 2,
      startTime: '2026-03-02T00:00:00Z',
      schedule: { hours: [8], minutes: [0], weekDays: ['monday'] },
    });
    expect(iso(nextFireTimes(t, at('2026-03-02T12:00:00Z'), 2))).toEqual([
      '2026-03-16T08:00:00Z',
      '2026-03-30T08:00:00Z',
    ]);
  });
  it('minute interval steps from start_time', () => {
    const t = recurrence({ frequency: 'minute', interval: 15, startTime: '2026-03-08T00:05:00Z' });
    expect(iso(nextFireTimes(t, at('2026-03-08T00:06:00Z'), 3))).toEqual([
      '2026-03-08T00:20:00Z',
      '2026-03-08T00:35:00Z',
      '2026-03-08T00:50:00Z',
    ]);
  });
  it('hourly recurrence stays hourly in elapsed time across fall back', () => {
    const t = recurrence(
      { frequency: 'hour', interval: 1, startTime: '2026-11-01T00:00:00' },
      'Pacific Standard Time',
    );
    expect(iso(nextFireTimes(t, at('2026-11-01T06:59:00Z'), 4))).toEqual([
      '2026-11-01T07:00:00Z', // 00:00 PDT
      '2026-11-01T08:00:00Z', // 01:00 PDT
      '2026-11-01T09:00:00Z', // 01:00 PST
      '2026-11-01T10:00:00Z', // 02:00 PST
    ]);
  });
  it('daily recurrence keeps local wall-clock time across spring forward; start_time without offset is local', () => {
    const t = recurrence(
      { frequency: 'day', interval: 1, startTime: '2026-03-06T08:00:00' },
      'Pacific Standard Time',
    );
    expect(iso(nextFireTimes(t, at('2026-03-06T00:00:00Z'), 4))).toEqual([
      '2026-03-06T16:00:00Z',
      '2026-03-07T16:00:00Z',
      '2026-03-08T15:00:00Z',
      '2026-03-09T15:00:00Z',
    ]);
  });
  it('month_days 31 is skipped in shorter months', () => {
    const t = recurrence({
      frequency: 'month',
      interval: 1,
      schedule: { hours: [0], minutes: [0], monthDays: [31] },
    });
    expect(iso(nextFireTimes(t, at('2026-01-01T00:00:00Z'), 4))).toEqual([
      '2026-01-31T00:00:00Z',
      '2026-03-31T00:00:00Z',
      '2026-05-31T00:00:00Z',
      '2026-07-31T00:00:00Z',
    ]);
  });
  it('monthly from the 31st (no schedule) skips months without a 31st', () => {
    const t = recurrence({ frequency: 'month', interval: 1, startTime: '2026-01-31T09:00:00Z' });
    expect(iso(nextFireTimes(t, at('2026-01-31T09:00:00Z'), 3))).toEqual([
      '2026-03-31T09:00:00Z',
      '2026-05-31T09:00:00Z',
      '2026-07-31T09:00:00Z',
    ]);
  });
  it('month_days 29 fires on Feb 29 in leap years only', () => {
    const t = recurrence({
      frequency: 'month',
      interval: 1,
      schedule: { hours: [12], minutes: [0], monthDays: [29] },
    });
    const feb = iso(nextFireTimes(t, at('2027-01-01T00:00:00Z'), 15)).filter((s) => s.slice(5, 7) === '02');
    expect(feb).toEqual(['2028-02-29T12:00:00Z']);
  });
  it('end_time cuts the list short', () => {
    const t = recurrence({
      frequency: 'day',
      interval: 1,
      endTime: '2026-03-09T12:00:00Z',
      schedule: { hours: [3], minutes: [15] },
    });
    expect(iso(nextFireTimes(t, at('2026-03-07T00:00:00Z'), 10))).toEqual([
      '2026-03-07T03:15:00Z',
      '2026-03-08T03:15:00Z',
      '2026-03-09T03:15:00Z',
    ]);
  });
});
