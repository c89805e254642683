/**
 * One monitor input (`input_data` + its window) → table: resolve the reference, then either hand the window to
 * the `pre_processing_component` or read the data (collector hours, or rows filtered on the timestamp column).
 * As in Azure, a component only runs for windowed inputs: a reference without a window is the whole asset,
 * read as it is.
 */
import type { AssetType } from './assets.js';
import type { RawHourParser, TimeWindow } from './collector-folders.js';
import { loadResolvedData, type SourceOpener } from './load.js';
import { runPreProcessing, type PreProcessingDeps } from './pre-processing.js';
import { fail, type ReadResult } from './read-result.js';
import { resolveDataReference, type DataLocation, type ResolveContext } from './resolve.js';

export interface InputRequest {
  /** `input_data.path` as written in the YAML. */
  readonly path: string;
  readonly type?: AssetType;
  readonly window?: TimeWindow;
  /** `data_column_names.timestamp`. */
  readonly timestampColumn?: string;
  readonly preProcessingComponent?: string;
  /** How notes and errors name this input, e.g. 'production data of data-drift-signal'. */
  readonly what?: string;
}

export interface InputDeps {
  readonly resolve: ResolveContext;
  readonly open: SourceOpener;
  readonly parseRawHour?: RawHourParser;
  readonly preProcessing?: PreProcessingDeps;
}

/** What a component receives as `input_data`: a local path, a blob URL, or the collector folder. */
export function locationText(location: DataLocation): string {
  switch (location.kind) {
    case 'local':
      return location.path;
    case 'blob':
      return location.accountUrl === undefined
        ? `${location.container}/${location.path}`
        : `${location.accountUrl}/${location.container}/${location.path}`;
    case 'collector':
      return location.root;
  }
}

export async function loadInput(request: InputRequest, deps: InputDeps): Promise<ReadResult> {
  const what = request.what ?? request.path;
  const resolved = await resolveDataReference(request.path, deps.resolve, request.type);
  if (!resolved.ok) return fail({ path: what, code: 'not_found', message: resolved.message });
  const r = resolved.resolved;
  if (request.preProcessingComponent !== undefined && request.window) {
    if (!deps.preProcessing)
      return fail({
        path: what,
        code: 'unsupported',
        message: 'a pre_processing_component is set but no module loader is configured',
      });
    const result = await runPreProcessing(
      request.preProcessingComponent,
      {
        data_window_start: request.window.start.toISOString(),
        data_window_end: request.window.end.toISOString(),
        input_data: locationText(r.location),
      },
      deps.preProcessing,
    );
    return result.ok ? { ...result, notes: [...r.notes, ...result.notes] } : result;
  }
  const loaded = await loadResolvedData(r, deps.open, {
    ...(request.window ? { window: request.window } : {}),
    ...(request.timestampColumn === undefined ? {} : { timestampColumn: request.timestampColumn }),
    ...(deps.parseRawHour ? { parseRawHour: deps.parseRawHour } : {}),
    what,
  });
  if (loaded.ok && request.preProcessingComponent !== undefined)
    return {
      ...loaded,
      notes: [
        ...loaded.notes,
        `${what}: no data window, so the pre_processing_component was not run (the whole asset is used)`,
      ],
    };
  return loaded;
}
