/**
 * Model data collector (MDC) JSONL → one column table per blob.
 *
 * Each line is a CloudEvents-like record (`time`, `correlationid`, `data` or `dataref`, ...; field order varies).
 * `data` (or the array a `dataref` points at) is expanded to one row per element, as Azure ML's preprocessor
 * does with `posexplode`: the row's own columns plus `correlationid = <line.correlationid>_<i>` (0-based, `_0`
 * for single-row lines too) and the line's `time`. Metadata columns never overwrite data columns: when a data
 * column already has the preferred name, the metadata column gets a `_` prefix, and the schema metadata key
 * `modelmonitor.roles` records which column holds what.
 *
 * Counting (per blob; blank lines are skipped and not counted):
 * - rows in: for each non-blank line, the number of elements of its row array when the array could be read
 *   (0 for `data: []`, 1 for a non-tabular payload kept as one row), else 1 (a line we could not expand is one
 *   unit of input);
 * - rows written: rows in the partition; rows quarantined: rows in of quarantined lines;
 * - so `rowsIn = rowsWritten + rowsQuarantined` by construction, and lines quarantined counts quarantine records.
 */
import {
  CodeBuffer,
  codesStringColumn,
  type Codes,
  StringDictionary,
  isAllValid,
  TableBuilder,
  Utf8Builder,
  utf8ReserveBytes,
  utf8StringColumn,
  type Column,
  type StringColumn,
  type Table,
} from './table.js';

/** Schema metadata key holding the column roles (JSON object role → column name). */
export const ROLES_METADATA_KEY = 'modelmonitor.roles';

/**
 * Which column holds what. `time` and `correlationid` are metadata (never features); `payload` holds a
 * non-tabular `data` value as JSON text and is present only when such a line occurred.
 */
export interface ColumnRoles {
  readonly time: string;
  readonly correlationid: string;
  readonly payload?: string;
}

const PREFERRED: Required<ColumnRoles> = { time: 'time', correlationid: 'correlationid', payload: 'payload' };

/** True for columns that are ingestion metadata (line time, MDC correlation id): exclude them from features. */
export function isMetadataColumn(name: string, roles: ColumnRoles | undefined): boolean {
  if (!roles) return false;
  return name === roles.time || name === roles.correlationid;
}

/** Roles read back from schema metadata (`arrowBytesToTable(...).schemaMetadata`); undefined when absent. */
export function rolesFromSchemaMetadata(metadata: Readonly<Record<string, string>>): ColumnRoles | undefined {
  const text = metadata[ROLES_METADATA_KEY];
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as Partial<Record<string, unknown>>;
  const { time, correlationid, payload } = parsed;
  if (typeof time !== 'string' || typeof correlationid !== 'string') return undefined;
  return typeof payload === 'string' ? { time, correlationid, payload } : { time, correlationid };
}

export type QuarantineReason =
  | 'line-too-long'
  | 'malformed-json'
  | 'not-a-record'
  | 'no-data'
  | 'dataref-unreadable'
  | 'row-not-object'
  | 'bad-blob-path';

/** One quarantined line: enough to find it, understand why, and replay it. */
export interface QuarantineRecord {
  readonly sourceBlob: string;
  /** 1-based physical line number in the source blob. */
  readonly line: number;
  readonly reason: QuarantineReason;
  readonly message: string;
  /** Rows of this line that were not written (see counting above). */
  readonly rows: number;
  readonly raw: string;
}

export interface IngestCounts {
  readonly linesRead: number;
  readonly linesQuarantined: number;
  readonly rowsIn: number;
  readonly rowsWritten: number;
  readonly rowsQuarantined: number;
}

export interface ParsedCollectorBlob {
  readonly table: Table;
  readonly roles: ColumnRoles;
  readonly quarantine: readonly QuarantineRecord[];
  readonly counts: IngestCounts;
}

/** Raised by a dataref loader when the referenced blob does not exist or is not JSON (bad data, not transient). */
export class DatarefUnreadableError extends Error {
  override readonly name = 'DatarefUnreadableError';
}

