import { describe, expect, it } from 'vitest';
import { arrowBytesToTable, tableToArrowBytes } from '../../../src/core/data/arrow.js';
import {
  TableBuilder,
  concatTables,
  keyAt,
  takeRows,
  valueAt,
  type Table,
} from '../../../src/core/data/table.js';

function build(rows: Record<string, unknown>[]): Table {
  const b = new TableBuilder();
  for (const r of rows) b.addRow(r);
  return b.finish();
}

describe('TableBuilder', () => {
  it('infers int, float, bool and string columns and records JSON kinds', () => {
    const t = build([
      { a: 1, b: 1.5, c: true, d: 'x', e: { k: 1 } },
      { a: 2, b: 2, c: false, d: null, e: [1, 2] },
      { a: null, c: null, d: 'y' },
    ]);
    expect(t.rowCount).toBe(3);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['a', 'int'],
      ['b', 'float'],
      ['c', 'bool'],
      ['d', 'string'],
      ['e', 'string'],
    ]);
    const e = t.columns[4]!;
    expect([valueAt(e, 0), valueAt(e, 1), valueAt(e, 2)]).toEqual(['{"k":1}', '[1,2]', null]);
    expect(t.jsonKinds).toMatchObject({
      a: ['null', 'integer'],
      b: ['null', 'integer', 'number'],
      e: ['null', 'object', 'array'],
    });
  });

  it('turns a column of mixed numbers and strings into strings, as Spark infers', () => {
    const t = build([{ x: 1 }, { x: 'abc' }, { x: 2.5 }]);
    const x = t.columns[0]!;
    expect(x.type).toBe('string');
    expect([keyAt(x, 0), keyAt(x, 1), keyAt(x, 2)]).toEqual(['1', 'abc', '2.5']);
  });

  it('pads columns that first appear in later rows', () => {
    const t = build([{ a: 1 }, { b: 'z' }]);
    expect(t.columns.map((c) => [valueAt(c, 0), valueAt(c, 1)])).toEqual([
      [1, null],
      [null, 'z'],
    ]);
  });

  it('takes rows and concatenates tables with different columns', () => {
    const t = build([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(takeRows(t, [2, 0]).columns.map((c) => [valueAt(c, 0), valueAt(c, 1)])).toEqual([[3, 1]]);
    const u = concatTables([t, build([{ b: true }])]);
    expect(u.rowCount).toBe(4);
    expect(u.columns.map((c) => valueAt(c, 3))).toEqual([null, true]);
  });
});

describe('Arrow IPC round trip', () => {
  it('keeps values, nulls, types and JSON kinds', () => {
    const t = build([
      { i: 5, f: 0.25, s: 'a', b: true },
      { i: null, f: null, s: null, b: null },
      { i: -7, f: 3, s: 'a', b: false },
    ]);
    const { table: back } = arrowBytesToTable(tableToArrowBytes(t));
    expect(back.rowCount).toBe(3);
    expect(back.columns.map((c) => c.type)).toEqual(['int', 'float', 'string', 'bool']);
    for (let r = 0; r < 3; r++) {
      expect(back.columns.map((c) => valueAt(c, r))).toEqual(t.columns.map((c) => valueAt(c, r)));
    }
    expect(back.jsonKinds).toEqual(t.jsonKinds);
  });

  it('round-trips an empty table', () => {
    const { table } = arrowBytesToTable(tableToArrowBytes({ rowCount: 0, columns: [] }));
    expect(table.rowCount).toBe(0);
  });
});
