import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  arrowBytesToTable,
  tableToArrowBytes,
  tableToArrowBytesViaArrowJs,
  tableToArrowSegments,
} from '../../../src/core/data/arrow.js';
import { TableBuilder, valueAt, type Table } from '../../../src/core/data/table.js';

function build(n: number): Table {
  const b = new TableBuilder();
  for (let i = 0; i < n; i++)
    b.addRow({
      f: i % 7 === 0 ? null : i * 0.5,
      n: i % 5 === 0 ? null : i - 5000,
      big: 2 ** 52 - i,
      neg: -(2 ** 40) - i,
      bo: i % 3 === 0 ? null : i % 2 === 0,
      s: ['a', 'b', null, 'ü'][i % 4],
      s2: ['x', 'y'][i % 2],
      id: i % 11 === 0 ? null : `id-${String(i)}-€`,
      nulls: null,
    });
  return b.finish();
}

/** Every column's values as Arrow JS reads them back (independent of our decoder). */
function arrowJsValues(bytes: Uint8Array): Record<string, unknown[]> {
  const t = tableFromIPC(bytes);
  const out: Record<string, unknown[]> = {};
  for (const f of t.schema.fields) {
    const v = t.getChild(f.name);
    out[f.name] = Array.from({ length: t.numRows }, (_, i) => {
      const x: unknown = v?.get(i);
      return typeof x === 'bigint' ? Number(x) : x;
    });
  }
  return out;
}

describe('in-place Arrow file writer', () => {
  for (const n of [0, 1, 9, 10_000]) {
    it(`reads back as apache-arrow's own writer output does (${String(n)} rows)`, () => {
      const table = build(n);
      const options = { schemaMetadata: { k: 'v' }, fieldMetadata: { f: { role: 'x' } } };
      const mine = tableToArrowBytes(table, options);
      const theirs = tableToArrowBytesViaArrowJs(table, options);
      expect(arrowJsValues(mine)).toEqual(arrowJsValues(theirs));
      const a = tableFromIPC(mine);
      const b = tableFromIPC(theirs);
      expect(a.schema.fields.map((f) => [f.name, String(f.type), [...f.metadata]])).toEqual(
        b.schema.fields.map((f) => [f.name, String(f.type), [...f.metadata]]),
      );
      expect([...a.schema.metadata]).toEqual([['k', 'v']]);
      const back = arrowBytesToTable(mine);
      expect(back.table.jsonKinds ?? {}).toEqual(table.jsonKinds);
      for (const c of table.columns) {
        const d = back.table.columns.find((x) => x.name === c.name);
        expect(d?.type).toBe(c.type === 'string' ? 'string' : c.type);
        const want = Array.from({ length: n }, (_, i) => valueAt(c, i));
        expect(Array.from({ length: n }, (_, i) => (d ? valueAt(d, i) : undefined))).toEqual(want);
      }
    });
  }
});

describe('Arrow file as segments', () => {
  const join = (segments: readonly Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(segments.reduce((n, x) => n + x.byteLength, 0));
    let at = 0;
    for (const x of segments) {
      out.set(x, at);
      at += x.byteLength;
    }
    return out;
  };
  for (const n of [0, 1, 9, 10_000]) {
    it(`joined, the segments are the file (${String(n)} rows)`, () => {
      const table = build(n);
      const options = { schemaMetadata: { k: 'v' } };
      const joined = join(tableToArrowSegments(table, options));
      const bytes = tableToArrowBytes(table, options);
      // Byte for byte but for the dictionary ids, which apache-arrow numbers afresh for each encoding.
      expect(joined.byteLength).toBe(bytes.byteLength);
      expect(arrowJsValues(joined)).toEqual(arrowJsValues(bytes));
      const fields = (b: Uint8Array): string[] =>
        tableFromIPC(b).schema.fields.map((f) => `${f.name}: ${String(f.type)}`);
      expect(fields(joined)).toEqual(fields(bytes));
      const back = arrowBytesToTable(joined);
      for (const c of table.columns) {
        const d = back.table.columns.find((x) => x.name === c.name);
        const want = Array.from({ length: n }, (_, i) => valueAt(c, i));
        expect(Array.from({ length: n }, (_, i) => (d ? valueAt(d, i) : undefined))).toEqual(want);
      }
    });
  }
  it("refers to the table's memory instead of copying it", () => {
    const table = build(10_000);
    const segments = tableToArrowSegments(table);
    const f = table.columns.find((c) => c.name === 'f');
    const id = table.columns.find((c) => c.name === 'id');
    if (f?.type !== 'float' || id?.type !== 'string' || !id.utf8) throw new Error('unexpected column types');
    const shares = (a: ArrayBufferView): boolean => segments.some((x) => x.buffer === a.buffer);
    expect(shares(f.values)).toBe(true);
    expect(shares(id.utf8.bytes)).toBe(true);
    const big = table.columns.find((c) => c.name === 'big');
    if (big?.type !== 'int' || !big.int64) throw new Error('expected an int column over int64 halves');
    expect(shares(big.int64)).toBe(true);
    const small = table.columns.find((c) => c.name === 'n');
    if (small?.type !== 'int' || !small.int32) throw new Error('expected an int column over int32 values');
    expect(shares(small.int32)).toBe(true);
    const fields = tableFromIPC(join(segments)).schema.fields.map((x) => `${x.name}: ${String(x.type)}`);
    expect(fields).toContain('n: Int32');
    expect(fields).toContain('big: Int64');
    // Small dictionaries: Int8 indices, with and without nulls.
    expect(fields.filter((f) => f.startsWith('s'))).toEqual([
      's: Dictionary<Int8, Utf8>',
      's2: Dictionary<Int8, Utf8>',
    ]);
  });
});