export interface CollectorParseOptions {
  /** Source blob name, copied into quarantine records. */
  readonly sourceBlob: string;
  /** Lines longer than this many UTF-8 bytes are quarantined without being parsed. */
  readonly maxLineBytes: number;
  /**
   * Loads a `dataref` and returns its parsed JSON. Throw `DatarefUnreadableError` for a missing or unparsable
   * reference (the line is quarantined); any other error propagates (transient storage failure: retry).
   */
  readonly loadDataref?: (ref: string) => Promise<unknown>;
  /**
   * Length (string length, line breaks included) of all the text the lines come from, when known: after the
   * first rows, columns are sized for the expected row count at once instead of growing by doubling (each
   * regrowth copies the column and touches fresh memory). `parseCollectorText` passes the text's length.
   */
  readonly expectedLength?: number;
}

/** Rows seen before the expected row count is estimated from `expectedLength`. */
const ESTIMATE_AFTER_ROWS = 2048;

/** UTF-8 byte length without allocating (core has no Buffer). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses one record. Strict JSON, with one leniency: a trailing comma after the record (seen in real collector
 * samples; Spark's JSON reader ignores trailing text after the root object too).
 */
function parseRecord(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    const trimmed = line.trimEnd();
    if (trimmed.endsWith(',')) return JSON.parse(trimmed.slice(0, -1));
    throw err;
  }
}

/**
 * Incremental builder: feed lines with `addLine`, then `finish`. Synchronous except for `dataref` lines, which
 * `parseCollectorText` resolves; exposed so benchmarks and large backfills can stream lines.
 */
export class CollectorTableBuilder {
  private readonly data = new TableBuilder();
  // Metadata columns are dictionary-encoded as they come: one dictionary lookup per line, not per row.
  private readonly times = new CodeBuffer();
  private readonly timeDict = new StringDictionary();
  /**
   * `<line.correlationid>_<i>` is (nearly) unique per row: plain UTF-8 written straight from the line's id, no
   * dictionary, no per-row string.
   */
  private readonly cids = new Utf8Builder();
  private payloads: CodeBuffer | undefined;
  private readonly payloadDict = new StringDictionary();
  private lastTime: string | null = null;
  private lastTimeCode = -1;
  private readonly quarantine: QuarantineRecord[] = [];
  private linesRead = 0;
  private rowsQuarantined = 0;
  /** Length of the lines seen so far (for the row estimate), and whether it was made. */
  private seenLength = 0;
  private estimated = false;

  constructor(private readonly options: CollectorParseOptions) {}

  private reject(line: number, raw: string, reason: QuarantineReason, message: string, rows = 1): void {
    this.quarantine.push({ sourceBlob: this.options.sourceBlob, line, reason, message, rows, raw });
    this.rowsQuarantined += rows;
  }

