import { describe, expect, it } from 'vitest';
import { arrowBytesToTable, tableToArrowBytes } from '../../../src/core/data/arrow.js';
import { CollectorTableBuilder } from '../../../src/core/data/collector.js';
import {
  TableBuilder,
  getColumn,
  isNull,
  keyAt,
  takeRows,
  valueAt,
  type StringColumn,
  type Table,
} from '../../../src/core/data/table.js';

// Ids (high cardinality, with nulls and non-ASCII text), a low-cardinality category, a nested value now and then.
function idRows(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i % 97 === 5 ? null : i % 13 === 0 ? `ïd-${String(i)}-ü€😀` : `id-${String(i)}`,
    cat: ['a', 'b', 'c'][i % 3],
    blob: i === 7000 ? { nested: [i] } : `x${String(i)}`,
  }));
}

function build(rows: Record<string, unknown>[]): Table {
  const b = new TableBuilder();
  for (const r of rows) b.addRow(r);
  return b.finish();
}

function expected(rows: Record<string, unknown>[], name: string): (string | null)[] {
  return rows.map((r) => {
    const v = r[name];
    return v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
  });
}

describe('plain UTF-8 string columns', () => {
  const rows = idRows(10_000);
  const table = build(rows);
  const id = getColumn(table, 'id') as StringColumn;
  const cat = getColumn(table, 'cat') as StringColumn;
  const blob = getColumn(table, 'blob') as StringColumn;

  it('switches high-cardinality columns to plain UTF-8 and keeps low-cardinality ones as dictionaries', () => {
    expect(id.type).toBe('string');
    expect(id.utf8).toBeDefined();
    expect(blob.utf8).toBeDefined();
    expect(cat.utf8).toBeUndefined();
    expect(cat.dictionary).toEqual(['a', 'b', 'c']);
    expect(table.jsonKinds?.id).toEqual(['null', 'string']);
    expect(table.jsonKinds?.blob).toEqual(['string', 'object']);
  });

  it('gives every value back through valueAt, keyAt and isNull', () => {
    const want = expected(rows, 'id');
    const got = want.map((_, i) => valueAt(id, i));
    expect(got).toEqual(want);
    expect(want.map((_, i) => keyAt(id, i))).toEqual(want);
    expect(want.map((_, i) => isNull(id, i))).toEqual(want.map((v) => v === null));
    expect(expected(rows, 'blob').map((_, i) => valueAt(blob, i))).toEqual(expected(rows, 'blob'));
  });

  it('derives codes and dictionary (first-seen order) for consumers of the dictionary form', () => {
    const want = expected(rows, 'id');
    const dict = [...new Set(want.filter((v): v is string => v !== null))];
    expect(id.dictionary).toEqual(dict);
    expect(Array.from(id.codes)).toEqual(want.map((v) => (v === null ? -1 : dict.indexOf(v))));
  });

  it('takeRows keeps the plain form and the values', () => {
    const pick = [9999, 0, 5, 13, 13, 4000];
    const taken = takeRows(table, pick);
    const c = getColumn(taken, 'id') as StringColumn;
    expect(c.utf8).toBeDefined();
    expect(pick.map((_, i) => valueAt(c, i))).toEqual(pick.map((r) => expected(rows, 'id')[r]));
  });

  it('round-trips through Arrow as a plain Utf8 vector', () => {
    const back = arrowBytesToTable(tableToArrowBytes(table)).table;
    expect(back.jsonKinds).toEqual(table.jsonKinds);
    for (const name of ['id', 'cat', 'blob']) {
      const c = getColumn(back, name)!;
      expect(expected(rows, name).map((_, i) => valueAt(c, i))).toEqual(expected(rows, name));
    }
    expect((getColumn(back, 'id') as StringColumn).utf8).toBeDefined();
  });
});

describe('collector correlation ids', () => {
  it('are written as plain UTF-8 `<id>_<i>`, null where the line has none', () => {
    const b = new CollectorTableBuilder({ sourceBlob: 'x.jsonl', maxLineBytes: 1 << 20 });
    const lines = [
      { time: 't1', correlationid: 'r-ä', data: Array.from({ length: 12 }, (_, i) => ({ v: i })) },
      { time: 't2', data: [{ v: 1 }] },
      { time: 't3', correlationid: 42, data: [{ v: 2 }, { v: 3 }] },
    ];
    lines.forEach((l, i) => b.addLine(JSON.stringify(l), i + 1));
    const parsed = b.finish();
    const cid = getColumn(parsed.table, parsed.roles.correlationid) as StringColumn;
    expect(cid.utf8).toBeDefined();
    const want = [...Array.from({ length: 12 }, (_, i) => `r-ä_${String(i)}`), null, '42_0', '42_1'];
    expect(want.map((_, i) => valueAt(cid, i))).toEqual(want);
    expect(parsed.table.jsonKinds?.[parsed.roles.correlationid]).toEqual(['null', 'string']);
    const back = arrowBytesToTable(tableToArrowBytes(parsed.table)).table;
    const cidBack = getColumn(back, parsed.roles.correlationid)!;
    expect(want.map((_, i) => valueAt(cidBack, i))).toEqual(want);
  });
});
