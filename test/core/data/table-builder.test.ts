import { describe, expect, it } from 'vitest';
import { TableBuilder, valueAt } from '../../../src/core/data/table.js';

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
});