  /**
   * Adds one physical line. Returns a pending dataref (with the parsed record) when the rows must be loaded
   * first; the caller then calls `addRows` or `rejectDataref`.
   */
  addLine(
    raw: string,
    lineNo: number,
  ): { readonly dataref: string; readonly record: Record<string, unknown> } | undefined {
    this.seenLength += raw.length + 1;
    if (!this.estimated && this.data.rowCount >= ESTIMATE_AFTER_ROWS) this.reserve();
    // A record starts with `{`: only other lines need the whitespace check.
    if (raw.charCodeAt(0) !== 0x7b && raw.trim().length === 0) return undefined;
    this.linesRead++;
    const max = this.options.maxLineBytes;
    // Cheap bounds first: UTF-16 length ≤ UTF-8 bytes ≤ 3 × UTF-16 length.
    if (raw.length > max || (raw.length * 3 > max && utf8Length(raw) > max)) {
      this.reject(lineNo, raw, 'line-too-long', `line is longer than ${max} bytes`);
      return undefined;
    }
    let record: unknown;
    try {
      record = parseRecord(raw);
    } catch (err) {
      this.reject(
        lineNo,
        raw,
        'malformed-json',
        `not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    }
    if (!isPlainObject(record)) {
      this.reject(lineNo, raw, 'not-a-record', 'the line is JSON but not an object (a collector record)');
      return undefined;
    }
    if ('data' in record) {
      this.addRows(record, record.data, lineNo, raw);
      return undefined;
    }
    const ref = record.dataref;
    if (typeof ref === 'string' && ref !== '') return { dataref: ref, record };
    this.reject(lineNo, raw, 'no-data', 'the record has neither `data` nor a `dataref` string');
    return undefined;
  }

  /** Sizes all columns for the rows expected in the whole text (rows so far × expected / seen length, +5%). */
  private reserve(): void {
    this.estimated = true;
    const expected = this.options.expectedLength;
    if (expected === undefined || this.seenLength <= 0) return;
    const rows = this.data.rowCount;
    const total = Math.ceil(((rows * expected) / this.seenLength) * 1.05) + 64;
    if (total <= rows) return;
    this.data.reserve(total);
    this.times.reserve(total);
    this.cids.reserve(total, utf8ReserveBytes(this.cids.byteLength, rows, total));
  }

  /** Quarantines a dataref line whose reference could not be read. */
  rejectDataref(lineNo: number, raw: string, ref: string, why: string): void {
    this.reject(lineNo, raw, 'dataref-unreadable', `dataref '${ref}' could not be read: ${why}`);
  }

  private timeCode(record: Record<string, unknown>): number {
    const t = record.time;
    if (t === null || t === undefined) return -1;
    const s = typeof t === 'string' ? t : JSON.stringify(t);
    if (s !== this.lastTime) {
      this.lastTime = s;
      this.lastTimeCode = this.timeDict.code(s);
    }
    return this.lastTimeCode;
  }

  private lineCid(record: Record<string, unknown>): string | undefined {
    const raw = record.correlationid;
    if (raw === null || raw === undefined) return undefined;
    return typeof raw === 'string' ? raw : JSON.stringify(raw);
  }

  /** Expands one record's rows (from `data` or a loaded `dataref`). */
  addRows(record: Record<string, unknown>, rows: unknown, lineNo: number, raw: string): void {
    if (Array.isArray(rows)) {
      let objects = 0;
      for (const r of rows) if (isPlainObject(r)) objects++;
      if (objects === rows.length) {
        const time = this.timeCode(record);
        const cid = this.lineCid(record);
        for (let i = 0; i < rows.length; i++) {
          this.data.addRow(rows[i] as Record<string, unknown>);
          this.times.push(time);
          if (cid === undefined) this.cids.pushNull();
          else this.cids.pushWithIndex(cid, i);
          this.payloads?.push(-1);
        }
        return;
      }
      if (objects > 0) {
        const bad = rows.findIndex((r) => !isPlainObject(r));
        const what = rows[bad] === null ? 'null' : Array.isArray(rows[bad]) ? 'an array' : typeof rows[bad];
        this.reject(
          lineNo,
          raw,
          'row-not-object',
          `row ${bad} of ${rows.length} is ${what}, not an object`,
          rows.length,
        );
        return;
      }
    }
    // Not tabular (payload logging, raw bodies): keep it as one row, the payload as JSON text.
    if (!this.payloads) {
      this.payloads = new CodeBuffer();
      for (let i = 0; i < this.times.length; i++) this.payloads.push(-1);
    }
    this.data.addRow({});
    this.times.push(this.timeCode(record));
    const cid = this.lineCid(record);
    if (cid === undefined) this.cids.pushNull();
    else this.cids.pushWithIndex(cid, 0);
    this.payloads.push(this.payloadDict.code(typeof rows === 'string' ? rows : JSON.stringify(rows)));
  }

  finish(): ParsedCollectorBlob {
    const data = this.data.finish();
    const taken = new Set(data.columns.map((c) => c.name));
    const pick = (preferred: string): string => {
      let name = preferred;
      while (taken.has(name)) name = `_${name}`;
      taken.add(name);
      return name;
    };
    const timeName = pick(PREFERRED.time);
    const cidName = pick(PREFERRED.correlationid);
    const time = stringColumn(timeName, this.times, this.timeDict);
    const cids = this.cids.finish();
    const cid = utf8StringColumn(cidName, cids);
    const columns: Column[] = [...data.columns, time, cid];
    const jsonKinds = { ...data.jsonKinds };
    jsonKinds[timeName] = kindsOf(time.narrowCodes ?? time.codes);
    jsonKinds[cidName] = kindsOfValid(cids.valid);
    let roles: ColumnRoles = { time: timeName, correlationid: cidName };
    if (this.payloads) {
      const payloadName = pick(PREFERRED.payload);
      const payload = stringColumn(payloadName, this.payloads, this.payloadDict);
      columns.push(payload);
      jsonKinds[payloadName] = kindsOf(payload.narrowCodes ?? payload.codes);
      roles = { ...roles, payload: payloadName };
    }
    const rowsWritten = data.rowCount;
    return {
      table: { rowCount: rowsWritten, columns, jsonKinds },
      roles,
      quarantine: this.quarantine,
      counts: {
        linesRead: this.linesRead,
        linesQuarantined: this.quarantine.length,
        rowsIn: rowsWritten + this.rowsQuarantined,
        rowsWritten,
        rowsQuarantined: this.rowsQuarantined,
      },
    };
  }
}

function kindsOf(codes: Codes): ('null' | 'string')[] {
  // Nulls are -1 (searched natively); a code >= 0 is a string.
  const nulls = codes.includes(-1);
  let strings = !nulls && codes.length > 0;
  if (nulls)
    for (let i = 0; i < codes.length; i++)
      if ((codes[i] ?? -1) >= 0) {
        strings = true;
        break;
      }
  return [...(nulls ? (['null'] as const) : []), ...(strings ? (['string'] as const) : [])];
}

function kindsOfValid(valid: Uint8Array): ('null' | 'string')[] {
  const strings = valid.length > 0 && (isAllValid(valid) || valid.includes(1));
  const nulls = !isAllValid(valid) && valid.includes(0);
  return [...(nulls ? (['null'] as const) : []), ...(strings ? (['string'] as const) : [])];
}

function stringColumn(
  name: string,
  codes: CodeBuffer,
  dictionary: StringDictionary | string[],
): StringColumn {
  const values = Array.isArray(dictionary) ? dictionary : dictionary.values;
  return codesStringColumn(name, codes.finish(), values);
}

/** The physical lines of `text` (LF or CRLF) with 1-based numbers, sliced lazily rather than split at once. */
export function* collectorLines(text: string): Generator<{ line: string; lineNo: number }> {
  let start = 0;
  let lineNo = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    lineNo++;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    yield { line: text.slice(start, stop), lineNo };
    start = end + 1;
  }
}

/** Parses a whole collector blob's text. Bad lines become quarantine records; good lines still ingest. */
export async function parseCollectorText(
  text: string,
  options: CollectorParseOptions,
): Promise<ParsedCollectorBlob> {
  const builder = new CollectorTableBuilder({ expectedLength: text.length, ...options });
  for (const { line, lineNo } of collectorLines(text)) {
    const pending = builder.addLine(line, lineNo);
    if (!pending) continue;
    // Awaited in line order so that dataref rows keep their place among the other lines' rows.
    const load = options.loadDataref;
    if (!load) {
      builder.rejectDataref(lineNo, line, pending.dataref, 'no dataref loader is configured');
      continue;
    }
    let rows: unknown;
    try {
      rows = await load(pending.dataref);
    } catch (err) {
      if (err instanceof DatarefUnreadableError) {
        builder.rejectDataref(lineNo, line, pending.dataref, err.message);
        continue;
      }
      throw err;
    }
    builder.addRows(pending.record, rows, lineNo, line);
  }
  return builder.finish();
}
