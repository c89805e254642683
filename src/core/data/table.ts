/**
 * The column table every part of the core speaks: ingestion produces it, readers produce it, metrics consume it.
 * Values live in typed arrays (no per-value objects) so that metrics over millions of rows stay fast and small.
 */

/** JSON value kinds seen in source data; recorded per column so type errors can be judged later. */
export type JsonKind = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'object' | 'array';

interface ColumnBase {
  readonly name: string;
  readonly length: number;
}

/**
 * Numbers. `int` columns hold whole numbers only (exact up to 2^53). `valid[i] === 0` marks a null. An `int`
 * column built by `TableBuilder` may carry `int64` (made by `int64Column`): the values as little-endian int64
 * halves (`int64[2i]` low, `int64[2i + 1]` high 32 bits; 0 under nulls), Arrow's Int64 layout, which the Arrow
 * encoder refers to as it is; `values` is then derived from it on first access. A column whose values all fit
 * in int32 carries `int32` instead (made by `int32Column`, written to Arrow as Int32: half the bytes).
 */
export interface NumberColumn extends ColumnBase {
  readonly type: 'float' | 'int';
  readonly values: Float64Array;
  readonly valid: Uint8Array;
  readonly int64?: Int32Array;
  /** Like `int64`, for a column whose values all fit in int32: Arrow's Int32 layout (0 under nulls). */
  readonly int32?: Int32Array;
}

/**
 * Strings; `codes[i] === -1` marks a null. Objects and arrays are stored as JSON text. Usually dictionary-encoded
 * (`codes` into `dictionary`). High-cardinality columns (ids) are built as plain UTF-8 instead (`utf8` present,
 * made by `utf8StringColumn`): hashing a million distinct strings costs more than the column is worth, and
 * Arrow stores them as a plain Utf8 vector. Such a column still offers `codes` and `dictionary`, derived on
 * first use, so consumers that only know the dictionary form keep working; `valueAt`, `isNull`, `takeRows` and
 * the Arrow encoder read `utf8` directly.
 */
export interface StringColumn extends ColumnBase {
  readonly type: 'string';
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
  readonly utf8?: Utf8Strings;
  /**
   * The codes in a narrower type (made by `narrowStringColumn`: small dictionaries built by `TableBuilder`), which
   * the Arrow encoder writes as Int8/Int16 dictionary indices; `codes` is then derived from it on first access.
   */
  readonly narrowCodes?: Int8Array | Int16Array;
}

/** Plain strings in Arrow's Utf8 layout: value i is UTF-8 `bytes[offsets[i]..offsets[i + 1])`, null where `valid[i] === 0`. */
export interface Utf8Strings {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
  readonly valid: Uint8Array;
}

/** Booleans as 0/1; `valid[i] === 0` marks a null. */
export interface BoolColumn extends ColumnBase {
  readonly type: 'bool';
  readonly values: Uint8Array;
  readonly valid: Uint8Array;
}

export type Column = NumberColumn | StringColumn | BoolColumn;
export type ColumnType = Column['type'];

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
  /** Per column, the JSON kinds seen in the source (absent for sources without JSON, e.g. CSV). */
  readonly jsonKinds?: Readonly<Record<string, readonly JsonKind[]>>;
}

export function getColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function columnNames(table: Table): string[] {
  return table.columns.map((c) => c.name);
}

export function isNull(column: Column, row: number): boolean {
  if (column.type !== 'string') return column.valid[row] === 0;
  return column.utf8 ? column.utf8.valid[row] === 0 : column.codes[row] === -1;
}

const utf8Decoder = new TextDecoder('utf-8');

