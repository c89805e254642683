/**
 * Resolved location → table. Decides how to read from what is there (and the asset type): a file by its
 * extension; a folder with an `MLTable` file as an MLTable; a folder laid out as `yyyy/MM/dd/HH/` as collector
 * data (hour-folder selection by the window); any other folder as all its tabular files stacked. For everything
 * but collector data, a window filters rows on the timestamp column (see time-filter.ts).
 */
import {
  readCollectorFolder,
  isCollectorFolder,
  type RawHourParser,
  type TimeWindow,
} from './collector-folders.js';
import { asFolder, baseName, joinPath, type FileSource } from './file-source.js';
import { readMLTable } from './mltable.js';
import { fail, type ReadResult } from './read-result.js';
import { listTabularFiles, readFiles } from './readers.js';
import type { DataLocation, ResolvedData } from './resolve.js';
import { filterByWindow } from './time-filter.js';

/** Opens a local or blob location as a FileSource and the path inside it (adapters provide this). */
export type SourceOpener = (location: Exclude<DataLocation, { kind: 'collector' }>) => {
  readonly source: FileSource;
  readonly path: string;
};

export interface LoadOptions {
  readonly window?: TimeWindow;
  /** `data_column_names.timestamp` of the input. */
  readonly timestampColumn?: string;
  readonly parseRawHour?: RawHourParser;
  /** How notes name this input, e.g. 'production data'. */
  readonly what?: string;
}

async function readAt(
  source: FileSource,
  path: string,
  resolved: ResolvedData,
  options: LoadOptions,
): Promise<ReadResult> {
  const where = `${resolved.reference} (${path} in ${source.description})`;
  const probe = await source.list(path, { limit: 2 });
  if (probe.length === 0)
    return fail({
      path: resolved.reference,
      code: 'not_found',
      message: `nothing found at ${path} (${source.description})`,
    });
  const isFile = probe.length === 1 && probe[0]?.path === joinPath(path);
  if (isFile) {
    if (baseName(path) === 'MLTable') return readMLTable(source, path.slice(0, -'MLTable'.length));
    if (resolved.type === 'mltable' || resolved.type === 'uri_folder')
      return fail({
        path: where,
        code: 'invalid',
        message: `type ${resolved.type} expects a folder, but this is a file`,
      });
    return readFiles(source, [path]);
  }
  if (resolved.type === 'uri_file')
    return fail({
      path: where,
      code: 'invalid',
      message: 'type uri_file expects a file, but this is a folder',
    });
  const folder = asFolder(path);
  const mltable = await source.list(`${folder}MLTable`, { limit: 1 });
  if (mltable[0]?.path === `${folder}MLTable`) return readMLTable(source, folder);
  if (resolved.type === 'mltable')
    return fail({
      path: where,
      code: 'not_found',
      message: 'type mltable expects an MLTable file in the folder',
    });
  if (await isCollectorFolder(source, folder))
    return readCollectorFolder(source, folder, {
      ...(options.window ? { window: options.window } : {}),
      ...(options.parseRawHour ? { parseRawHour: options.parseRawHour } : {}),
    });
  const files = await listTabularFiles(source, folder);
  if (files.length === 0)
    return fail({
      path: where,
      code: 'no_data',
      message: 'the folder holds no .csv, .tsv, .jsonl, .json, .parquet or .arrow files',
    });
  return readFiles(source, files);
}

/** Reads resolved data for an optional window. */
export async function loadResolvedData(
  resolved: ResolvedData,
  open: SourceOpener,
  options: LoadOptions = {},
): Promise<ReadResult> {
  const loc = resolved.location;
  let result: ReadResult;
  let byHour: boolean;
  if (loc.kind === 'collector') {
    byHour = true;
    result = await readCollectorFolder(loc.source, loc.root, {
      ...(options.window ? { window: options.window } : {}),
      ...(options.parseRawHour ? { parseRawHour: options.parseRawHour } : {}),
    });
  } else {
    const { source, path } = open(loc);
    result = await readAt(source, path, resolved, options);
    byHour = result.ok && (await isCollectorFolder(source, path));
  }
  if (!result.ok) return result;
  const notes = [...resolved.notes, ...result.notes];
  if (!options.window || byHour) return { ...result, notes };
  const filtered = filterByWindow(result.table, options.window, {
    ...(options.timestampColumn === undefined ? {} : { timestampColumn: options.timestampColumn }),
    what: options.what ?? resolved.reference,
  });
  if (!filtered.ok) return filtered;
  return { ...result, table: filtered.table, notes: [...notes, ...filtered.notes] };
}
