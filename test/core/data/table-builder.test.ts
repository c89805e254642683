import { describe, expect, it } from 'vitest';
import {
  CodeBuffer,
  TableBuilder,
  Utf8Builder,
  isNull,
  takeRows,
  valueAt,
  type Column,
} from '../../../src/core/data/table.js';

describe('TableBuilder typed storage', () => {
  it('converts a column to strings when kinds stop fitting, printing earlier values as JSON', () => {
    const b = new TableBuilder();
    const rows = [{ m: 1, k: true }, { m: 'a' }, { m: true, k: 2 }, { m: 1.5, k: null }, { m: { z: [1] } }];
    for (const r of rows) b.addRow(r);
    const t = b.finish();
    const m = t.columns.find((c) => c.name === 'm')!;
    const k = t.columns.find((c) => c.name === 'k')!;
    expect(m.type).toBe('string');
    expect(rows.map((_, i) => valueAt(m, i))).toEqual(['1', 'a', 'true', '1.5', '{"z":[1]}']);
    expect(k.type).toBe('string');
    expect(rows.map((_, i) => valueAt(k, i))).toEqual(['true', null, '2', null, null]);
    expect(t.jsonKinds?.m).toEqual(['boolean', 'integer', 'number', 'string', 'object']);
  });

  it('grows past its initial capacity keeping values and nulls', () => {
    const b = new TableBuilder();
    const n = 5000;
    for (let i = 0; i < n; i++)
      b.addRow(i % 7 === 0 ? { x: i } : { x: i, y: i % 3 === 0 ? null : `s${i % 11}` });
    const t = b.finish();
    const x = t.columns.find((c) => c.name === 'x')!;
    const y = t.columns.find((c) => c.name === 'y')!;
    expect(x.type).toBe('int');
    for (let i = 0; i < n; i++) {
      expect(valueAt(x, i)).toBe(i);
      expect(valueAt(y, i)).toBe(i % 7 === 0 || i % 3 === 0 ? null : `s${i % 11}`);
    }
  });

  it('marks nulls that first appear late (after values, a reserve and regrowth) and only those', () => {
    const n = 9000;
    // Nulls of each column start at a different row: never, after reserve, before regrowth, at the last row.
    const firstNull: Record<string, number> = { f: n, i: 3000, b: 1500, s: n - 1 };
    const b = new TableBuilder();
    b.reserve(2000);
    const u = new Utf8Builder(16);
    for (let r = 0; r < n; r++) {
      const late = (name: string): boolean => r >= (firstNull[name] ?? n) && r % 5 === 0;
      b.addRow({
        f: r + 0.5,
        i: late('i') ? null : r,
        b: late('b') ? null : r % 2 === 0,
        s: late('s') || r === n - 1 ? null : `v${r % 4}`,
      });
      if (r >= 7000 && r % 3 === 0) u.pushNull();
      else u.push(`u${r}`);
    }
    const t = b.finish();
    for (const c of t.columns) {
      for (let r = 0; r < n; r++) {
        const expectNull = c.name === 's' ? r === n - 1 : r >= (firstNull[c.name] ?? n) && r % 5 === 0;
        expect(isNull(c, r)).toBe(expectNull);
      }
    }
    const f = t.columns.find((c) => c.name === 'f')!;
    expect(valueAt(f, n - 1)).toBe(n - 0.5);
    expect(t.jsonKinds?.f).toEqual(['number']);
    expect(t.jsonKinds?.i).toEqual(['null', 'integer']);
    const strings = u.finish();
    for (let r = 0; r < n; r++) expect(strings.valid[r]).toBe(r >= 7000 && r % 3 === 0 ? 0 : 1);
  });

  it('CodeBuffer keeps codes as narrow as they allow, widened in place', () => {
    const buf = new CodeBuffer();
    const want: number[] = [];
    const widths: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const code = i % 9 === 0 ? -1 : i;
      buf.push(code);
      want.push(code);
      if (i === 100 || i === 1000 || i === 40_000) widths.push(buf.finish().constructor.name);
    }
    expect(widths).toEqual(['Int8Array', 'Int16Array', 'Int32Array']);
    expect(Array.from(buf.finish())).toEqual(want);
  });

  it('keeps dictionary codes as narrow as the dictionary allows (Int8, Int16, Int32), widened in place', () => {
    const n = 120_000;
    // Distinct values appear slowly so that each column crosses its widths after many rows; nulls throughout.
    const value = (i: number, every: number): string | null =>
      i % 7 === 3 ? null : `v${String(Math.floor(i / every))}`;
    const b = new TableBuilder();
    for (let i = 0; i < n; i++)
      b.addRow({
        i8: value(i, 1000),
        i16: value(i, 100),
        i32: value(i, 3),
        ...(i === 5 ? { late: 'x' } : {}),
      });
    const t = b.finish();
    const width = (c: Column): string =>
      c.type !== 'string'
        ? c.type
        : c.narrowCodes
          ? c.narrowCodes.constructor.name
          : c.utf8
            ? 'utf8'
            : 'Int32Array';
    expect(t.columns.map(width)).toEqual(['Int8Array', 'Int16Array', 'Int32Array', 'Int8Array']);
    const want = { i8: 1000, i16: 100, i32: 3 };
    for (const [name, every] of Object.entries(want)) {
      const c = t.columns.find((x) => x.name === name)!;
      for (let i = 0; i < n; i++) expect(valueAt(c, i)).toBe(value(i, every));
      if (c.type === 'string' && c.narrowCodes) {
        expect(c.codes).toBeInstanceOf(Int32Array);
        expect(Array.from(c.codes.subarray(0, 20))).toEqual(Array.from(c.narrowCodes.subarray(0, 20)));
      }
    }
    // takeRows gives plain Int32 codes.
    const some = takeRows(t, [3, 119_999]);
    expect(some.columns.map((c) => (c.type === 'string' ? (c.narrowCodes ?? null) : 0))).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(some.columns.map((c) => valueAt(c, 1))).toEqual(['v119', 'v1199', 'v39999', null]);
  });

  it('keeps whole numbers exactly (int32, then int64 storage) and turns to float storage on a fraction, -0 or an unsafe integer', () => {
    const n = 3000;
    const wide = (i: number): number =>
      (i % 2 === 0 ? 1 : -1) * (2 ** 31 + i * 1_000_003) * (i % 3 === 0 ? 2 ** 20 : 1);
    const special: Record<string, unknown> = { frac: 0.25, negzero: -0, unsafe: 2 ** 53 + 2, stays: null };
    // Int32 storage that is widened (to int64 halves or float64, in place) after many rows.
    const narrow: Record<string, unknown> = {
      toWide: -(2 ** 40) - 7,
      toFrac: -0.5,
      toNegzero: -0,
      toNull: null,
    };
    const b = new TableBuilder();
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = { small: i - 1500, wide: wide(i) };
      for (const k of Object.keys(special)) row[k] = i === 2500 ? special[k] : i % 4 === 0 ? null : wide(i);
      for (const k of Object.keys(narrow))
        row[k] = i === 2500 ? narrow[k] : i % 5 === 0 ? null : 7 * i - 9000;
      b.addRow(row);
    }
    const t = b.finish();
    const col = (name: string): Column => t.columns.find((c) => c.name === name)!;
    for (let i = 0; i < n; i++) {
      expect(valueAt(col('small'), i)).toBe(i - 1500);
      expect(valueAt(col('wide'), i)).toBe(wide(i));
      for (const k of Object.keys(special)) {
        const want = i === 2500 ? special[k] : i % 4 === 0 ? null : wide(i);
        expect(Object.is(valueAt(col(k), i), want)).toBe(true);
      }
      for (const k of Object.keys(narrow)) {
        const want = i === 2500 ? narrow[k] : i % 5 === 0 ? null : 7 * i - 9000;
        expect(Object.is(valueAt(col(k), i), want)).toBe(true);
      }
    }
    const storage = (c: Column): string => ('int32' in c ? 'int32' : 'int64' in c ? 'int64' : '');
    expect(t.columns.map((c) => [c.name, c.type, storage(c)])).toEqual([
      ['small', 'int', 'int32'],
      ['wide', 'int', 'int64'],
      ['frac', 'float', ''],
      ['negzero', 'int', ''],
      ['unsafe', 'int', ''],
      ['stays', 'int', 'int64'],
      ['toWide', 'int', 'int64'],
      ['toFrac', 'float', ''],
      ['toNegzero', 'int', ''],
      ['toNull', 'int', 'int32'],
    ]);
    // takeRows does not carry the int64 halves / int32 values of the source rows along.
    const some = takeRows(t, [5, 1]);
    expect(some.columns.map(storage)).toEqual(Array(10).fill(''));
    expect(valueAt(some.columns[1]!, 0)).toBe(wide(5));
  });
});