/** String `i` of plain UTF-8 strings (null for a null). Short ASCII values skip the decoder's call overhead. */
export function utf8At(u: Utf8Strings, i: number): string | null {
  if (u.valid[i] !== 1) return null;
  const start = u.offsets[i] ?? 0;
  const end = u.offsets[i + 1] ?? start;
  const bytes = u.bytes;
  if (end - start <= 64) {
    let ascii = true;
    for (let k = start; k < end; k++) if ((bytes[k] ?? 0) >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  return utf8Decoder.decode(bytes.subarray(start, end));
}

/**
 * A string column over plain UTF-8 strings. `codes` and `dictionary` are computed on first access (first-seen
 * order, as a dictionary column would have them) and kept.
 */
export function utf8StringColumn(name: string, utf8: Utf8Strings): StringColumn {
  let codes: Int32Array | undefined;
  let dictionary: string[] | undefined;
  const materialize = (): { codes: Int32Array; dictionary: string[] } => {
    if (codes && dictionary) return { codes, dictionary };
    const dict = new StringDictionary();
    const n = utf8.valid.length;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const s = utf8At(utf8, i);
      out[i] = s === null ? -1 : dict.code(s);
    }
    codes = out;
    dictionary = dict.values;
    return { codes, dictionary };
  };
  return {
    name,
    length: utf8.valid.length,
    type: 'string',
    utf8,
    get codes(): Int32Array {
      return materialize().codes;
    },
    get dictionary(): readonly string[] {
      return materialize().dictionary;
    },
  };
}

/**
 * An `int` column stored as `storage` (int32 values or int64 halves); `values` (float64) is filled from it on first
 * access and kept, so that ingestion never writes the float64 copy.
 */
function storedIntColumn(
  name: string,
  valid: Uint8Array,
  storage: Pick<NumberColumn, 'int32' | 'int64'>,
  fill: (values: Float64Array) => void,
): NumberColumn {
  let values: Float64Array | undefined;
  return {
    name,
    length: valid.length,
    type: 'int',
    ...storage,
    valid,
    get values(): Float64Array {
      if (!values) {
        values = new Float64Array(valid.length);
        fill(values);
      }
      return values;
    },
  };
}

/** An `int` column over int64 halves (see `NumberColumn`); `values` is computed on first access and kept. */
export function int64Column(name: string, int64: Int32Array, valid: Uint8Array): NumberColumn {
  return storedIntColumn(name, valid, { int64 }, (values) => {
    for (let i = 0; i < values.length; i++)
      values[i] = (int64[2 * i + 1] ?? 0) * 4294967296 + ((int64[2 * i] ?? 0) >>> 0);
  });
}

/** A dictionary column over narrow codes (see `StringColumn`); `codes` is computed on first access and kept. */
export function narrowStringColumn(
  name: string,
  narrowCodes: Int8Array | Int16Array,
  dictionary: readonly string[],
): StringColumn {
  let codes: Int32Array | undefined;
  return {
    name,
    length: narrowCodes.length,
    type: 'string',
    narrowCodes,
    dictionary,
    get codes(): Int32Array {
      return (codes ??= Int32Array.from(narrowCodes));
    },
  };
}

/** An `int` column over int32 values (see `NumberColumn`); `values` is computed on first access and kept. */
export function int32Column(name: string, int32: Int32Array, valid: Uint8Array): NumberColumn {
  return storedIntColumn(name, valid, { int32 }, (values) => {
    for (let i = 0; i < values.length; i++) values[i] = int32[i] ?? 0;
  });
}

/** The value at `row` as a plain JS value (null for nulls). For display and joins, not hot loops. */
export function valueAt(column: Column, row: number): number | string | boolean | null {
  switch (column.type) {
    case 'string': {
      if (column.utf8) return utf8At(column.utf8, row);
      const code = column.codes[row] ?? -1;
      return code < 0 ? null : (column.dictionary[code] ?? null);
    }
    case 'bool':
      return column.valid[row] === 0 ? null : column.values[row] === 1;
    default:
      return column.valid[row] === 0 ? null : (column.values[row] ?? null);
  }
}

/** The value at `row` as a string key (categorical identity; null → null). Numbers print as JS does. */
export function keyAt(column: Column, row: number): string | null {
  const v = valueAt(column, row);
  return v === null ? null : String(v);
}

/** A table with only the rows whose index is listed (in that order). */
export function takeRows(table: Table, rows: Int32Array | readonly number[]): Table {
  const n = rows.length;
  const columns = table.columns.map((c): Column => {
    if (c.type === 'string' && c.utf8) return utf8StringColumn(c.name, takeUtf8(c.utf8, rows));
    if (c.type === 'string') {
      const codes = new Int32Array(n);
      const from = c.codes;
      for (let i = 0; i < n; i++) codes[i] = from[rows[i] ?? 0] ?? -1;
      // Not a spread of `c`: narrow codes must not come along.
      return { name: c.name, length: n, type: 'string', codes, dictionary: c.dictionary };
    }
    const values = c.type === 'bool' ? new Uint8Array(n) : new Float64Array(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i] ?? 0;
      values[i] = c.values[r] ?? 0;
      valid[i] = c.valid[r] ?? 0;
    }
    // Not a spread of `c`: an int column's `int64` / `int32` must not come along.
    return c.type === 'bool'
      ? { name: c.name, length: n, type: 'bool', values: values as Uint8Array, valid }
      : { name: c.name, length: n, type: c.type, values: values as Float64Array, valid };
  });
  return table.jsonKinds ? { rowCount: n, columns, jsonKinds: table.jsonKinds } : { rowCount: n, columns };
}

function takeUtf8(u: Utf8Strings, rows: Int32Array | readonly number[]): Utf8Strings {
  const out = new Utf8Builder();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (u.valid[r] === 1) out.pushBytes(u.bytes, u.offsets[r] ?? 0, u.offsets[r + 1] ?? 0);
    else out.pushNull();
  }
  return out.finish();
}

