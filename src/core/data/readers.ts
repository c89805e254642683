/**
 * File → Table by format: CSV/TSV, JSON Lines (and JSON arrays of records), Parquet, Arrow IPC. The format is
 * taken from the extension unless given. Folders of such files are read file by file (sorted by path) and
 * stacked, with column types inferred once over all delimited files.
 */
import { arrowBytesToTable } from './arrow.js';
import { delimitedToTable, parseDelimited, type DelimitedText } from './csv.js';
import { extensionOf, type FileSource } from './file-source.js';
import { parseJsonLines } from './jsonl.js';
import { parquetBytesToTable } from './parquet.js';
import { fail, ok, type DataIssue, type ReadResult } from './read-result.js';
import { TableBuilder, concatTables, type Table } from './table.js';

export type FileFormat = 'delimited' | 'json_lines' | 'parquet' | 'arrow';

export interface DelimitedReadOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly skipRows?: number;
  readonly emptyAsString?: boolean;
  readonly inferTypes?: boolean;
  readonly encoding?: string;
}

export interface FileReadOptions {
  readonly format?: FileFormat;
  readonly delimited?: DelimitedReadOptions;
  /** JSON Lines: 'error' (default) fails on a bad line, 'drop' skips it with a note. */
  readonly invalidLines?: 'error' | 'drop';
  readonly encoding?: string;
}

/** The format an extension implies, or undefined for files that are not tabular data. */
export function formatOf(path: string): { format: FileFormat; delimiter?: string } | undefined {
  switch (extensionOf(path)) {
    case 'csv':
      return { format: 'delimited', delimiter: ',' };
    case 'tsv':
      return { format: 'delimited', delimiter: '\t' };
    case 'jsonl':
    case 'json':
    case 'ndjson':
      return { format: 'json_lines' };
    case 'parquet':
      return { format: 'parquet' };
    case 'arrow':
    case 'feather':
    case 'ipc':
      return { format: 'arrow' };
    default:
      return undefined;
  }
}

/** MLTable encoding names (and WHATWG labels) → a TextDecoder label. */
export function decoderLabel(encoding: string | undefined): string {
  switch ((encoding ?? 'utf8').toLowerCase().replace(/[-_]/g, '')) {
    case 'utf8':
    case 'utf8bom':
    case 'ascii':
    case 'usascii':
      return 'utf-8';
    case 'latin1':
    case 'iso88591':
      return 'iso-8859-1';
    case 'windows1252':
    case 'cp1252':
      return 'windows-1252';
    case 'utf16':
    case 'utf16le':
      return 'utf-16le';
    case 'utf16be':
      return 'utf-16be';
    default:
      return encoding ?? 'utf-8';
  }
}

export function decodeText(bytes: Uint8Array, encoding?: string): string {
  return new TextDecoder(decoderLabel(encoding)).decode(bytes);
}

/** A `.json` file holding one array of row objects (not JSON Lines). */
function parseJsonArray(text: string, path: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fail({
      path,
      message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      code: 'invalid',
    });
  }
  if (!Array.isArray(value))
    return fail({ path, message: 'expected an array of row objects', code: 'invalid' });
  const builder = new TableBuilder();
  for (const [i, row] of value.entries()) {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      return fail({ path, message: `element ${i} is not a row object`, code: 'invalid' });
    builder.addRow(row as Record<string, unknown>);
  }
  return ok(builder.finish());
}

function readJsonLinesText(text: string, path: string, invalidLines: 'error' | 'drop'): ReadResult {
  if (text.trimStart().startsWith('[')) return parseJsonArray(text, path);
  const { table, issues } = parseJsonLines(text);
  if (issues.length === 0) return ok(table);
  if (invalidLines === 'drop')
    return ok(table, [
      `${path}: ${issues.length} invalid line(s) dropped (first at line ${issues[0]?.line ?? 0})`,
    ]);
  return fail(...issues.map((i): DataIssue => ({ path, line: i.line, message: i.message, code: 'invalid' })));
}

/** Parses one file's bytes. Infrastructure errors (unreadable bytes) throw; bad content is an issue. */
export async function bytesToTable(
  bytes: Uint8Array,
  path: string,
  options: FileReadOptions = {},
): Promise<ReadResult> {
  const detected = formatOf(path);
  const format = options.format ?? detected?.format;
  switch (format) {
    case undefined:
      return fail({
        path,
        message: 'unknown file type; expected .csv, .tsv, .jsonl, .json, .parquet or .arrow',
        code: 'unsupported',
      });
    case 'delimited': {
      const parsed = parseDelimitedBytes(bytes, path, {
        ...(detected?.delimiter === undefined ? {} : { delimiter: detected.delimiter }),
        ...options.delimited,
      });
      if (!parsed.ok) return parsed;
      return ok(delimitedToTable([parsed.text], options.delimited ?? {}));
    }
    case 'json_lines':
      return readJsonLinesText(decodeText(bytes, options.encoding), path, options.invalidLines ?? 'error');
    case 'parquet':
      try {
        return ok(await parquetBytesToTable(bytes));
      } catch (err) {
        return fail({ path, message: `not a readable Parquet file: ${errorText(err)}`, code: 'invalid' });
      }
    case 'arrow':
      try {
        return ok(arrowBytesToTable(bytes).table);
      } catch (err) {
        return fail({ path, message: `not a readable Arrow IPC file: ${errorText(err)}`, code: 'invalid' });
      }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function parseDelimitedBytes(
  bytes: Uint8Array,
  path: string,
  options: DelimitedReadOptions,
): { ok: true; text: DelimitedText } | { ok: false; issues: readonly DataIssue[] } {
  const text = parseDelimited(decodeText(bytes, options.encoding), options);
  if (text.issues.length > 0)
    return {
      ok: false,
      issues: text.issues.map((i): DataIssue => ({
        path,
        line: i.line,
        message: i.message,
        code: 'invalid',
      })),
    };
  return { ok: true, text };
}

/**
 * Reads several files as one table. Delimited files are merged before type inference (so a column that is
 * whole numbers in one file and decimals in another is float, not text); other formats are stacked.
 */
export async function readFiles(
  source: FileSource,
  paths: readonly string[],
  options: FileReadOptions = {},
): Promise<ReadResult> {
  const delimitedParts: DelimitedText[] = [];
  const tables: Table[] = [];
  const notes: string[] = [];
  const issues: DataIssue[] = [];
  for (const path of paths) {
    const bytes = await source.read(path);
    const format = options.format ?? formatOf(path)?.format;
    if (format === 'delimited') {
      const detected = formatOf(path)?.delimiter;
      const parsed = parseDelimitedBytes(bytes, path, {
        ...(detected === undefined ? {} : { delimiter: detected }),
        ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
        ...options.delimited,
      });
      if (parsed.ok) delimitedParts.push(parsed.text);
      else issues.push(...parsed.issues);
      continue;
    }
    const result = await bytesToTable(bytes, path, options);
    if (result.ok) {
      tables.push(result.table);
      notes.push(...result.notes);
    } else issues.push(...result.issues);
  }
  if (issues.length > 0) return fail(...issues);
  if (delimitedParts.length > 0) tables.unshift(delimitedToTable(delimitedParts, options.delimited ?? {}));
  if (tables.length === 0) return ok({ rowCount: 0, columns: [] }, notes);
  return ok(concatTables(tables), notes);
}

/** Every tabular file under a folder (by extension), sorted by path. */
export async function listTabularFiles(source: FileSource, folder: string): Promise<string[]> {
  const entries = await source.list(folder);
  return entries.filter((e) => formatOf(e.path) !== undefined).map((e) => e.path);
}
