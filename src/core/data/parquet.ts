/**
 * Parquet → Table through hyparquet (pure JavaScript, no native code). Column types come from the Parquet
 * schema, not from the values, so a DOUBLE column of whole numbers stays float: INT32/INT64 → int,
 * FLOAT/DOUBLE → float, BOOLEAN → bool, everything else (strings, dates, timestamps, nested) → string
 * (timestamps as ISO text, nested values as JSON), which is how the rest of the core treats them.
 */
import { parquetMetadata, parquetReadObjects, type SchemaElement } from 'hyparquet';
import { cellsToColumn } from './csv.js';
import type { Column, Table } from './table.js';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : bytes.slice().buffer;
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

function jsonText(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x: unknown) => plain(x));
}

function numericKind(el: SchemaElement): 'int' | 'float' | 'bool' | 'other' {
  // Logical/converted types that change meaning (decimals, dates, timestamps) are not plain numbers.
  const converted = el.converted_type;
  const logical = el.logical_type?.type;
  if (el.type === 'BOOLEAN') return 'bool';
  if (el.type === 'FLOAT' || el.type === 'DOUBLE') return 'float';
  if (el.type === 'INT32' || el.type === 'INT64') {
    if (converted === 'DECIMAL' || logical === 'DECIMAL') return 'float';
    if (
      converted === undefined ||
      converted.startsWith('INT_') ||
      converted.startsWith('UINT_') ||
      logical === 'INTEGER'
    )
      return 'int';
  }
  return 'other';
}

export async function parquetBytesToTable(bytes: Uint8Array): Promise<Table> {
  const file = toArrayBuffer(bytes);
  const metadata = parquetMetadata(file);
  const rows = await parquetReadObjects({ file, metadata });
  const n = rows.length;
  // Top-level fields are the root's direct children; walk the flattened schema to find them.
  const schema = metadata.schema;
  const top: SchemaElement[] = [];
  let i = 1;
  const skipSubtree = (): void => {
    const el = schema[i];
    i++;
    for (let c = 0; c < (el?.num_children ?? 0); c++) skipSubtree();
  };
  while (i < schema.length) {
    const el = schema[i];
    if (el) top.push(el);
    skipSubtree();
  }
  const columns: Column[] = top.map((el) => {
    const name = el.name;
    const kind = (el.num_children ?? 0) > 0 ? 'other' : numericKind(el);
    if (kind === 'int' || kind === 'float' || kind === 'bool') {
      const values = kind === 'bool' ? new Uint8Array(n) : new Float64Array(n);
      const valid = new Uint8Array(n);
      for (let r = 0; r < n; r++) {
        const v: unknown = rows[r]?.[name];
        if (v === null || v === undefined) continue;
        values[r] = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
        valid[r] = 1;
      }
      return kind === 'bool'
        ? { name, length: n, type: 'bool', values: values as Uint8Array, valid }
        : { name, length: n, type: kind, values: values as Float64Array, valid };
    }
    const cells = rows.map((row) => {
      const v: unknown = row[name];
      return v === null || v === undefined ? null : jsonText(plain(v));
    });
    return cellsToColumn(name, cells, { inferTypes: false, emptyAsString: true });
  });
  return { rowCount: n, columns };
}