/** A table with only the named columns (unknown names are ignored). */
export function selectColumns(table: Table, names: readonly string[]): Table {
  const columns = names.flatMap((n) => {
    const c = getColumn(table, n);
    return c ? [c] : [];
  });
  return table.jsonKinds
    ? { rowCount: table.rowCount, columns, jsonKinds: table.jsonKinds }
    : { rowCount: table.rowCount, columns };
}

/** Rows of several tables with possibly different columns, stacked; a column missing from a table is null there. */
export function concatTables(tables: readonly Table[]): Table {
  if (tables.length === 1 && tables[0]) return tables[0];
  const builder = new TableBuilder();
  for (const t of tables) builder.appendTable(t);
  return builder.finish();
}

const KIND_BITS: Record<JsonKind, number> = {
  null: 1,
  boolean: 2,
  integer: 4,
  number: 8,
  string: 16,
  object: 32,
  array: 64,
};
const ALL_KINDS = Object.keys(KIND_BITS) as JsonKind[];
// The same bits as constants, for the hot path.
const K_BOOLEAN = 2;
const K_INTEGER = 4;
const K_NUMBER = 8;
const K_STRING = 16;

function kindBit(value: unknown): number {
  return KIND_BITS[kindOf(value)];
}

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    default:
      return Array.isArray(value) ? 'array' : 'object';
  }
}

/**
 * Interns strings into a dictionary (first-seen order) and returns their codes. Shared by the column builder and
 * ingestion's metadata columns.
 */
export class StringDictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(s);
      this.index.set(s, c);
    }
    return c;
  }
}

/** Dictionary codes (-1 = null) in the narrowest of Int8, Int16, Int32 that holds them. */
export type Codes = Int8Array | Int16Array | Int32Array;

/** A `Codes` array of `rows` rows, as wide as `from`, starting with `from`; its buffer has the Int32 size. */
function codesLike(from: Codes, rows: number): Codes {
  const buffer = new ArrayBuffer(rows * 4);
  const codes =
    from instanceof Int8Array
      ? new Int8Array(buffer, 0, rows)
      : from instanceof Int16Array
        ? new Int16Array(buffer, 0, rows)
        : new Int32Array(buffer, 0, rows);
  codes.set(from);
  return codes;
}

/**
 * The first `n` codes one width wider (Int8 → Int16 → Int32), in place in the Int32-size buffer made by
 * `codesLike`: backwards, so each code is read before its bytes are overwritten. Untouched bytes cost no memory.
 */
function widerCodes(from: Codes, n: number): Int16Array | Int32Array {
  const rows = (from.buffer.byteLength - from.byteOffset) >> 2;
  const wide =
    from instanceof Int8Array
      ? new Int16Array(from.buffer, from.byteOffset, rows)
      : new Int32Array(from.buffer, from.byteOffset, rows);
  for (let i = n - 1; i >= 0; i--) wide[i] = from[i] ?? -1;
  return wide;
}

/** The largest code `codes` can hold. */
function codeMaxOf(codes: Codes): number {
  return codes instanceof Int8Array ? 127 : codes instanceof Int16Array ? 32767 : 2147483647;
}

/** Growable dictionary codes (-1 = null), as narrow as the codes pushed so far allow (see `Codes`). */
export class CodeBuffer {
  private buf: Codes = new Int8Array(new ArrayBuffer(4096), 0, 1024);
  private max = 127;
  length = 0;

  push(code: number): void {
    if (this.length === this.buf.length)
      this.buf = codesLike(this.buf.subarray(0, this.length), this.length * 2);
    if (code > this.max) {
      this.buf = widerCodes(this.buf, this.length);
      this.max = codeMaxOf(this.buf);
    }
    this.buf[this.length++] = code;
  }

  /** Room for `rows` codes in all (an expected size), so that pushing them never regrows the buffer. */
  reserve(rows: number): void {
    if (rows <= this.buf.length) return;
    this.buf = codesLike(this.buf.subarray(0, this.length), rows);
  }

  /** The codes, trimmed to length: a view, not a copy (copying would write the column into fresh memory again). */
  finish(): Codes {
    return this.buf.length === this.length ? this.buf : this.buf.subarray(0, this.length);
  }
}

/** A dictionary column over `codes` of any width (narrow ones give a `narrowStringColumn`). */
export function codesStringColumn(name: string, codes: Codes, dictionary: readonly string[]): StringColumn {
  return codes instanceof Int32Array
    ? { name, length: codes.length, type: 'string', codes, dictionary }
    : narrowStringColumn(name, codes, dictionary);
}

/** The shared all-ones mask behind `allValid` (grown, never written after filling). */
let ones = new Uint8Array(0);

/**
 * A validity mask of `n` ones, shared by every null-free column the builders finish: a column with no null does
 * not write (and fault in) a mask of its own. Columns' `valid` arrays are read-only throughout the code base; this
 * one must never be written.
 */
export function allValid(n: number): Uint8Array {
  if (ones.length < n) {
    ones = new Uint8Array(Math.max(n, ones.length * 2, 1024)).fill(1);
    onesBuffers.add(ones.buffer);
  }
  return ones.subarray(0, n);
}

