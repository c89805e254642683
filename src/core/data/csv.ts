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

/** Raw cells of one delimited text: header names and rows of strings as written (quotes removed). */
export interface DelimitedText {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly issues: readonly TextIssue[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Splits text into records of fields. Returns each record with the line number it starts on. */
export function splitRecords(
  text: string,
  delimiter = ',',
): { records: string[][]; lines: number[]; issues: TextIssue[] } {
  if (delimiter.length !== 1) throw new RangeError(`delimiter must be one character, got '${delimiter}'`);
  const delim = delimiter.charCodeAt(0);
  const records: string[][] = [];
  const lines: number[] = [];
  const issues: TextIssue[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  // A leading BOM is not data.
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const record: string[] = [];
    const startLine = line;
    let endOfRecord = false;
    while (!endOfRecord) {
      let field = '';
      if (i < n && text.charCodeAt(i) === QUOTE) {
        // Quoted field: runs to the next lone quote.
        i++;
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
      }
      // Unquoted part (or text after a closing quote): up to the delimiter or end of line.
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === delim || c === LF || c === CR) break;
        i++;
      }
      field += text.slice(start, i);
      record.push(field);
      if (i >= n) {
        endOfRecord = true;
      } else {
        const c = text.charCodeAt(i);
        if (c === delim) {
          i++;
          if (i >= n) {
            record.push('');
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
    if (record.length === 1 && record[0] === '') continue;
    records.push(record);
    lines.push(startLine);
  }
  return { records, lines, issues };
}

/** Parses delimited text into header + rows of raw strings; short rows are padded, long rows reported. */
export function parseDelimited(text: string, options: DelimitedOptions = {}): DelimitedText {
  const { records, lines, issues } = splitRecords(text, options.delimiter ?? ',');
  const skip = options.skipRows ?? 0;
  const useHeader = options.header ?? true;
  const body = records.slice(skip);
  const bodyLines = lines.slice(skip);
  const width = useHeader ? (body[0]?.length ?? 0) : Math.max(0, ...body.map((r) => r.length));
  const header = useHeader ? uniqueNames(body[0] ?? []) : defaultNames(width);
  const rows: string[][] = [];
  const start = useHeader ? 1 : 0;
  for (let r = start; r < body.length; r++) {
    const rec = body[r] ?? [];
    if (rec.length > width) {
      issues.push({
        line: bodyLines[r] ?? 0,
        message: `expected ${width} fields, saw ${rec.length}; the extra fields were dropped`,
      });
      rows.push(rec.slice(0, width));
    } else {
      while (rec.length < width) rec.push('');
      rows.push(rec);
    }
  }
  return { header, rows, issues };
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

/** Decides one column's type from its raw cells (null/undefined = missing, '' = empty). */
export function inferCellType(
  cells: readonly (string | null | undefined)[],
): 'int' | 'float' | 'bool' | 'string' {
  let possible = INT | NUM | BOOL;
  let any = false;
  for (const raw of cells) {
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
  const n = cells.length;
  const type = options.inferTypes === false ? 'string' : inferCellType(cells);
  if (type === 'int' || type === 'float') {
    const values = new Float64Array(n);
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const raw = cells[i];
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
      const raw = cells[i];
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
    const v = cells[i];
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
  const rowCount = parts.reduce((s, p) => s + p.rows.length, 0);
  const columns = names.map((name) => {
    const cells: (string | null)[] = new Array<string | null>(rowCount);
    let offset = 0;
    for (const p of parts) {
      const idx = p.header.indexOf(name);
      for (let r = 0; r < p.rows.length; r++) cells[offset + r] = idx < 0 ? null : (p.rows[r]?.[idx] ?? null);
      offset += p.rows.length;
    }
    return cellsToColumn(name, cells, options);
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
