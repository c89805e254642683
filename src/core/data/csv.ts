/**
 * Delimited text → Table. Parsing follows RFC 4180 leniently (as Python's csv and Spark do): a quote is special
 * only at the start of a field, `""` inside a quoted field is one quote, quoted fields may span lines, and
 * text after a closing quote is kept. Column types are inferred over the whole column, as pandas/Spark readers do:
 * all whole numbers → int, all numbers → float, all true/false → bool, otherwise string; an empty field is null.
 */
import type { BoolColumn, Column, NumberColumn, StringColumn, Table } from './table.js';

export interface DelimitedOptions {
  /** One character; default ','. */
  readonly delimiter?: string;
  /** Whether the first record is the header; default true. Without a header columns are Column1, Column2... */
  readonly header?: boolean;
  /** Records to skip before the header (MLTable `skip_rows`); default 0. */
  readonly skipRows?: number;
}

export interface TextIssue {
  /** 1-based line number in the source text where the problem starts. */
  readonly line: number;
  readonly message: string;
}

/**
 * One parsed delimited text, kept as cell offsets into the source text (no string per cell until asked for), so
 * a million-row file does not hold tens of millions of small strings while its column types are worked out.
 */
export interface DelimitedText {
  readonly header: readonly string[];
  readonly rowCount: number;
  /** The raw text of a cell ('' for a field missing from a short row). */
  cell(row: number, column: number): string;
  readonly issues: readonly TextIssue[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Cells of a text as [start, end) offsets; quoted cells (unescaped) are kept as strings on the side. */
interface ScannedText {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Quoted cells' final text, by cell index. */
  readonly quoted: ReadonlyMap<number, string>;
  /** Index of each record's first cell, plus a final entry = the number of cells. */
  readonly recordStarts: Int32Array;
  readonly recordCount: number;
  /** 1-based line each record starts on. */
  readonly lines: Int32Array;
  readonly issues: TextIssue[];
}

function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

function scan(text: string, delimiter: string): ScannedText {
  if (delimiter.length !== 1) throw new RangeError(`delimiter must be one character, got '${delimiter}'`);
  const delim = delimiter.charCodeAt(0);
  let starts = new Int32Array(1024);
  let ends = new Int32Array(1024);
  let recordStarts = new Int32Array(256);
  let lines = new Int32Array(256);
  const quoted = new Map<number, string>();
  const issues: TextIssue[] = [];
  const n = text.length;
  let cells = 0;
  let records = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const firstCell = cells;
    const startLine = line;
    let endOfRecord = false;
    while (!endOfRecord) {
      starts = grow(starts, cells + 1);
      ends = grow(ends, cells + 1);
      let quotedText: string | undefined;
      if (i < n && text.charCodeAt(i) === QUOTE) {
        // Quoted field: runs to the next lone quote; `""` is one quote.
        i++;
        let field = '';
        let closed = false;
        let chunkStart = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              field += text.slice(chunkStart, i + 1);
              i += 2;
              chunkStart = i;
              continue;
            }
            field += text.slice(chunkStart, i);
            i++;
            closed = true;
            break;
          }
          if (c === LF) line++;
          else if (c === CR && text.charCodeAt(i + 1) !== LF) line++;
          i++;
        }
        if (!closed) {
          field += text.slice(chunkStart, i);
          issues.push({
            line: startLine,
            message: 'unterminated quoted field (the rest of the file was read into it)',
          });
        }
        quotedText = field;
      }
      // Unquoted part (or text after a closing quote): up to the delimiter or end of line.
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i++;
      }
      starts[cells] = start;
      ends[cells] = i;
      if (quotedText !== undefined) quoted.set(cells, quotedText + text.slice(start, i));
      cells++;
      if (i >= n) endOfRecord = true;
      else {
        const c = text.charCodeAt(i);
        if (c === delim) {
          i++;
          if (i >= n) {
            // A trailing delimiter at the very end: one more empty field.
            starts = grow(starts, cells + 1);
            ends = grow(ends, cells + 1);
            starts[cells] = i;
            ends[cells] = i;
            cells++;
            endOfRecord = true;
          }
        } else {
          i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
          line++;
          endOfRecord = true;
        }
      }
    }
    // Blank lines are not records (pandas and Spark skip them).
    if (cells - firstCell === 1 && starts[firstCell] === ends[firstCell] && !quoted.has(firstCell)) {
      cells = firstCell;
      continue;
    }
    recordStarts = grow(recordStarts, records + 2);
    lines = grow(lines, records + 1);
    recordStarts[records] = firstCell;
    lines[records] = startLine;
    records++;
  }
  recordStarts = grow(recordStarts, records + 1);
  recordStarts[records] = cells;
  return { text, starts, ends, quoted, recordStarts, recordCount: records, lines, issues };
}