/** Every buffer `allValid` made (earlier ones stay in use by the columns that got them). */
const onesBuffers = new WeakSet<ArrayBufferLike>();

/** True when `valid` is an `allValid` mask: no nulls, known without reading it. */
export function isAllValid(valid: Uint8Array): boolean {
  return onesBuffers.has(valid.buffer);
}

/**
 * A builder's validity mask, made at its first null: all ones up to the capacity (the rows before are valid, and
 * valid values pushed later need not write theirs); the builder then writes only its nulls.
 */
function firstNullMask(capacity: number): Uint8Array {
  return new Uint8Array(capacity).fill(1);
}

/** `mask` grown to `capacity`, the new part valid. */
function growMask(mask: Uint8Array, capacity: number): Uint8Array {
  const next = new Uint8Array(capacity);
  next.set(mask.subarray(0, Math.min(mask.length, capacity)));
  if (capacity > mask.length) next.fill(1, mask.length);
  return next;
}

/**
 * Bytes to reserve for `rows` plain strings when `n` took `bytes` so far: generous (values later in a blob are
 * often longer: growing ids, counters), because reserved bytes that are never written are never touched, so
 * cost no memory, while an underestimate regrows the buffer, copying it into fresh memory.
 */
export function utf8ReserveBytes(bytes: number, n: number, rows: number): number {
  return Math.ceil((bytes / Math.max(1, n)) * rows * 1.25) + 4 * rows + 64;
}

const utf8Encoder = new TextEncoder();

/**
 * Growable plain UTF-8 strings (Arrow Utf8 layout). Values are written as bytes straight away, so no JS string
 * stays alive per value and nothing is hashed.
 */
export class Utf8Builder {
  private offsets: Int32Array;
  private bytes: Uint8Array;
  /** Created at the first null (ones ahead, see `firstNullMask`); until then every value is valid. */
  private valid: Uint8Array | undefined;
  /** Rows the offsets have room for. */
  private cap: number;
  private at = 0;
  private n = 0;

  constructor(rows = 1024, bytes = rows * 16) {
    this.offsets = new Int32Array(rows + 1);
    this.cap = rows;
    this.bytes = new Uint8Array(Math.max(64, bytes));
  }

  get length(): number {
    return this.n;
  }

  private resizeRows(rows: number): void {
    const offsets = new Int32Array(rows + 1);
    offsets.set(this.offsets.subarray(0, this.n + 1));
    this.offsets = offsets;
    this.cap = rows;
    if (this.valid) this.valid = growMask(this.valid, rows);
  }

  private growRows(rows: number): void {
    let next = Math.max(64, this.cap);
    while (next < rows) next *= 2;
    this.resizeRows(next);
  }

  private growBytes(size: number): void {
    let next = Math.max(64, this.bytes.length);
    while (next < size) next *= 2;
    const bytes = new Uint8Array(next);
    bytes.set(this.bytes.subarray(0, this.at));
    this.bytes = bytes;
  }

  get byteLength(): number {
    return this.at;
  }

  /** Room for `rows` values and `bytes` bytes in all (expected sizes), so that pushing them never regrows. */
  reserve(rows: number, bytes: number): void {
    if (rows > this.cap) this.resizeRows(rows);
    if (bytes > this.bytes.length) {
      const next = new Uint8Array(bytes);
      next.set(this.bytes.subarray(0, this.at));
      this.bytes = next;
    }
  }

  /** Writes `s` at the byte cursor (room for 3 bytes per UTF-16 unit must have been made). */
  private write(s: string): void {
    const len = s.length;
    const bytes = this.bytes;
    let at = this.at;
    if (len <= 64) {
      let k = 0;
      for (; k < len; k++) {
        const c = s.charCodeAt(k);
        if (c >= 0x80) break;
        bytes[at + k] = c;
      }
      if (k === len) {
        this.at = at + len;
        return;
      }
      at += k;
      this.at = at + utf8Encoder.encodeInto(s.slice(k), bytes.subarray(at)).written;
      return;
    }
    this.at = at + utf8Encoder.encodeInto(s, bytes.subarray(at)).written;
  }

  private end(): void {
    this.offsets[++this.n] = this.at;
  }

  push(s: string): void {
    if (this.n === this.cap) this.growRows(this.n + 1);
    if (this.at + s.length * 3 > this.bytes.length) this.growBytes(this.at + s.length * 3);
    this.write(s);
    this.end();
  }

  /** Pushes `${s}_${index}` (MDC correlation ids) without building the string. */
  pushWithIndex(s: string, index: number): void {
    if (this.n === this.cap) this.growRows(this.n + 1);
    if (this.at + s.length * 3 + 17 > this.bytes.length) this.growBytes(this.at + s.length * 3 + 17);
    this.write(s);
    const bytes = this.bytes;
    bytes[this.at++] = 0x5f; // '_'
    if (index < 10) bytes[this.at++] = 0x30 + index;
    else this.write(String(index));
    this.end();
  }

