import { describe, expect, it } from 'vitest';
import { nextNcrontab, parseNcrontab } from '../../../src/core/schedule/ncrontab.js';

function next(expr: string, after: string): string | undefined {
  const r = parseNcrontab(expr);
  if (!r.ok) throw new Error(r.error);
  const t = nextNcrontab(r.schedule, Date.parse(after));
  return t === undefined ? undefined : new Date(t).toISOString();
}

describe('NCRONTAB (timer trigger schedules)', () => {
  it('fires every five minutes on the second 0', () => {
    expect(next('0 */5 * * * *', '2026-11-26T07:31:12Z')).toBe('2026-11-26T07:35:00.000Z');
    expect(next('0 */5 * * * *', '2026-11-26T07:35:00Z')).toBe('2026-11-26T07:40:00.000Z');
    expect(next('0 */5 * * * *', '2026-11-26T23:58:00.500Z')).toBe('2026-11-27T00:00:00.000Z');
  });

  it('honours seconds, hours, days of week and months', () => {
    expect(next('*/15 * * * * *', '2026-11-26T07:31:12Z')).toBe('2026-11-26T07:31:15.000Z');
    expect(next('30 15 3 * * *', '2026-11-26T03:15:30Z')).toBe('2026-11-27T03:15:30.000Z');
    // 2026-11-26 is a Thursday: the next Monday 09:00 is 2026-11-30.
    expect(next('0 0 9 * * MON', '2026-11-26T10:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('0 0 0 1 JAN *', '2026-11-26T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 12 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T12:00:00.000Z');
  });

  it('rejects other shapes with the field that is wrong', () => {
    expect(parseNcrontab('*/5 * * * *')).toEqual({
      ok: false,
      error: 'expected 6 fields ({second} {minute} {hour} {day} {month} {day-of-week}), got 5',
    });
    const bad = parseNcrontab('61 * * * * *');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/second/);
    expect(parseNcrontab('0 0 25 * * *').ok).toBe(false);
  });
});
