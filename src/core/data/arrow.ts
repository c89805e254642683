/**
 * Table <-> Arrow IPC (file format). The curated partitions written by ingestion use this encoding; each field
 * carries the JSON kinds seen in the source as metadata (`jsonKinds`, comma-separated) and, optionally, a role.
 */
import {
  Bool,
  Data,
  Dictionary,
  Field,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table as ArrowTable,
  Type,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { columnBody, utf8Body, writeArrowFile, writeArrowSegments, type ColumnBody } from './arrow-file.js';
import {
  TableBuilder,
  utf8StringColumn,
  type Column,
  type JsonKind,
  type StringColumn,
  type Table,
} from './table.js';

export const JSON_KINDS_METADATA = 'jsonKinds';

/** Packs a 0/1 validity array into Arrow's LSB bitmap; returns null when every value is valid. */
function toBitmap(valid: Uint8Array, length: number): { bitmap: Uint8Array | null; nulls: number } {
  let nulls = 0;
  for (let i = 0; i < length; i++) if (valid[i] === 0) nulls++;
  if (nulls === 0) return { bitmap: null, nulls };
  const bitmap = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++)
    if (valid[i] !== 0) bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i & 7));
  return { bitmap, nulls };
}

const utf8Encoder = new TextEncoder();

/** A Utf8 vector built directly (one buffer, encodeInto): much faster than Arrow's generic builder. */
function utf8Vector(strings: readonly string[]): Vector<Utf8> {
  const offsets = new Int32Array(strings.length + 1);
  let size = 0;
  for (const s of strings) size += s.length;
  let bytes = new Uint8Array(Math.max(16, size + (size >> 3)));
  let at = 0;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i] ?? '';
    for (;;) {
      const r = utf8Encoder.encodeInto(s, bytes.subarray(at));
      if (r.read === s.length) {
        at += r.written;
        break;
      }
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + s.length * 3));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    offsets[i + 1] = at;
  }
  const data = makeData({
    type: new Utf8(),
    length: strings.length,
    nullCount: 0,
    valueOffsets: offsets,
    data: bytes.subarray(0, at),
  });
  return makeVector(data);
}

function columnData(c: Column): Data {
  const length = c.length;
  switch (c.type) {
    case 'float': {
      const { bitmap, nulls } = toBitmap(c.valid, length);
      return makeData({ type: new Float64(), length, nullCount: nulls, data: c.values, nullBitmap: bitmap });
    }
    case 'int': {
      const { bitmap, nulls } = toBitmap(c.valid, length);
      if (c.int32)
        return makeData({ type: new Int32(), length, nullCount: nulls, data: c.int32, nullBitmap: bitmap });
      const data = new BigInt64Array(length);
      // Little-endian two's complement halves, without a BigInt per value (exact for |v| ≤ 2^53).
      const words = new Int32Array(data.buffer);
      for (let i = 0; i < length; i++) {
        if (c.valid[i] === 0) continue;
        const v = c.values[i] ?? 0;
        const hi = Math.floor(v / 4294967296);
        words[2 * i] = (v - hi * 4294967296) | 0;
        words[2 * i + 1] = hi | 0;
      }
      return makeData({ type: new Int64(), length, nullCount: nulls, data, nullBitmap: bitmap });
    }
    case 'bool': {
      const { bitmap, nulls } = toBitmap(c.valid, length);
      const packed = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++)
        if (c.values[i] === 1) packed[i >> 3] = (packed[i >> 3] ?? 0) | (1 << (i & 7));
      return makeData({ type: new Bool(), length, nullCount: nulls, data: packed, nullBitmap: bitmap });
    }
    case 'string': {
      if (c.utf8) {
        // Plain strings: the builder's offsets and bytes are already Arrow's Utf8 layout.
        const { bitmap, nulls } = toBitmap(c.utf8.valid, length);
        return makeData({
          type: new Utf8(),
          length,
          nullCount: nulls,
          valueOffsets: c.utf8.offsets,
          data: c.utf8.bytes,
          nullBitmap: bitmap,
        });
      }
      const codes = c.narrowCodes ?? c.codes;
      let nullCodes = 0;
      for (let i = 0; i < length; i++) if ((codes[i] ?? -1) < 0) nullCodes++;
      // Without nulls the codes are the indices as they are (no copy); else nulls get index 0 under the bitmap.
      let data = codes.length === length ? codes : codes.subarray(0, length);
      let bitmap: Uint8Array | null = null;
      if (nullCodes > 0) {
        const valid = new Uint8Array(length);
        data = new (codes.constructor as Int32ArrayConstructor)(length);
        for (let i = 0; i < length; i++) {
          const code = codes[i] ?? -1;
          valid[i] = code >= 0 ? 1 : 0;
          data[i] = code >= 0 ? code : 0;
        }
        bitmap = toBitmap(valid, length).bitmap;
      }
      const nulls = nullCodes;
      const dictionary = utf8Vector(c.dictionary);
      return makeData({
        type: new Dictionary(new Utf8(), dictionaryIndexType(c)),
        length,
        nullCount: nulls,
        data,
        nullBitmap: bitmap,
        dictionary,
      });
    }
  }
}