  /** Pushes `bytes[start..end)`, already UTF-8. */
  pushBytes(src: Uint8Array, start: number, end: number): void {
    if (this.n === this.cap) this.growRows(this.n + 1);
    if (this.at + end - start > this.bytes.length) this.growBytes(this.at + end - start);
    this.bytes.set(src.subarray(start, end), this.at);
    this.at += end - start;
    this.end();
  }

  pushNull(): void {
    if (this.n === this.cap) this.growRows(this.n + 1);
    (this.valid ??= firstNullMask(this.cap))[this.n] = 0;
    this.end();
  }

  /** Views trimmed to length (no copy: copying would double the column at the peak). */
  finish(): Utf8Strings {
    const n = this.n;
    return {
      offsets: this.offsets.subarray(0, n + 1),
      bytes: this.bytes.subarray(0, this.at),
      valid: this.valid ? this.valid.subarray(0, n) : allValid(n),
    };
  }
}

const enum Mode {
  Empty,
  /** Whole numbers that fit in int32 only, stored as int32 (Arrow's Int32 layout); see `ColumnBuilder`. */
  Int32,
  /** Whole numbers only, stored as int64 halves (Arrow's Int64 layout); see `ColumnBuilder`. */
  Int,
  Num,
  Bool,
  Str,
  /** Plain UTF-8 (high cardinality); see `ColumnBuilder`. */
  Utf8,
}

/** A dictionary column is checked for high cardinality when its dictionary reaches this size, then at each doubling. */
const PLAIN_CHECK_FIRST = 4096;

/**
 * Builds one column from JSON values of any kind, straight into typed arrays (no per-value boxes kept alive, which
 * is what makes ingesting millions of rows cheap). The storage follows the kinds seen so far and is converted
 * once when they stop fitting: only integers → int; numbers (with or without integers) → float; only booleans →
 * bool; anything else → string (numbers and booleans printed, objects and arrays as JSON text), as Spark's JSON
 * reader would infer.
 */
export class ColumnBuilder {
  private mode: Mode = Mode.Empty;
  private nums = new Float64Array(0);
  /**
   * Int mode: value i as little-endian int64, `ints[2i]` low and `ints[2i + 1]` high 32 bits. Int32 mode: value
   * i at `ints[i]`, in an array of the int64 size whose upper half is never touched (untouched pages cost no
   * memory), so that widening to int64 halves or float64 happens in place.
   */
  private ints = new Int32Array(0);
  private bools = new Uint8Array(0);
  /**
   * Validity, created at the first null (with ones written ahead up to the capacity, so valid values write
   * nothing); a column without nulls never has one of its own (`allValid` at `finish`).
   */
  private valid: Uint8Array | undefined;
  /** Rows the typed arrays have room for. */
  private cap = 0;
  /**
   * Dictionary codes, as narrow as the dictionary allows: Int8 up to 127 entries, then Int16, then Int32, in
   * an array of the Int32 size whose untouched part costs no memory, so widening happens in place.
   */
  private codes: Codes = new Int8Array(0);
  /** The largest code `codes` can hold. */
  private codeMax = 127;
  private dict: StringDictionary | undefined;
  private utf8: Utf8Builder | undefined;
  /** Non-null values pushed while in dictionary mode, and the dictionary size at which to check cardinality. */
  private strings = 0;
  private nextCheck = PLAIN_CHECK_FIRST;
  /** Rows expected in all (`reserve`), 0 when unknown. */
  private reserved = 0;
  private kinds = 0;
  private n = 0;
  constructor(readonly name: string) {}

  get length(): number {
    return this.n;
  }

  /** Room for `capacity` rows: doubling, or exactly `capacity` when `exact` (a size known in advance). */
  private ensure(capacity: number, exact = false): void {
    if (this.mode === Mode.Utf8) return;
    const cap = this.cap;
    if (capacity <= cap) return;
    let next = Math.max(64, cap);
    while (next < capacity) next *= 2;
    if (exact) next = capacity;
    const n = this.n;
    this.cap = next;
    if (this.valid) this.valid = growMask(this.valid, next);
    if (this.mode === Mode.Num) {
      const nums = new Float64Array(next);
      nums.set(this.nums.subarray(0, n));
      this.nums = nums;
    } else if (this.mode === Mode.Int) {
      const ints = new Int32Array(2 * next);
      ints.set(this.ints.subarray(0, 2 * n));
      this.ints = ints;
    } else if (this.mode === Mode.Int32) {
      const ints = new Int32Array(2 * next);
      ints.set(this.ints.subarray(0, n));
      this.ints = ints;
    } else if (this.mode === Mode.Bool) {
      const bools = new Uint8Array(next);
      bools.set(this.bools.subarray(0, n));
      this.bools = bools;
    } else if (this.mode === Mode.Str) {
      this.codes = codesLike(this.codes.subarray(0, n), next);
    }
  }

