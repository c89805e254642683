import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  arrowBytesToTable,
  tableToArrowBytes,
  tableToArrowBytesViaArrowJs,
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