/** Int8/Int16 indices for columns built with narrow codes (small dictionaries), else Int32. */
function dictionaryIndexType(c: StringColumn): Int8 | Int16 | Int32 {
  return c.narrowCodes instanceof Int8Array
    ? new Int8()
    : c.narrowCodes instanceof Int16Array
      ? new Int16()
      : new Int32();
}

function columnType(c: Column): DataType {
  switch (c.type) {
    case 'float':
      return new Float64();
    case 'int':
      // Int32 for columns ingestion built as int32 (all values fit); readers take any integer width.
      return c.int32 ? new Int32() : new Int64();
    case 'bool':
      return new Bool();
    case 'string':
      return c.utf8 ? new Utf8() : new Dictionary(new Utf8(), dictionaryIndexType(c));
  }
}

/**
 * Encodes a table as Arrow IPC file bytes. `fieldMetadata` adds per-column metadata (e.g. roles). Written in
 * place into one buffer (`writeArrowFile`); the result is what apache-arrow's `tableToIPC(…, 'file')` gives
 * for the same columns (`tableToArrowBytesViaArrowJs`, kept for comparison in tests).
 */
export function tableToArrowBytes(table: Table, options: ArrowEncodeOptions = {}): Uint8Array {
  const { fields, schemaMetadata, bodies, dictionaries } = arrowParts(table, options);
  return writeArrowFile(fields, schemaMetadata, table.rowCount, bodies, dictionaries);
}

/**
 * The same file as `tableToArrowBytes`, as consecutive segments that refer to the table's own memory where the
 * file holds an exact copy of it (see `writeArrowSegments`): most of the file is never copied, and the copy it
 * would be is never allocated. Do not change the table while the segments are in use.
 */
export function tableToArrowSegments(table: Table, options: ArrowEncodeOptions = {}): Uint8Array[] {
  const { fields, schemaMetadata, bodies, dictionaries } = arrowParts(table, options);
  return writeArrowSegments(fields, schemaMetadata, table.rowCount, bodies, dictionaries);
}

export interface ArrowEncodeOptions {
  readonly fieldMetadata?: Record<string, Record<string, string>>;
  readonly schemaMetadata?: Record<string, string>;
}

function arrowParts(
  table: Table,
  options: ArrowEncodeOptions,
): {
  fields: Field[];
  schemaMetadata: Map<string, string>;
  bodies: ColumnBody[];
  dictionaries: Map<number, ColumnBody>;
} {
  const fields: Field[] = [];
  const bodies: ColumnBody[] = [];
  const dictionaries = new Map<number, ColumnBody>();
  for (const c of table.columns) {
    const type = columnType(c);
    const meta = new Map<string, string>(Object.entries(options.fieldMetadata?.[c.name] ?? {}));
    const kinds = table.jsonKinds?.[c.name];
    if (kinds) meta.set(JSON_KINDS_METADATA, kinds.join(','));
    fields.push(new Field(c.name, type, true, meta));
    bodies.push(columnBody(c));
    if (c.type === 'string' && !c.utf8 && type instanceof Dictionary)
      dictionaries.set(type.id, utf8Body(c.dictionary));
  }
  return {
    fields,
    schemaMetadata: new Map(Object.entries(options.schemaMetadata ?? {})),
    bodies,
    dictionaries,
  };
}

/** The same encoding through apache-arrow's writer (builds intermediate arrays and joins them at the end). */
export function tableToArrowBytesViaArrowJs(
  table: Table,
  options: {
    fieldMetadata?: Record<string, Record<string, string>>;
    schemaMetadata?: Record<string, string>;
  } = {},
): Uint8Array {
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const c of table.columns) {
    const data = columnData(c);
    const meta = new Map<string, string>(Object.entries(options.fieldMetadata?.[c.name] ?? {}));
    const kinds = table.jsonKinds?.[c.name];
    if (kinds) meta.set(JSON_KINDS_METADATA, kinds.join(','));
    fields.push(new Field(c.name, data.type, true, meta));
    children.push(data);
  }
  const schema = new Schema(fields, new Map(Object.entries(options.schemaMetadata ?? {})));
  const structData = makeData({
    type: new Struct(fields),
    length: table.rowCount,
    nullCount: 0,
    children,
  });
  const batch = new RecordBatch(schema, structData);
  return tableToIPC(new ArrowTable(schema, [batch]), 'file');
}

function readNumeric(vector: Vector, into: Float64Array, valid: Uint8Array, offset: number): void {
  for (let i = 0; i < vector.length; i++) {
    const v: unknown = vector.get(i);
    if (v === null || v === undefined) continue;
    const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(v);
    into[offset + i] = n;
    valid[offset + i] = 1;
  }
}

function isIntType(t: DataType): boolean {
  return t.typeId === Type.Int;
}
function isFloatType(t: DataType): boolean {
  return t.typeId === Type.Float;
}