  /** Makes room for `rows` rows at once (an expected size), so that pushing them never regrows the arrays. */
  reserve(rows: number): void {
    this.reserved = rows;
    const utf8 = this.utf8;
    if (utf8) utf8.reserve(rows, utf8ReserveBytes(utf8.byteLength, this.n, rows));
    else this.ensure(rows, true);
  }

  /** Whether row `i` (< length) is null. */
  private nullAt(i: number): boolean {
    return this.valid !== undefined && this.valid[i] === 0;
  }

  /** Marks rows `from..to` null. */
  private setNull(from: number, to: number): void {
    (this.valid ??= firstNullMask(this.cap)).fill(0, from, to);
  }

  /** Pad with nulls up to `length` rows (for columns that appear after the first row). */
  padTo(length: number): void {
    if (this.n < length) {
      this.kinds |= KIND_BITS.null;
      if (this.utf8) {
        while (this.utf8.length < length) this.utf8.pushNull();
        this.n = length;
        return;
      }
      this.ensure(length);
      if (this.mode === Mode.Str) this.codes.fill(-1, this.n, length);
      this.setNull(this.n, length);
      this.n = length;
    }
  }

  /**
   * Int mode → float storage, in place: value i's int64 halves occupy the bytes of its float64, so each is read
   * before it is overwritten and no new memory is touched.
   */
  private toFloat(): void {
    if (this.mode !== Mode.Int && this.mode !== Mode.Int32) return;
    const ints = this.ints;
    const nums = new Float64Array(ints.buffer, ints.byteOffset, ints.length >> 1);
    if (this.mode === Mode.Int32)
      // Backwards: float i covers int32 slots 2i and 2i + 1, which were read already (i ≥ 1) or are slot i's own.
      for (let i = this.n - 1; i >= 0; i--) nums[i] = ints[i] ?? 0;
    else
      for (let i = 0; i < this.n; i++)
        nums[i] = (ints[2 * i + 1] ?? 0) * 4294967296 + ((ints[2 * i] ?? 0) >>> 0);
    this.nums = nums;
    this.ints = new Int32Array(0);
    this.mode = Mode.Num;
  }

  /** Int32 mode → int64 halves, in place (backwards, as in `toFloat`). */
  private widen(): void {
    const ints = this.ints;
    for (let i = this.n - 1; i >= 0; i--) {
      const v = ints[i] ?? 0;
      ints[2 * i] = v;
      ints[2 * i + 1] = v >> 31;
    }
    this.mode = Mode.Int;
  }

