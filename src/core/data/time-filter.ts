/**
 * Window filtering for MLTable / file data (collector data is selected by hour folder instead). The timestamp
 * column is `data_column_names.timestamp` when configured, else a column named `timestamp` or `TIMESTAMP`;
 * without one the whole table is used and a note says so (Azure's backend behaviour here is not public).
 * Rows are kept when start <= t < end. Values: ISO-8601 strings (no offset = UTC), `M/D/YYYY H:mm[:ss]` (UTC),
 * epoch numbers (seconds, milliseconds, microseconds or nanoseconds by magnitude). Unparseable or null
 * timestamps drop the row, and a note counts them.
 */
import type { TimeWindow } from './collector-folders.js';
import type { DataIssue } from './read-result.js';
import { getColumn, takeRows, valueAt, type Table } from './table.js';

const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Milliseconds since the epoch, or NaN. Strings without an offset are UTC (not the machine's zone). */
export function parseTimestamp(value: number | string | boolean | null): number {
  if (value === null || typeof value === 'boolean') return Number.NaN;
  if (typeof value === 'number') {
    const a = Math.abs(value);
    if (a < 1e11) return value * 1000;
    if (a < 1e14) return value;
    if (a < 1e17) return value / 1000;
    return value / 1e6;
  }
  const s = value.trim();
  if (s === '') return Number.NaN;
  if (/^[+-]?\d+(?:\.\d+)?$/.test(s)) return parseTimestamp(Number(s));
  if (ISO_NO_ZONE.test(s)) return Date.parse(s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(' ', 'T')}Z`);
  const us = US_DATE.exec(s);
  if (us)
    return Date.UTC(
      Number(us[3]),
      Number(us[1]) - 1,
      Number(us[2]),
      Number(us[4] ?? 0),
      Number(us[5] ?? 0),
      Number(us[6] ?? 0),
    );
  // Only ISO forms with an explicit zone are left to Date.parse.
  return /^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(s) ? Date.parse(s) : Number.NaN;
}

export type TimeFilterResult =
  | { readonly ok: true; readonly table: Table; readonly notes: readonly string[]; readonly column?: string }
  | { readonly ok: false; readonly issues: readonly DataIssue[] };

/** Picks the timestamp column: the configured one (must exist), else `timestamp` / `TIMESTAMP`. */
export function timestampColumnOf(table: Table, configured?: string): string | undefined {
  if (configured !== undefined) return getColumn(table, configured) ? configured : undefined;
  for (const name of ['timestamp', 'TIMESTAMP']) if (getColumn(table, name)) return name;
  return undefined;
}

export function filterByWindow(
  table: Table,
  window: TimeWindow,
  options: { readonly timestampColumn?: string; readonly what?: string } = {},
): TimeFilterResult {
  const what = options.what ?? 'data';
  const name = timestampColumnOf(table, options.timestampColumn);
  if (options.timestampColumn !== undefined && name === undefined)
    return {
      ok: false,
      issues: [
        {
          path: what,
          code: 'invalid',
          message: `data_column_names.timestamp is '${options.timestampColumn}' but the data has no such column (columns: ${table.columns.map((c) => c.name).join(', ')})`,
        },
      ],
    };
  if (name === undefined)
    return {
      ok: true,
      table,
      notes: [
        `${what}: no timestamp column (data_column_names.timestamp, 'timestamp' or 'TIMESTAMP'), so the window ${window.start.toISOString()} to ${window.end.toISOString()} was not applied and the whole table (${table.rowCount} rows) was used`,
      ],
    };
  const column = getColumn(table, name);
  if (!column) return { ok: true, table, notes: [] };
  const start = window.start.getTime();
  const end = window.end.getTime();
  const keep: number[] = [];
  let bad = 0;
  // Strings repeat a lot (dictionary-encoded): parse each distinct value once.
  const parsedCodes = column.type === 'string' ? column.dictionary.map(parseTimestamp) : undefined;
  for (let r = 0; r < table.rowCount; r++) {
    let t: number;
    if (column.type === 'string') {
      const code = column.codes[r] ?? -1;
      t = code < 0 ? Number.NaN : (parsedCodes?.[code] ?? Number.NaN);
    } else t = parseTimestamp(valueAt(column, r));
    if (Number.isNaN(t)) bad++;
    else if (t >= start && t < end) keep.push(r);
  }
  const notes: string[] = [
    `${what}: ${keep.length} of ${table.rowCount} rows have '${name}' in ${window.start.toISOString()} .. ${window.end.toISOString()}`,
  ];
  if (bad > 0) notes.push(`${what}: ${bad} row(s) with a null or unparseable '${name}' were left out`);
  return { ok: true, table: takeRows(table, keep), notes, column: name };
}