/** Decodes Arrow IPC (file or stream) bytes into a table, keeping the JSON kinds metadata when present. */
export function arrowBytesToTable(bytes: Uint8Array): {
  table: Table;
  schemaMetadata: Record<string, string>;
} {
  const arrow = tableFromIPC(bytes);
  const rowCount = arrow.numRows;
  const columns: Column[] = [];
  const jsonKinds: Record<string, JsonKind[]> = {};
  for (const field of arrow.schema.fields) {
    // Fields come from the table's own schema, so the child always exists.
    const vector = arrow.getChildAt(arrow.schema.fields.indexOf(field)) as Vector;
    const kinds = field.metadata.has(JSON_KINDS_METADATA)
      ? field.metadata.get(JSON_KINDS_METADATA)
      : undefined;
    if (kinds !== undefined) jsonKinds[field.name] = kinds.split(',').filter((k) => k !== '') as JsonKind[];
    const t = field.type as DataType;
    if (isIntType(t) || isFloatType(t)) {
      const values = new Float64Array(rowCount);
      const valid = new Uint8Array(rowCount);
      readNumeric(vector, values, valid, 0);
      columns.push({
        name: field.name,
        length: rowCount,
        type: isIntType(t) ? 'int' : 'float',
        values,
        valid,
      });
    } else if (t.typeId === Type.Bool) {
      const values = new Uint8Array(rowCount);
      const valid = new Uint8Array(rowCount);
      for (let i = 0; i < rowCount; i++) {
        const v: unknown = vector.get(i);
        if (v === null || v === undefined) continue;
        values[i] = v === true ? 1 : 0;
        valid[i] = 1;
      }
      columns.push({ name: field.name, length: rowCount, type: 'bool', values, valid });
    } else if (t.typeId === Type.Utf8 && vector.data.length === 1 && vector.data[0]?.offset === 0) {
      // Plain strings stay plain (copied out of the IPC buffer so that it can be freed).
      const chunk = vector.data[0];
      const offsets = new Int32Array(rowCount + 1);
      offsets.set((chunk.valueOffsets as Int32Array).subarray(0, rowCount + 1));
      const start = offsets[0] ?? 0;
      const bytes = (chunk.values as Uint8Array).slice(start, offsets[rowCount] ?? start);
      if (start !== 0) for (let i = 0; i <= rowCount; i++) offsets[i] = (offsets[i] ?? 0) - start;
      const valid = new Uint8Array(rowCount);
      for (let i = 0; i < rowCount; i++) valid[i] = chunk.getValid(i) ? 1 : 0;
      columns.push(utf8StringColumn(field.name, { offsets, bytes, valid }));
    } else if (t.typeId === Type.Dictionary || t.typeId === Type.Utf8 || t.typeId === Type.LargeUtf8) {
      const codes = new Int32Array(rowCount);
      const dictionary: string[] = [];
      const index = new Map<string, number>();
      let offset = 0;
      for (const chunk of vector.data) {
        if (t.typeId === Type.Dictionary && chunk.dictionary) {
          // Remap each chunk's dictionary into one; codes stay integers, no per-row string work.
          const dict = chunk.dictionary;
          const remap = new Int32Array(dict.length);
          for (let j = 0; j < dict.length; j++) {
            const s = String(dict.get(j));
            let code = index.get(s);
            if (code === undefined) {
              code = dictionary.length;
              dictionary.push(s);
              index.set(s, code);
            }
            remap[j] = code;
          }
          const raw = chunk.values as Int32Array;
          for (let i = 0; i < chunk.length; i++) {
            codes[offset + i] = chunk.getValid(i) ? (remap[raw[i] ?? 0] ?? -1) : -1;
          }
        } else {
          const vec = vector.data.length === 1 ? vector : null;
          for (let i = 0; i < chunk.length; i++) {
            const v: unknown = vec ? vec.get(i) : vector.get(offset + i);
            if (v === null || v === undefined) {
              codes[offset + i] = -1;
              continue;
            }
            const s = typeof v === 'string' ? v : JSON.stringify(v);
            let code = index.get(s);
            if (code === undefined) {
              code = dictionary.length;
              dictionary.push(s);
              index.set(s, code);
            }
            codes[offset + i] = code;
          }
        }
        offset += chunk.length;
      }
      columns.push({ name: field.name, length: rowCount, type: 'string', codes, dictionary });
    } else {
      // Other Arrow types (timestamps, dates, nested): go through JSON values and let the builder infer.
      const builder = new TableBuilder();
      for (let i = 0; i < rowCount; i++) {
        const v: unknown = vector.get(i);
        const plain =
          v instanceof Date
            ? v.toISOString()
            : typeof v === 'bigint'
              ? Number(v)
              : v !== null && typeof v === 'object'
                ? JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x))
                : v;
        builder.addRow({ [field.name]: plain });
      }
      const built = builder.finish().columns[0];
      if (built) columns.push(built);
    }
  }
  const schemaMetadata = Object.fromEntries(arrow.schema.metadata);
  return {
    table: Object.keys(jsonKinds).length > 0 ? { rowCount, columns, jsonKinds } : { rowCount, columns },
    schemaMetadata,
  };
}
