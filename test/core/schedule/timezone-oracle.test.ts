/**
 * localToInstant against Python's zoneinfo (fold=0) on every DST-transition day of 2024-2027 in zones with
 * 1-hour, 30-minute, 45-minute-offset and midnight transitions (fixture by scripts/oracle/zoneinfo_local_times.py).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDayToInstants, localToInstant } from '../../../src/core/schedule/timezone.js';
import { FIXTURES_DIR } from '../../helpers/paths.js';

interface Fixture {
  readonly zones: Readonly<
    Record<string, readonly (readonly [number, number, number, number, number, number])[]>
  >;
}
const fixture = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, 'schedule', 'local-times.json'), 'utf8'),
) as Fixture;

describe('local wall-clock time → instant, checked against Python zoneinfo', () => {
  it.each(Object.keys(fixture.zones))('%s', (zone) => {
    const rows = fixture.zones[zone] ?? [];
    expect(rows.length).toBeGreaterThan(0);
    const mismatches = rows
      .filter(
        ([year, month, day, hour, minute, expected]) =>
          localToInstant({ year, month, day, hour, minute }, zone) !== expected,
      )
      .map(([y, mo, d, h, mi, e]) => `${y}-${mo}-${d} ${h}:${mi} expected ${new Date(e).toISOString()}`);
    expect(mismatches).toEqual([]);
    // The per-day fast path used by the fire-time scan agrees too.
    const dayMismatches = rows
      .filter(
        ([year, month, day, hour, minute, expected]) =>
          localDayToInstants({ year, month, day }, zone)(hour, minute) !== expected,
      )
      .map(([y, mo, d, h, mi, e]) => `${y}-${mo}-${d} ${h}:${mi} expected ${new Date(e).toISOString()}`);
    expect(dayMismatches).toEqual([]);
  });
});
