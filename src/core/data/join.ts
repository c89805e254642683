/** Inner join of two tables on key columns (string identity of values), as the Azure data joiner does. */
import { getColumn, keyAt, takeRows, type Column, type Table } from './table.js';

export type JoinResult =
  | { readonly ok: true; readonly table: Table; readonly leftUnmatched: number }
  | { readonly ok: false; readonly error: string };

/** The join key of a row: the value's string identity, or a JSON list for several columns (null if any is null). */
export function joinKey(columns: readonly Column[], row: number): string | null {
  if (columns.length === 1) return columns[0] ? keyAt(columns[0], row) : null;
  const parts: string[] = [];
  for (const c of columns) {
    const k = keyAt(c, row);
    if (k === null) return null;
    parts.push(k);
  }
  return JSON.stringify(parts);
}

/**
 * Rows of `left` with their first match in `right`. Right columns whose names already exist on the left are
 * dropped (the join columns included), so the result keeps the left's names.
 */
export function innerJoin(
  left: Table,
  right: Table,
  leftKeys: readonly string[],
  rightKeys: readonly string[],
): JoinResult {
  const lk: Column[] = [];
  const rk: Column[] = [];
  for (const n of leftKeys) {
    const c = getColumn(left, n);
    if (!c) return { ok: false, error: `join column '${n}' is not in the left data` };
    lk.push(c);
  }
  for (const n of rightKeys) {
    const c = getColumn(right, n);
    if (!c) return { ok: false, error: `join column '${n}' is not in the right data` };
    rk.push(c);
  }
  const index = new Map<string, number>();
  for (let r = 0; r < right.rowCount; r++) {
    const k = joinKey(rk, r);
    if (k !== null && !index.has(k)) index.set(k, r);
  }
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  for (let r = 0; r < left.rowCount; r++) {
    const k = joinKey(lk, r);
    const m = k === null ? undefined : index.get(k);
    if (m !== undefined) {
      leftRows.push(r);
      rightRows.push(m);
    }
  }
  const leftPart = takeRows(left, leftRows);
  const leftNames = new Set(left.columns.map((c) => c.name));
  const rightPart = takeRows(right, rightRows);
  const extra = rightPart.columns.filter((c) => !leftNames.has(c.name));
  const jsonKinds = { ...right.jsonKinds, ...left.jsonKinds };
  return {
    ok: true,
    table: { rowCount: leftRows.length, columns: [...leftPart.columns, ...extra], jsonKinds },
    leftUnmatched: left.rowCount - leftRows.length,
  };
}
