/**
 * MLTable folders: an `MLTable` YAML file that names data files (`paths`: `file`, `folder`, `pattern`) and how
 * to read them (`transformations`). Supported readers: `read_delimited` (delimiter, header, encoding,
 * empty_as_string, skip_rows, infer_column_types, support_multi_line, include_path_column, path_column),
 * `read_json_lines` (encoding, invalid_lines, include_path_column, path_column), `read_parquet`
 * (include_path_column, path_column). Row/column transformations applied after reading: `keep_columns`,
 * `drop_columns`, `take`, `skip`. Every other transformation (`filter`, `convert_column_types`,
 * `extract_columns_from_partition_format`, `take_random_sample`, `read_delta_lake`, ...) is an error naming it,
 * because silently ignoring it would change the data. Settings that only tune performance
 * (`partition_size`) are accepted and ignored. Without a reader transformation each file is read by extension.
 * Paths are relative to the MLTable folder (absolute local paths are used as they are); remote URIs
 * (`azureml://`, `https://`, `wasbs://`...) inside an MLTable are not supported: register them as assets instead.
 */
import { parseDocument } from 'yaml';
import { joinPath, asFolder, type FileSource } from './file-source.js';
import { cellsToColumn } from './csv.js';
import { decoderLabel, formatOf, readFiles, type FileReadOptions } from './readers.js';
import { fail, ok, type DataIssue, type ReadResult } from './read-result.js';
import { concatTables, selectColumns, takeRows, type Column, type Table } from './table.js';

export type MLTablePath =
  | { readonly kind: 'file'; readonly value: string }
  | { readonly kind: 'folder'; readonly value: string }
  | { readonly kind: 'pattern'; readonly value: string };

export type MLTableReader =
  | { readonly kind: 'by_extension' }
  | {
      readonly kind: 'read_delimited';
      readonly delimiter: string;
      readonly header:
        'all_files_same_headers' | 'all_files_different_headers' | 'from_first_file' | 'no_header';
      readonly encoding: string;
      readonly emptyAsString: boolean;
      readonly skipRows: number;
      readonly inferColumnTypes: boolean;
    }
  | { readonly kind: 'read_json_lines'; readonly encoding: string; readonly invalidLines: 'error' | 'drop' }
  | { readonly kind: 'read_parquet' };

export type MLTableStep =
  | { readonly kind: 'keep_columns'; readonly columns: readonly string[] }
  | { readonly kind: 'drop_columns'; readonly columns: readonly string[] }
  | { readonly kind: 'take'; readonly count: number }
  | { readonly kind: 'skip'; readonly count: number };

export interface MLTableSpec {
  readonly paths: readonly MLTablePath[];
  readonly reader: MLTableReader;
  /** Column name for the source file path, when `include_path_column: true`. */
  readonly pathColumn?: string;
  readonly steps: readonly MLTableStep[];
}

