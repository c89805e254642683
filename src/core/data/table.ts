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

/** Numbers. `int` columns hold whole numbers only (exact up to 2^53). `valid[i] === 0` marks a null. */
export interface NumberColumn extends ColumnBase {
  readonly type: 'float' | 'int';
  readonly values: Float64Array;
  readonly valid: Uint8Array;
}

/** Dictionary-encoded strings; `codes[i] === -1` marks a null. Objects and arrays are stored as JSON text. */
export interface StringColumn extends ColumnBase {
  readonly type: 'string';
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
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
  return column.type === 'string' ? column.codes[row] === -1 : column.valid[row] === 0;
}

/** The value at `row` as a plain JS value (null for nulls). For display and joins, not hot loops. */
export function valueAt(column: Column, row: number): number | string | boolean | null {
  switch (column.type) {
    case 'string': {
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
    if (c.type === 'string') {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i] ?? 0] ?? -1;
      return { ...c, length: n, codes };
    }
    const values = c.type === 'bool' ? new Uint8Array(n) : new Float64Array(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i] ?? 0;
      values[i] = c.values[r] ?? 0;
      valid[i] = c.valid[r] ?? 0;
    }
    return c.type === 'bool'
      ? { ...c, length: n, values: values as Uint8Array, valid }
      : { ...c, length: n, values: values as Float64Array, valid };
  });
  return table.jsonKinds ? { rowCount: n, columns, jsonKinds: table.jsonKinds } : { rowCount: n, columns };
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

/** A growable Int32Array of dictionary codes (-1 = null). */
export class CodeBuffer {
  private buf = new Int32Array(1024);
  length = 0;

  push(code: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = code;
  }

  /** The codes, trimmed to length (copies only when the buffer is larger). */
  finish(): Int32Array {
    return this.buf.length === this.length ? this.buf : this.buf.slice(0, this.length);
  }
}

const enum Mode {
  Empty,
  Num,
  Bool,
  Str,
}

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
  private bools = new Uint8Array(0);
  private valid = new Uint8Array(0);
  private codes = new Int32Array(0);
  private dict: StringDictionary | undefined;
  private kinds = 0;
  private n = 0;
  constructor(readonly name: string) {}

  get length(): number {
    return this.n;
  }

  private ensure(capacity: number): void {
    const cap = this.valid.length;
    if (capacity <= cap) return;
    let next = Math.max(64, cap);
    while (next < capacity) next *= 2;
    const n = this.n;
    const valid = new Uint8Array(next);
    valid.set(this.valid.subarray(0, n));
    this.valid = valid;
    if (this.mode === Mode.Num) {
      const nums = new Float64Array(next);
      nums.set(this.nums.subarray(0, n));
      this.nums = nums;
    } else if (this.mode === Mode.Bool) {
      const bools = new Uint8Array(next);
      bools.set(this.bools.subarray(0, n));
      this.bools = bools;
    } else if (this.mode === Mode.Str) {
      const codes = new Int32Array(next);
      codes.set(this.codes.subarray(0, n));
      this.codes = codes;
    }
  }

  /** Pad with nulls up to `length` rows (for columns that appear after the first row). */
  padTo(length: number): void {
    if (this.n < length) {
      this.kinds |= KIND_BITS.null;
      this.ensure(length);
      if (this.mode === Mode.Str) this.codes.fill(-1, this.n, length);
      this.valid.fill(0, this.n, length);
      this.n = length;
    }
  }

  private toStr(): void {
    const cap = this.valid.length;
    const codes = new Int32Array(cap);
    const dict = new StringDictionary();
    for (let i = 0; i < this.n; i++) {
      if (this.valid[i] === 0) codes[i] = -1;
      else if (this.mode === Mode.Num) codes[i] = dict.code(JSON.stringify(this.nums[i]));
      else if (this.mode === Mode.Bool) codes[i] = dict.code(this.bools[i] === 1 ? 'true' : 'false');
    }
    this.codes = codes;
    this.dict = dict;
    this.nums = new Float64Array(0);
    this.bools = new Uint8Array(0);
    this.mode = Mode.Str;
  }

  push(value: unknown): void {
    const i = this.n;
    if (i === this.valid.length) this.ensure(i + 1);
    this.n = i + 1;
    if (value === null || value === undefined) {
      this.kinds |= KIND_BITS.null;
      this.valid[i] = 0;
      if (this.mode === Mode.Str) this.codes[i] = -1;
      return;
    }
    switch (typeof value) {
      case 'number':
        this.kinds |= Number.isInteger(value) ? KIND_BITS.integer : KIND_BITS.number;
        if (this.mode === Mode.Empty) {
          this.mode = Mode.Num;
          this.nums = new Float64Array(this.valid.length);
        }
        if (this.mode === Mode.Num) {
          this.nums[i] = value;
          this.valid[i] = 1;
          return;
        }
        break;
      case 'boolean':
        this.kinds |= KIND_BITS.boolean;
        if (this.mode === Mode.Empty) {
          this.mode = Mode.Bool;
          this.bools = new Uint8Array(this.valid.length);
        }
        if (this.mode === Mode.Bool) {
          this.bools[i] = value ? 1 : 0;
          this.valid[i] = 1;
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
    this.codes[i] = (this.dict ??= new StringDictionary()).code(s);
    this.valid[i] = 1;
  }

  seenKinds(): JsonKind[] {
    return ALL_KINDS.filter((k) => (this.kinds & KIND_BITS[k]) !== 0);
  }

  finish(): Column {
    const n = this.n;
    // A view, not a copy: copying would double the column's memory at the peak; the slack is at most 2×.
    const trim = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T =>
      (a.length === n ? a : a.subarray(0, n)) as T;
    if (this.mode === Mode.Num) {
      const nonNull = this.kinds & ~KIND_BITS.null;
      return {
        name: this.name,
        length: n,
        type: nonNull === KIND_BITS.integer ? 'int' : 'float',
        values: trim(this.nums),
        valid: trim(this.valid),
      };
    }
    if (this.mode === Mode.Bool)
      return { name: this.name, length: n, type: 'bool', values: trim(this.bools), valid: trim(this.valid) };
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
    return {
      name: this.name,
      length: n,
      type: 'string',
      codes: trim(this.codes),
      dictionary: this.dict?.values ?? [],
    };
  }
}

/** Builds a table from row objects (keys in first-seen order); missing keys are nulls. */
export class TableBuilder {
  private readonly builders = new Map<string, ColumnBuilder>();
  private readonly list: ColumnBuilder[] = [];
  private readonly extraKinds = new Map<string, Set<JsonKind>>();
  private rows = 0;

  get rowCount(): number {
    return this.rows;
  }

  private column(name: string): ColumnBuilder {
    let b = this.builders.get(name);
    if (!b) {
      b = new ColumnBuilder(name);
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
