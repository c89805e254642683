import { describe, expect, it } from 'vitest';
import { concatRows } from '../../../src/core/data/concat.js';
import { TableBuilder, concatTables, valueAt, type Table } from '../../../src/core/data/table.js';

function build(rows: Record<string, unknown>[]): Table {
  const b = new TableBuilder();
  for (const r of rows) b.addRow(r);
  return b.finish();
}
const rowsOf = (t: Table) =>
  Array.from({ length: t.rowCount }, (_, i) => t.columns.map((c) => valueAt(c, i)));

describe('concatRows', () => {
  it('gives the same rows, types and JSON kinds as concatTables for same-shaped tables', () => {
    const a = build([
      { i: 1, f: 0.5, s: 'x', b: true },
      { i: null, f: 2.5, s: null, b: false },
    ]);
    const b = build([
      { i: 7, f: 1.5, s: 'y', b: null },
      { i: 8, f: -1.5, s: 'x', b: true },
    ]);
    const fast = concatRows([a, b]);
    const slow = concatTables([a, b]);
    expect(rowsOf(fast)).toEqual(rowsOf(slow));
    expect(fast.columns.map((c) => c.type)).toEqual(slow.columns.map((c) => c.type));
    expect(fast.jsonKinds).toEqual(slow.jsonKinds);
    const s = fast.columns[2]!;
    expect(s.type === 'string' && s.dictionary).toEqual(['x', 'y']);
  });

  it('falls back to concatTables when names or types differ', () => {
    const a = build([{ v: 1 }]);
    const b = build([{ v: 1.5, w: 'z' }]);
    const t = concatRows([a, b]);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['v', 'float'],
      ['w', 'string'],
    ]);
    expect(rowsOf(t)).toEqual([
      [1, null],
      [1.5, 'z'],
    ]);
    expect(concatRows([])).toEqual({ rowCount: 0, columns: [] });
  });
});