const HEADERS = [
  'all_files_same_headers',
  'all_files_different_headers',
  'from_first_file',
  'no_header',
] as const;
const READERS = new Set(['read_delimited', 'read_json_lines', 'read_parquet']);
const STEPS = new Set(['keep_columns', 'drop_columns', 'take', 'skip']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses the text of an `MLTable` file. `file` is the name used in issues. */
export function parseMLTable(
  text: string,
  file = 'MLTable',
): { ok: true; spec: MLTableSpec } | { ok: false; issues: DataIssue[] } {
  const doc = parseDocument(text);
  const issues: DataIssue[] = [];
  const lineOf = (offset: number | undefined): number | undefined => {
    if (offset === undefined) return undefined;
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  };
  for (const e of doc.errors)
    issues.push({ path: file, line: lineOf(e.pos[0]) ?? 1, message: `YAML: ${e.message}`, code: 'invalid' });
  if (issues.length > 0) return { ok: false, issues };
  const root: unknown = doc.toJS();
  const problem = (key: string, message: string): void => {
    const node = doc.getIn(
      key.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      true,
    ) as { range?: [number, number, number] } | undefined;
    const line = lineOf(node?.range?.[0]);
    issues.push({
      path: `${file}: ${key}`,
      ...(line === undefined ? {} : { line }),
      message,
      code: 'invalid',
    });
  };
  if (!isRecord(root))
    return { ok: false, issues: [{ path: file, message: 'expected a YAML mapping', code: 'invalid' }] };
  if (root.type !== undefined && root.type !== 'mltable')
    problem('type', `expected 'mltable', got ${JSON.stringify(root.type)}`);

  const paths: MLTablePath[] = [];
  const rawPaths = root.paths;
  if (!Array.isArray(rawPaths) || rawPaths.length === 0)
    problem('paths', 'expected a non-empty list of file/folder/pattern entries');
  else
    rawPaths.forEach((p: unknown, i) => {
      const keys = isRecord(p)
        ? Object.keys(p).filter((k) => k === 'file' || k === 'folder' || k === 'pattern')
        : [];
      const key = keys[0];
      const value = isRecord(p) && key !== undefined ? p[key] : undefined;
      if (keys.length !== 1 || key === undefined || typeof value !== 'string')
        problem(`paths.${i}`, 'expected exactly one of file, folder or pattern with a string value');
      else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('azureml:'))
        issues.push({
          path: `${file}: paths.${i}.${key}`,
          message: `remote path '${value}' inside an MLTable is not supported; register it as a data asset instead`,
          code: 'unsupported',
        });
      else paths.push({ kind: key, value });
    });

  let reader: MLTableReader = { kind: 'by_extension' };
  let pathColumn: string | undefined;
  const steps: MLTableStep[] = [];
  const rawSteps = root.transformations ?? [];
  if (!Array.isArray(rawSteps)) problem('transformations', 'expected a list');
  else
    rawSteps.forEach((t: unknown, i) => {
      const name = typeof t === 'string' ? t : isRecord(t) ? Object.keys(t)[0] : undefined;
      const args: unknown = isRecord(t) && name !== undefined ? t[name] : undefined;
      const opts: Record<string, unknown> = isRecord(args) ? args : {};
      const at = `transformations.${i}`;
      if (name === undefined) {
        problem(at, 'expected a transformation name');
        return;
      }
      if (READERS.has(name)) {
        if (typeof opts.encoding === 'string') {
          try {
            new TextDecoder(decoderLabel(opts.encoding));
          } catch {
            problem(`${at}.${name}.encoding`, `unknown encoding '${opts.encoding}'`);
          }
        }
        if (reader.kind !== 'by_extension') problem(at, `a second reader transformation '${name}'`);
        if (opts.include_path_column === true)
          pathColumn = typeof opts.path_column === 'string' ? opts.path_column : 'Path';
        if (name === 'read_delimited') {
          const header = opts.header ?? 'all_files_same_headers';
          if (!HEADERS.includes(header as (typeof HEADERS)[number]))
            problem(`${at}.${name}.header`, `expected one of ${HEADERS.join(', ')}`);
          const delimiter = opts.delimiter ?? ',';
          if (typeof delimiter !== 'string' || delimiter.length !== 1)
            problem(`${at}.${name}.delimiter`, 'expected a single character');
          reader = {
            kind: 'read_delimited',
            delimiter: typeof delimiter === 'string' ? delimiter : ',',
            header: header as (typeof HEADERS)[number],
            encoding: typeof opts.encoding === 'string' ? opts.encoding : 'utf8',
            emptyAsString: opts.empty_as_string === true,
            skipRows: typeof opts.skip_rows === 'number' ? opts.skip_rows : 0,
            inferColumnTypes: opts.infer_column_types !== false,
          };
        } else if (name === 'read_json_lines') {
          const invalid = opts.invalid_lines ?? 'error';
          if (invalid !== 'error' && invalid !== 'drop')
            problem(`${at}.${name}.invalid_lines`, "expected 'error' or 'drop'");
          reader = {
            kind: 'read_json_lines',
            encoding: typeof opts.encoding === 'string' ? opts.encoding : 'utf8',
            invalidLines: invalid === 'drop' ? 'drop' : 'error',
          };
        } else reader = { kind: 'read_parquet' };
        return;
      }
      if (STEPS.has(name)) {
        if (name === 'keep_columns' || name === 'drop_columns') {
          const cols = typeof args === 'string' ? [args] : Array.isArray(args) ? args : undefined;
          if (!cols?.every((c) => typeof c === 'string'))
            problem(`${at}.${name}`, 'expected a column name or a list of names');
          else steps.push({ kind: name, columns: cols });
        } else {
          if (typeof args !== 'number' || !Number.isInteger(args) || args < 0)
            problem(`${at}.${name}`, 'expected a non-negative whole number');
          else steps.push({ kind: name as 'take' | 'skip', count: args });
        }
        return;
      }
      issues.push({
        path: `${file}: ${at}`,
        message: `transformation '${name}' is not supported (supported: read_delimited, read_json_lines, read_parquet, keep_columns, drop_columns, take, skip)`,
        code: 'unsupported',
      });
    });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, spec: { paths, reader, ...(pathColumn === undefined ? {} : { pathColumn }), steps } };
}

