import { describe, expect, it } from 'vitest';
import { innerJoin, joinKey } from '../../../src/core/data/join.js';
import { TableBuilder, valueAt, type Table } from '../../../src/core/data/table.js';

function build(rows: Record<string, unknown>[]): Table {
  const b = new TableBuilder();
  for (const r of rows) b.addRow(r);
  return b.finish();
}

describe('innerJoin', () => {
  const inputs = build([
    { correlationid: 'a_0', x: 1 },
    { correlationid: 'b_0', x: 2 },
    { correlationid: null, x: 3 },
    { correlationid: 'c_0', x: 4 },
  ]);
  const outputs = build([
    { correlationid: 'c_0', pred: 'no' },
    { correlationid: 'a_0', pred: 'yes' },
    { correlationid: 'a_0', pred: 'dup' },
  ]);

  it('keeps left rows with a match, in left order, taking the first right match; null keys never match', () => {
    const r = innerJoin(inputs, outputs, ['correlationid'], ['correlationid']);
    if (!r.ok) throw new Error(r.error);
    expect(r.table.rowCount).toBe(2);
    expect(r.leftUnmatched).toBe(2);
    expect(r.table.columns.map((c) => c.name)).toEqual(['correlationid', 'x', 'pred']);
    expect([0, 1].map((i) => r.table.columns.map((c) => valueAt(c, i)))).toEqual([
      ['a_0', 1, 'yes'],
      ['c_0', 4, 'no'],
    ]);
  });

  it('names a missing join column', () => {
    const r = innerJoin(inputs, outputs, ['id'], ['correlationid']);
    expect(r).toEqual({ ok: false, error: "join column 'id' is not in the left data" });
  });

  it('builds composite keys and gives null when any part is null', () => {
    const t = build([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ]);
    expect(joinKey(t.columns, 0)).toBe('["1","x"]');
    expect(joinKey(t.columns, 1)).toBeNull();
  });
});
