/**
 * Fast row-wise concatenation for tables that share column names and types (the usual case for the partitions
 * of one collection): typed arrays are copied and string dictionaries merged, with no per-value objects.
 * Tables that differ fall back to `concatTables` (which re-infers types through the TableBuilder).
 */
import { concatTables, type Column, type JsonKind, type StringColumn, type Table } from './table.js';

function sameShape(tables: readonly Table[]): boolean {
  const first = tables[0];
  if (!first) return true;
  return tables.every(
    (t) =>
      t.columns.length === first.columns.length &&
      t.columns.every((c, i) => {
        const f = first.columns[i];
        return f !== undefined && c.name === f.name && c.type === f.type;
      }),
  );
}

function concatStrings(name: string, parts: readonly StringColumn[], n: number): StringColumn {
  const codes = new Int32Array(n);
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  let offset = 0;
  for (const p of parts) {
    const remap = new Int32Array(p.dictionary.length);
    p.dictionary.forEach((s, j) => {
      let code = index.get(s);
      if (code === undefined) {
        code = dictionary.length;
        dictionary.push(s);
        index.set(s, code);
      }
      remap[j] = code;
    });
    for (let i = 0; i < p.length; i++) {
      const c = p.codes[i] ?? -1;
      codes[offset + i] = c < 0 ? -1 : (remap[c] ?? -1);
    }
    offset += p.length;
  }
  return { name, length: n, type: 'string', codes, dictionary };
}

export function concatRows(tables: readonly Table[]): Table {
  if (tables.length === 1 && tables[0]) return tables[0];
  if (tables.length === 0) return { rowCount: 0, columns: [] };
  if (!sameShape(tables)) return concatTables(tables);
  const n = tables.reduce((s, t) => s + t.rowCount, 0);
  const first = tables[0] ?? { rowCount: 0, columns: [] };
  const columns = first.columns.map((c0, ci): Column => {
    const parts = tables.map((t) => t.columns[ci] as Column);
    if (c0.type === 'string') return concatStrings(c0.name, parts as StringColumn[], n);
    const valid = new Uint8Array(n);
    const values = c0.type === 'bool' ? new Uint8Array(n) : new Float64Array(n);
    let offset = 0;
    for (const p of parts) {
      if (p.type === 'string') continue;
      values.set(p.values.subarray(0, p.length), offset);
      valid.set(p.valid.subarray(0, p.length), offset);
      offset += p.length;
    }
    return c0.type === 'bool'
      ? { name: c0.name, length: n, type: 'bool', values: values as Uint8Array, valid }
      : { name: c0.name, length: n, type: c0.type, values: values as Float64Array, valid };
  });
  // JSON kinds: the union per column, in the canonical order of the first table's lists plus any new ones.
  const kinds: Record<string, JsonKind[]> = {};
  let anyKinds = false;
  for (const t of tables) {
    if (!t.jsonKinds) continue;
    anyKinds = true;
    for (const [name, ks] of Object.entries(t.jsonKinds)) {
      const list = (kinds[name] ??= []);
      for (const k of ks) if (!list.includes(k)) list.push(k);
    }
  }
  const order: JsonKind[] = ['null', 'boolean', 'integer', 'number', 'string', 'object', 'array'];
  for (const name of Object.keys(kinds)) kinds[name] = order.filter((k) => kinds[name]?.includes(k));
  return anyKinds ? { rowCount: n, columns, jsonKinds: kinds } : { rowCount: n, columns };
}