  /** Stores a whole number in int or int32 mode; false when it does not fit there (not safe, or -0). */
  private putInt(i: number, value: number): boolean {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) return false;
    if (this.mode === Mode.Int32) {
      if ((value | 0) === value) {
        this.ints[i] = value;
        return true;
      }
      this.widen();
    }
    const hi = Math.floor(value / 4294967296);
    this.ints[2 * i] = (value - hi * 4294967296) | 0;
    this.ints[2 * i + 1] = hi | 0;
    return true;
  }

  /** The codes one width wider (see `widerCodes`). */
  private widenCodes(): void {
    this.codes = widerCodes(this.codes, this.n);
    this.codeMax = codeMaxOf(this.codes);
  }

  private toStr(): void {
    this.toFloat();
    const dict = new StringDictionary();
    this.codes = new Int8Array(new ArrayBuffer(this.cap * 4), 0, this.cap);
    this.codeMax = 127;
    for (let i = 0; i < this.n; i++) {
      let code = -1;
      if (this.nullAt(i)) code = -1;
      else if (this.mode === Mode.Num) code = dict.code(JSON.stringify(this.nums[i]));
      else if (this.mode === Mode.Bool) code = dict.code(this.bools[i] === 1 ? 'true' : 'false');
      if (code > this.codeMax) this.widenCodes();
      this.codes[i] = code;
      if (!this.nullAt(i)) this.strings++;
    }
    this.dict = dict;
    this.nums = new Float64Array(0);
    this.bools = new Uint8Array(0);
    this.mode = Mode.Str;
  }

  /**
   * Switches a dictionary column to plain UTF-8 when at least half of its values so far were distinct (ids,
   * free text): there the dictionary saves little space and costs a hash lookup and a live string per value.
   */
  private checkCardinality(): void {
    const dict = this.dict;
    if (!dict || dict.values.length < this.nextCheck) return;
    this.nextCheck *= 2;
    if (dict.values.length * 2 < this.strings) return;
    const values = dict.values;
    let chars = 0;
    for (let i = 0; i < this.n; i++) chars += values[this.codes[i] ?? -1]?.length ?? 0;
    const rows = Math.max(this.reserved, this.n * 2, 1024);
    const utf8 = new Utf8Builder(rows, utf8ReserveBytes(chars, this.n, rows));
    for (let i = 0; i < this.n; i++) {
      const c = this.codes[i] ?? -1;
      if (this.nullAt(i) || c < 0) utf8.pushNull();
      else utf8.push(values[c] ?? '');
    }
    this.utf8 = utf8;
    this.dict = undefined;
    this.codes = new Int8Array(0);
    this.valid = undefined;
    // No typed arrays of its own any more; the Utf8Builder grows itself, so `push`'s fast path may always run.
    this.cap = Number.POSITIVE_INFINITY;
    this.mode = Mode.Utf8;
  }

  /**
   * Appends one value. The common cases (a number into a number column, a boolean into a bool column, a string
   * into a dictionary column) are kept small so that the compiler inlines them into the row loop.
   */
  push(value: unknown): void {
    const i = this.n;
    if (i < this.cap) {
      const mode = this.mode;
      if (typeof value === 'number') {
        if (mode === Mode.Num) {
          this.nums[i] = value;
          this.kinds |= Number.isInteger(value) ? K_INTEGER : K_NUMBER;
          this.n = i + 1;
          return;
        }
        // An int32 (not -0).
        if (mode === Mode.Int32 && (value | 0) === value && (value !== 0 || 1 / value > 0)) {
          this.ints[i] = value;
          this.kinds |= K_INTEGER;
          this.n = i + 1;
          return;
        }
        // An int32 (not -0) into int64 halves: the high half is its sign.
        if (mode === Mode.Int && (value | 0) === value && (value !== 0 || 1 / value > 0)) {
          this.ints[2 * i] = value;
          this.ints[2 * i + 1] = value >> 31;
          this.kinds |= K_INTEGER;
          this.n = i + 1;
          return;
        }
      } else if (typeof value === 'boolean') {
        if (mode === Mode.Bool) {
          this.bools[i] = value ? 1 : 0;
          this.kinds |= K_BOOLEAN;
          this.n = i + 1;
          return;
        }
      } else if (typeof value === 'string' && mode === Mode.Utf8 && this.utf8 !== undefined) {
        this.utf8.push(value);
        this.kinds |= K_STRING;
        this.n = i + 1;
        return;
      } else if (typeof value === 'string' && mode === Mode.Str && this.dict !== undefined) {
        const dict = this.dict;
        const code = dict.code(value);
        if (code > this.codeMax) this.widenCodes();
        this.codes[i] = code;
        this.kinds |= K_STRING;
        this.n = i + 1;
        this.strings++;
        if (dict.values.length >= this.nextCheck) this.checkCardinality();
        return;
      }
    }
    this.pushSlow(value);
  }

  private pushSlow(value: unknown): void {
    const utf8 = this.utf8;
    if (utf8) {
      this.n++;
      if (typeof value === 'string') {
        this.kinds |= KIND_BITS.string;
        utf8.push(value);
      } else if (value === null || value === undefined) {
        this.kinds |= KIND_BITS.null;
        utf8.pushNull();
      } else {
        this.kinds |= kindBit(value);
        utf8.push(JSON.stringify(value));
      }
      return;
    }
    const i = this.n;
    if (i === this.cap) this.ensure(i + 1);
    this.n = i + 1;
    if (value === null || value === undefined) {
      this.kinds |= KIND_BITS.null;
      this.setNull(i, i + 1);
      if (this.mode === Mode.Str) this.codes[i] = -1;
      return;
    }
    switch (typeof value) {
      case 'number':
        this.kinds |= Number.isInteger(value) ? KIND_BITS.integer : KIND_BITS.number;
        if (this.mode === Mode.Empty) {
          this.mode = Mode.Int32;
          this.ints = new Int32Array(2 * this.cap);
        }
        if (this.mode === Mode.Int || this.mode === Mode.Int32) {
          if (this.putInt(i, value)) return;
          this.toFloat();
        }
        if (this.mode === Mode.Num) {
          this.nums[i] = value;
          return;
        }
        break;
      case 'boolean':
        this.kinds |= KIND_BITS.boolean;
        if (this.mode === Mode.Empty) {
          this.mode = Mode.Bool;
          this.bools = new Uint8Array(this.cap);
        }
        if (this.mode === Mode.Bool) {
          this.bools[i] = value ? 1 : 0;
          return;
        }
        break;
      case 'string':
        this.kinds |= KIND_BITS.string;
        break;
      default:
        this.kinds |= Array.isArray(value) ? KIND_BITS.array : KIND_BITS.object;
    }
    if (this.mode !== Mode.Str) {
      this.n = i;
      this.toStr();
      this.n = i + 1;
    }
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    const code = (this.dict ??= new StringDictionary()).code(s);
    if (code > this.codeMax) this.widenCodes();
    this.codes[i] = code;
    this.strings++;
    if (this.dict.values.length >= this.nextCheck) this.checkCardinality();
  }

  seenKinds(): JsonKind[] {
    return ALL_KINDS.filter((k) => (this.kinds & KIND_BITS[k]) !== 0);
  }

  finish(): Column {
    const n = this.n;
    if (this.utf8) return utf8StringColumn(this.name, this.utf8.finish());
    // A view, not a copy: copying would double the column's memory at the peak; the slack is at most 2×.
    const trim = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T =>
      (a.length === n ? a : a.subarray(0, n)) as T;
    if (this.mode === Mode.Int32)
      return int32Column(this.name, this.ints.subarray(0, n), this.valid ? trim(this.valid) : allValid(n));
    if (this.mode === Mode.Int)
      return int64Column(
        this.name,
        this.ints.subarray(0, 2 * n),
        this.valid ? trim(this.valid) : allValid(n),
      );
    if (this.mode === Mode.Num) {
      const nonNull = this.kinds & ~KIND_BITS.null;
      return {
        name: this.name,
        length: n,
        type: nonNull === KIND_BITS.integer ? 'int' : 'float',
        values: trim(this.nums),
        valid: this.valid ? trim(this.valid) : allValid(n),
      };
    }
    if (this.mode === Mode.Bool)
      return {
        name: this.name,
        length: n,
        type: 'bool',
        values: trim(this.bools),
        valid: this.valid ? trim(this.valid) : allValid(n),
      };
    if (this.mode === Mode.Empty) {
      // Only nulls: a string column of nulls, as before.
      return {
        name: this.name,
        length: n,
        type: 'string',
        codes: new Int32Array(n).fill(-1),
        dictionary: [],
      };
    }
    const codes = this.codes;
    return codesStringColumn(
      this.name,
      codes.length === n ? codes : codes.subarray(0, n),
      this.dict?.values ?? [],
    );
  }
}