function cellText(s: ScannedText, index: number): string {
  const q = s.quoted.get(index);
  return q ?? s.text.slice(s.starts[index] ?? 0, s.ends[index] ?? 0);
}

function recordLength(s: ScannedText, r: number): number {
  return (s.recordStarts[r + 1] ?? 0) - (s.recordStarts[r] ?? 0);
}

/** Splits text into records of fields (strings). For small texts and tests; readers use `parseDelimited`. */
export function splitRecords(
  text: string,
  delimiter = ',',
): { records: string[][]; lines: number[]; issues: TextIssue[] } {
  const s = scan(text, delimiter);
  const records: string[][] = [];
  for (let r = 0; r < s.recordCount; r++) {
    const first = s.recordStarts[r] ?? 0;
    records.push(Array.from({ length: recordLength(s, r) }, (_, k) => cellText(s, first + k)));
  }
  return { records, lines: Array.from(s.lines.subarray(0, s.recordCount)), issues: s.issues };
}

/** Parses delimited text into a header and lazily read cells; short rows are padded, long rows reported. */
export function parseDelimited(text: string, options: DelimitedOptions = {}): DelimitedText {
  const s = scan(text, options.delimiter ?? ',');
  const issues = s.issues;
  const skip = Math.min(options.skipRows ?? 0, s.recordCount);
  const useHeader = options.header ?? true;
  let width = 0;
  if (useHeader) width = skip < s.recordCount ? recordLength(s, skip) : 0;
  else for (let r = skip; r < s.recordCount; r++) width = Math.max(width, recordLength(s, r));
  const header = useHeader
    ? uniqueNames(Array.from({ length: width }, (_, k) => cellText(s, (s.recordStarts[skip] ?? 0) + k)))
    : defaultNames(width);
  const firstRow = skip + (useHeader && skip < s.recordCount ? 1 : 0);
  for (let r = firstRow; r < s.recordCount; r++) {
    const len = recordLength(s, r);
    if (len > width)
      issues.push({
        line: s.lines[r] ?? 0,
        message: `expected ${width} fields, saw ${len}; the extra fields were dropped`,
      });
  }
  return {
    header,
    rowCount: s.recordCount - firstRow,
    issues,
    cell(row, column) {
      const r = firstRow + row;
      return column < recordLength(s, r) ? cellText(s, (s.recordStarts[r] ?? 0) + column) : '';
    },
  };
}

export function defaultNames(width: number): string[] {
  return Array.from({ length: width }, (_, i) => `Column${i + 1}`);
}

/** Blank header cells get Column<i>; duplicates get `.1`, `.2` suffixes as pandas does. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const base = raw.trim() === '' ? `Column${i + 1}` : raw;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}.${count}`;
  });
}

export interface InferOptions {
  /** Keep empty fields of string columns as '' instead of null (MLTable `empty_as_string`). */
  readonly emptyAsString?: boolean;
  /** false → every column is a string column (MLTable `infer_column_types: false`). */
  readonly inferTypes?: boolean;
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const INT = 1;
const NUM = 2;
const BOOL = 4;

/** Trims only when needed (most cells have no surrounding blanks). */
function clean(raw: string): string {
  const n = raw.length;
  return n > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(n - 1) <= 32) ? raw.trim() : raw;
}

/** What a non-empty cell could be: a bit set of INT, NUM and BOOL (0 = only a string). */
function classify(v: string): number {
  const n = v.length;
  let i = 0;
  const c0 = v.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1;
  if (i < n) {
    let digits = true;
    for (let k = i; k < n; k++) {
      const c = v.charCodeAt(k);
      if (c < 48 || c > 57) {
        digits = false;
        break;
      }
    }
    if (digits) return n - i <= 15 || Number.isSafeInteger(Number(v)) ? INT | NUM : NUM;
  }
  if (FLOAT_RE.test(v)) return NUM;
  if (n === 4 || n === 5) {
    const l = v.toLowerCase();
    if (l === 'true' || l === 'false') return BOOL;
  }
  return 0;
}

/** Reads cell `i` of a column: its raw text, or null when the column is missing there. */
export type CellReader = (i: number) => string | null | undefined;

