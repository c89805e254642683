/**
 * Reading a data-collector collection for a time window. Files live in hour folders
 * `<root>/yyyy/MM/dd/HH/<file>`; the hours read are floor_hour(start) .. floor_hour(end), except that an end
 * exactly on the hour excludes that hour (Azure's preprocessor subtracts one second). Rows are not filtered by
 * their `time`: a partial first or last hour is read whole, as Azure does. Only hours that exist are read.
 *
 * An hour folder holding curated `.arrow` partitions (written by ingestion) is read from them; an hour with only
 * raw `.jsonl` files goes through `parseRawHour`, the data-collector line parser, which the caller supplies (it
 * lives with ingestion). Files in sub-folders of an hour (e.g. `files/dataref0.json`) are not data files.
 */
import { arrowBytesToTable } from './arrow.js';
import { asFolder, baseName, extensionOf, type FileSource } from './file-source.js';
import { fail, type DataIssue, type ReadResult } from './read-result.js';
import { concatRows } from './concat.js';
import type { Table } from './table.js';

export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

export interface RawCollectorFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * Turns the raw collector JSONL files of one hour into a table (one row per `data` element, with
 * `correlationid` expanded). `source` lets it load `dataref` blobs. Bad lines are the parser's business; throw
 * only for infrastructure failures.
 */
export type RawHourParser = (
  files: readonly RawCollectorFile[],
  context: { readonly source: FileSource; readonly hour: Date },
) => Table | Promise<Table>;

const HOUR_MS = 3_600_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyy/MM/dd/HH` of an instant, in UTC. */
export function hourKey(t: Date): string {
  return `${pad(t.getUTCFullYear(), 4)}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${pad(t.getUTCHours())}`;
}

/** The hours (their UTC starts) a window selects: floor_hour(start) .. floor_hour(end), end on the hour excluded. */
export function selectedHours(window: TimeWindow): Date[] {
  const start = Math.floor(window.start.getTime() / HOUR_MS) * HOUR_MS;
  const endMs = window.end.getTime();
  // An end exactly on the hour belongs to the next hour's folder, which is outside the window.
  const last = endMs % HOUR_MS === 0 ? endMs - HOUR_MS : Math.floor(endMs / HOUR_MS) * HOUR_MS;
  const hours: Date[] = [];
  for (let h = start; h <= last; h += HOUR_MS) hours.push(new Date(h));
  return hours;
}

const HOUR_PATH = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/([^/]+)$/;

export interface HourFiles {
  readonly hour: Date;
  readonly files: readonly string[];
}

/**
 * The hour folders under `root` that exist (within the window when given), each with its data files, in time
 * order. Lists one day folder at a time for windows up to 62 days, else the whole root once.
 */
export async function listCollectorHours(
  source: FileSource,
  root: string,
  window?: TimeWindow,
): Promise<HourFiles[]> {
  const base = asFolder(root);
  const wanted = window ? new Set(selectedHours(window).map(hourKey)) : undefined;
  const prefixes = new Set<string>();
  if (wanted && wanted.size <= 62 * 24) for (const k of wanted) prefixes.add(base + k.slice(0, 10) + '/');
  else prefixes.add(base);
  const byHour = new Map<string, string[]>();
  for (const prefix of prefixes) {
    for (const entry of await source.list(prefix)) {
      const rel = entry.path.slice(base.length);
      const m = HOUR_PATH.exec(rel);
      if (!m) continue;
      const key = `${m[1] ?? ''}/${m[2] ?? ''}/${m[3] ?? ''}/${m[4] ?? ''}`;
      if (wanted && !wanted.has(key)) continue;
      const ext = extensionOf(entry.path);
      if (ext !== 'jsonl' && ext !== 'arrow') continue;
      const list = byHour.get(key) ?? [];
      list.push(entry.path);
      byHour.set(key, list);
    }
  }
  return [...byHour.keys()].sort().map((key) => {
    const [y, mo, d, h] = key.split('/').map(Number);
    return {
      hour: new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0)),
      files: (byHour.get(key) ?? []).sort(),
    };
  });
}

export function noDataIssue(root: string, window?: TimeWindow): DataIssue {
  const span = window ? `${window.start.toISOString()} to ${window.end.toISOString()}` : '(whole asset)';
  return {
    path: root,
    code: 'no_data',
    message:
      `No data found for the given time window: ${span} in ${root}. ` +
      `We expect folder pattern ${root.replace(/\/$/, '')}/YYYY/MM/DD/HH/<your_log>.jsonl`,
  };
}

export interface CollectorReadOptions {
  readonly window?: TimeWindow;
  /** The data-collector JSONL parser, needed when an hour has raw `.jsonl` files and no curated partitions. */
  readonly parseRawHour?: RawHourParser;
}

/**
 * Reads one collection (`root` = `<endpoint>/<deployment>/<collection>` under the collector or curated prefix)
 * for a window (no window = every hour). No hour folder with data → a `no_data` issue with Azure's message.
 */
export async function readCollectorFolder(
  source: FileSource,
  root: string,
  options: CollectorReadOptions = {},
): Promise<ReadResult> {
  const hours = await listCollectorHours(source, root, options.window);
  if (hours.length === 0) return fail(noDataIssue(root, options.window));
  const tables: Table[] = [];
  let schemaMetadata: Record<string, string> | undefined;
  const notes: string[] = [];
  let rawHours = 0;
  for (const { hour, files } of hours) {
    const arrow = files.filter((f) => extensionOf(f) === 'arrow');
    if (arrow.length > 0) {
      for (const f of arrow) {
        let decoded;
        try {
          decoded = arrowBytesToTable(await source.read(f));
        } catch (err) {
          return fail({
            path: f,
            message: `not a readable Arrow partition: ${String(err)}`,
            code: 'invalid',
          });
        }
        tables.push(decoded.table);
        schemaMetadata ??= decoded.schemaMetadata;
      }
      continue;
    }
    if (!options.parseRawHour)
      return fail({
        path: `${asFolder(root)}${hourKey(hour)}/`,
        code: 'unsupported',
        message: `raw collector files (${files.map(baseName).join(', ')}) need the data-collector parser (parseRawHour), which was not given`,
      });
    const raw = await Promise.all(files.map(async (path) => ({ path, bytes: await source.read(path) })));
    tables.push(await options.parseRawHour(raw, { source, hour }));
    rawHours++;
  }
  if (rawHours > 0 && rawHours < hours.length)
    notes.push(`${rawHours} of ${hours.length} hour(s) were read from raw JSONL (no curated partitions yet)`);
  const result: ReadResult = {
    ok: true,
    table: concatRows(tables.filter((t) => t.columns.length > 0 || t.rowCount > 0)),
    notes,
    ...(schemaMetadata && Object.keys(schemaMetadata).length > 0 ? { schemaMetadata } : {}),
  };
  return result;
}

/** Whether `root` looks like a collector collection (some file at `root/yyyy/MM/dd/HH/<file>`). */
export async function isCollectorFolder(source: FileSource, root: string): Promise<boolean> {
  const base = asFolder(root);
  const sample = await source.list(base, { limit: 20 });
  return sample.some((e) => HOUR_PATH.test(e.path.slice(base.length)));
}