/** Builds a table from row objects (keys in first-seen order); missing keys are nulls. */
export class TableBuilder {
  private readonly builders = new Map<string, ColumnBuilder>();
  private readonly list: ColumnBuilder[] = [];
  private readonly extraKinds = new Map<string, Set<JsonKind>>();
  private rows = 0;
  private reserved = 0;

  get rowCount(): number {
    return this.rows;
  }

  /** Expects about `rows` rows in all: columns (present and future) make room for them at once. */
  reserve(rows: number): void {
    this.reserved = rows;
    for (const b of this.list) b.reserve(rows);
  }

  private column(name: string): ColumnBuilder {
    let b = this.builders.get(name);
    if (!b) {
      b = new ColumnBuilder(name);
      if (this.reserved > this.rows) b.reserve(this.reserved);
      b.padTo(this.rows);
      this.builders.set(name, b);
      this.list.push(b);
    }
    return b;
  }

  /** Keys and builders of the previous row, in order: rows of one source share them (JSON.parse interns keys). */
  private shapeKeys: string[] = [];
  private shapeBuilders: ColumnBuilder[] = [];

  addRow(row: Readonly<Record<string, unknown>>): void {
    const keys = this.shapeKeys;
    const builders = this.shapeBuilders;
    let j = 0;
    for (const key in row) {
      let b: ColumnBuilder;
      const cached = builders[j];
      if (cached !== undefined && keys[j] === key) b = cached;
      else {
        b = this.column(key);
        keys[j] = key;
        builders[j] = b;
      }
      b.push(row[key]);
      j++;
    }
    if (keys.length > j) {
      keys.length = j;
      builders.length = j;
    }
    const rows = ++this.rows;
    const list = this.list;
    // Keys are unique, so a row with as many keys as there are columns filled every column.
    if (j === list.length) return;
    for (let i = 0; i < list.length; i++) {
      const b = list[i];
      if (b && b.length < rows) b.push(null);
    }
  }

  appendTable(table: Table): void {
    const start = this.rows;
    for (const c of table.columns) {
      const b = this.column(c.name);
      b.padTo(start);
      for (let i = 0; i < table.rowCount; i++) b.push(valueAt(c, i));
      const kinds = table.jsonKinds?.[c.name];
      if (kinds) {
        const set = this.extraKinds.get(c.name) ?? new Set<JsonKind>();
        for (const k of kinds) set.add(k);
        this.extraKinds.set(c.name, set);
      }
    }
    this.rows += table.rowCount;
    for (const b of this.builders.values()) b.padTo(this.rows);
  }

  finish(): Table {
    const columns: Column[] = [];
    const jsonKinds: Record<string, JsonKind[]> = {};
    for (const b of this.builders.values()) {
      b.padTo(this.rows);
      columns.push(b.finish());
      const kinds = new Set<JsonKind>(b.seenKinds());
      for (const k of this.extraKinds.get(b.name) ?? []) kinds.add(k);
      jsonKinds[b.name] = ALL_KINDS.filter((k) => kinds.has(k));
    }
    return { rowCount: this.rows, columns, jsonKinds };
  }
}