/** Decides one column's type from its raw cells (null/undefined = missing, '' = empty). */
export function inferCellType(
  cells: readonly (string | null | undefined)[],
): 'int' | 'float' | 'bool' | 'string' {
  return inferType(cells.length, (i) => cells[i]);
}

function inferType(n: number, get: CellReader): 'int' | 'float' | 'bool' | 'string' {
  let possible = INT | NUM | BOOL;
  let any = false;
  for (let i = 0; i < n; i++) {
    const raw = get(i);
    if (raw === null || raw === undefined || raw === '') continue;
    const v = clean(raw);
    if (v === '') continue;
    any = true;
    possible &= classify(v);
    if (possible === 0) return 'string';
  }
  // A column with no values at all is a string column of nulls (pandas would say float64 of NaN).
  if (!any) return 'string';
  return possible & INT ? 'int' : possible & NUM ? 'float' : possible & BOOL ? 'bool' : 'string';
}

/** Builds one typed column from raw cells (null/undefined = missing: a column absent from a file). */
export function cellsToColumn(
  name: string,
  cells: readonly (string | null | undefined)[],
  options: InferOptions = {},
): Column {
  return columnFromCells(name, cells.length, (i) => cells[i], options);
}

/** Builds one typed column of `n` cells read through `get` (each cell is read twice: type, then value). */
export function columnFromCells(
  name: string,
  n: number,
  get: CellReader,
  options: InferOptions = {},
): Column {
  const type = options.inferTypes === false ? 'string' : inferType(n, get);
  if (type === 'int' || type === 'float') {
    const values = new Float64Array(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const raw = get(i);
      if (raw === undefined || raw === null || raw === '') continue;
      const v = clean(raw);
      if (v === '') continue;
      values[i] = Number(v);
      valid[i] = 1;
    }
    const col: NumberColumn = { name, length: n, type, values, valid };
    return col;
  }
  if (type === 'bool') {
    const values = new Uint8Array(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const raw = get(i);
      if (raw === undefined || raw === null || raw === '') continue;
      const v = clean(raw);
      if (v === '') continue;
      values[i] = v.toLowerCase() === 'true' ? 1 : 0;
      valid[i] = 1;
    }
    const col: BoolColumn = { name, length: n, type: 'bool', values, valid };
    return col;
  }
  const codes = new Int32Array(n);
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v === null || v === undefined || (v === '' && options.emptyAsString !== true)) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(v);
      index.set(v, code);
    }
    codes[i] = code;
  }
  const col: StringColumn = { name, length: n, type: 'string', codes, dictionary };
  return col;
}

/**
 * Stacks several parsed texts (e.g. the files of one MLTable) into one table: columns in first-seen order,
 * a column a file lacks is null there, and types are inferred once over all files.
 */
export function delimitedToTable(parts: readonly DelimitedText[], options: InferOptions = {}): Table {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const p of parts)
    for (const h of p.header)
      if (!seen.has(h)) {
        seen.add(h);
        names.push(h);
      }
  const rowCount = parts.reduce((s, p) => s + p.rowCount, 0);
  // Row offset at which each part starts, to map a table row to (part, row in part).
  const offsets = new Int32Array(parts.length + 1);
  parts.forEach((p, k) => (offsets[k + 1] = (offsets[k] ?? 0) + p.rowCount));
  const columns = names.map((name) => {
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only) {
      const idx = only.header.indexOf(name);
      return columnFromCells(name, rowCount, (i) => only.cell(i, idx), options);
    }
    const idxs = parts.map((p) => p.header.indexOf(name));
    let k = 0;
    return columnFromCells(
      name,
      rowCount,
      (i) => {
        // Reads are sequential (two passes from 0), so walk the part index instead of searching.
        if (i < (offsets[k] ?? 0)) k = 0;
        while (i >= (offsets[k + 1] ?? 0)) k++;
        const idx = idxs[k] ?? -1;
        return idx < 0 ? null : (parts[k]?.cell(i - (offsets[k] ?? 0), idx) ?? null);
      },
      options,
    );
  });
  return { rowCount, columns };
}

/** One CSV text → table and the problems found (line numbers). */
export function parseCsv(
  text: string,
  options: DelimitedOptions & InferOptions = {},
): { table: Table; issues: readonly TextIssue[] } {
  const parsed = parseDelimited(text, options);
  return { table: delimitedToTable([parsed], options), issues: parsed.issues };
}