/** A glob (`*`, `**`, `?`, `[...]`) as a regular expression over '/'-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (glob.charAt(i + 1) === '*') {
        // `**/` matches zero or more folders.
        i++;
        if (glob.charAt(i + 1) === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The part of a glob before its first wildcard, cut back to a folder. */
function globBase(glob: string): string {
  const first = glob.search(/[*?[]/);
  if (first < 0) return glob;
  const cut = glob.lastIndexOf('/', first);
  return cut < 0 ? '' : glob.slice(0, cut + 1);
}

function resolveIn(folder: string, p: string): string {
  return p.startsWith('/') ? joinPath(p) : joinPath(folder, p);
}

/** The data files an MLTable's `paths` name, in order (patterns and folders sorted), without duplicates. */
export async function mltableFiles(
  source: FileSource,
  folder: string,
  spec: MLTableSpec,
  file = 'MLTable',
): Promise<{ files: string[]; issues: DataIssue[] }> {
  const files: string[] = [];
  const seen = new Set<string>();
  const issues: DataIssue[] = [];
  const add = (p: string): void => {
    if (!seen.has(p)) {
      seen.add(p);
      files.push(p);
    }
  };
  for (const [i, p] of spec.paths.entries()) {
    const target = resolveIn(folder, p.value);
    if (p.kind === 'file') {
      const found = await source.list(target, { limit: 1 });
      if (found[0]?.path === target) add(target);
      else
        issues.push({
          path: `${file}: paths.${i}.file`,
          message: `file '${p.value}' not found (${target})`,
          code: 'not_found',
        });
    } else if (p.kind === 'folder') {
      const entries = (await source.list(asFolder(target))).filter((e) => !e.path.endsWith('/MLTable'));
      // A folder of data files: keep the ones a reader understands when no reader is configured.
      const chosen =
        spec.reader.kind === 'by_extension' ? entries.filter((e) => formatOf(e.path) !== undefined) : entries;
      if (chosen.length === 0)
        issues.push({
          path: `${file}: paths.${i}.folder`,
          message: `folder '${p.value}' holds no data files (${target})`,
          code: 'no_data',
        });
      for (const e of chosen) add(e.path);
    } else {
      const pattern = resolveIn(folder, p.value);
      const re = globToRegExp(pattern);
      const matches = (await source.list(globBase(pattern))).filter((e) => re.test(e.path));
      if (matches.length === 0)
        issues.push({
          path: `${file}: paths.${i}.pattern`,
          message: `no files match '${p.value}' in ${asFolder(folder) || '.'}`,
          code: 'no_data',
        });
      for (const e of matches) add(e.path);
    }
  }
  return { files, issues };
}

function readOptions(spec: MLTableSpec): FileReadOptions {
  const r = spec.reader;
  switch (r.kind) {
    case 'by_extension':
      return {};
    case 'read_parquet':
      return { format: 'parquet' };
    case 'read_json_lines':
      return { format: 'json_lines', encoding: r.encoding, invalidLines: r.invalidLines };
    case 'read_delimited':
      return {
        format: 'delimited',
        encoding: r.encoding,
        delimited: {
          delimiter: r.delimiter,
          header: r.header !== 'no_header',
          skipRows: r.skipRows,
          emptyAsString: r.emptyAsString,
          inferTypes: r.inferColumnTypes,
          encoding: r.encoding,
        },
      };
  }
}

function withPathColumn(table: Table, name: string, paths: readonly string[]): Table {
  const column: Column = cellsToColumn(name, paths, { inferTypes: false });
  return { ...table, columns: [...table.columns.filter((c) => c.name !== name), column] };
}

function applySteps(table: Table, steps: readonly MLTableStep[]): Table {
  let t = table;
  for (const s of steps) {
    if (s.kind === 'keep_columns') t = selectColumns(t, s.columns);
    else if (s.kind === 'drop_columns')
      t = selectColumns(
        t,
        t.columns.map((c) => c.name).filter((n) => !s.columns.includes(n)),
      );
    else {
      const from = s.kind === 'skip' ? Math.min(s.count, t.rowCount) : 0;
      const to = s.kind === 'take' ? Math.min(s.count, t.rowCount) : t.rowCount;
      t = takeRows(
        t,
        Array.from({ length: to - from }, (_, i) => from + i),
      );
    }
  }
  return t;
}

/**
 * Reads the MLTable folder `folder` (the folder holding the `MLTable` file). An MLTable whose paths match no
 * files is an error (`no_data`), not an empty table: an empty reference or production set would only fail
 * later with a less useful message.
 */
export async function readMLTable(source: FileSource, folder: string): Promise<ReadResult> {
  const mltablePath = joinPath(folder, 'MLTable');
  const found = await source.list(mltablePath, { limit: 1 });
  if (found[0]?.path !== mltablePath)
    return fail({
      path: mltablePath,
      message: `no MLTable file in ${folder} (${source.description})`,
      code: 'not_found',
    });
  const text = new TextDecoder().decode(await source.read(mltablePath));
  const parsed = parseMLTable(text, mltablePath);
  if (!parsed.ok) return fail(...parsed.issues);
  const spec = parsed.spec;
  const { files, issues } = await mltableFiles(source, folder, spec, mltablePath);
  if (issues.length > 0) return fail(...issues);
  const options = readOptions(spec);
  const r = spec.reader;
  if (
    spec.pathColumn === undefined &&
    !(
      r.kind === 'read_delimited' &&
      r.header !== 'all_files_same_headers' &&
      r.header !== 'no_header' &&
      files.length > 1
    )
  ) {
    const read = await readFiles(source, files, options);
    return read.ok ? ok(applySteps(read.table, spec.steps), read.notes) : read;
  }
  // Per-file reads: needed for a path column and for headers that differ between files.
  const perFile: { table: Table; path: string }[] = [];
  const notes: string[] = [];
  for (const [i, f] of files.entries()) {
    let opts = options;
    if (r.kind === 'read_delimited' && r.header === 'from_first_file' && i > 0)
      opts = { ...options, delimited: { ...options.delimited, header: false } };
    const read = await readFiles(source, [f], opts);
    if (!read.ok) return read;
    notes.push(...read.notes);
    perFile.push({ table: read.table, path: f });
  }
  // from_first_file: later files take the first file's column names by position.
  if (r.kind === 'read_delimited' && r.header === 'from_first_file' && perFile.length > 1) {
    const names = perFile[0]?.table.columns.map((c) => c.name) ?? [];
    for (const p of perFile.slice(1))
      p.table = { ...p.table, columns: p.table.columns.map((c, j) => ({ ...c, name: names[j] ?? c.name })) };
  }
  const parts = perFile.map((p) =>
    spec.pathColumn === undefined
      ? p.table
      : withPathColumn(p.table, spec.pathColumn, new Array<string>(p.table.rowCount).fill(p.path)),
  );
  return ok(applySteps(concatTables(parts), spec.steps), notes);
}
