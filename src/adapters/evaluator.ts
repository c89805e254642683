/**
 * The real `EvaluateDeps`: monitor inputs are resolved (`--asset` overrides, the data-asset registry, collector
 * folders) and read through `core/data/input.ts`; raw collector hours go through ingestion's own JSONL parser, so
 * an hour reads the same whether it was ingested (curated `.arrow`) or not yet (`.jsonl`); custom signal and
 * pre-processing modules are imported from the YAML's folder or from registered names. `evaluateYaml` is what
 * the CLI and the scheduled runs call.
 */
import path from 'node:path';
import type { TokenCredential } from '@azure/identity';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { DataAssetRegistry } from '../core/data/assets.js';
import {
  DatarefUnreadableError,
  isMetadataColumn,
  parseCollectorText,
  rolesFromSchemaMetadata,
  type ColumnRoles,
} from '../core/data/collector.js';
import type { RawHourParser } from '../core/data/collector-folders.js';
import { concatRows } from '../core/data/concat.js';
import { FileNotFoundError, baseName, joinPath, type FileSource } from '../core/data/file-source.js';
import { loadInput as loadDataInput } from '../core/data/input.js';
import type { SourceOpener } from '../core/data/load.js';
import { componentModule, type PreProcessingDeps } from '../core/data/pre-processing.js';
import { formatIssues } from '../core/data/read-result.js';
import type { CollectorRoot, ResolveContext } from '../core/data/resolve.js';
import type { Table } from '../core/data/table.js';
import {
  evaluateMonitor,
  type EvaluateDeps,
  type LoadRequest,
  type LoadResult,
} from '../core/runs/evaluate.js';
import type { EvaluationResult } from '../core/runs/result.js';
import type { CustomModuleLoader } from '../core/signals/index.js';
import { parseMonitorYaml, type SpecIssue, type SpecWarning } from '../core/spec/index.js';
import { blobFileSource } from './blob-files.js';
import { sourceOpener } from './data-sources.js';
import { localFileSource } from './local-files.js';
import { importModuleLoader } from './module-loader.js';

/** Ingestion's default line limit (`INGEST_MAX_LINE_BYTES`), so raw and curated hours agree on what is skipped. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface EvaluatorOptions {
  /** The data-asset registry (local JSON file or the Table); absent = only overrides and collector data. */
  readonly registry?: DataAssetRegistry;
  /** `name:version` → path (the CLI's `--asset`); wins over the registry. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Folder for relative local data paths and `--asset` paths (the CLI: the working directory). */
  readonly baseDir?: string;
  /** Folder of the monitor YAML: custom signal and pre-processing module paths are relative to it. */
  readonly specDir?: string;
  /** Where `azureml:<endpoint>-<deployment>-<collection>` collector data is looked up. */
  readonly collectorRoots?: readonly CollectorRoot[];
  readonly datastores?: ResolveContext['datastores'];
  /** The app's storage account, for blob and datastore references. */
  readonly blobService?: BlobServiceClient;
  readonly credential?: TokenCredential;
  /** Registered modules: `name:version` or `name` → module path (custom signals, pre-processing components). */
  readonly components?: Readonly<Record<string, string>>;
  readonly maxLineBytes?: number;
  /** Replaces the data opener (tests); default local files + the blob service. */
  readonly open?: SourceOpener;
}

/** A local `--collector-root` folder holding `<endpoint>/<deployment>/<collection>/yyyy/MM/dd/HH/*.jsonl`. */
export function localCollectorRoot(dir: string): CollectorRoot {
  return { source: localFileSource(), root: path.resolve(dir).split(path.sep).join('/') };
}

/**
 * Reads `.arrow` files from one source and everything else from another: the curated container laid over the
 * collector container. Both mirror `<endpoint>/<deployment>/<collection>/yyyy/MM/dd/HH/`, and an hour with a
 * curated partition is read from it (collector-folders prefers `.arrow`), an hour not ingested yet from raw JSONL.
 */
export function overlaySource(curated: FileSource, raw: FileSource): FileSource {
  const isArrow = (p: string): boolean => p.endsWith('.arrow');
  return {
    description: `${curated.description} over ${raw.description}`,
    async list(prefix, options) {
      const [a, b] = await Promise.all([curated.list(prefix, options), raw.list(prefix, options)]);
      const all = [...a.filter((e) => isArrow(e.path)), ...b.filter((e) => !isArrow(e.path))];
      all.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
      return options?.limit === undefined ? all : all.slice(0, options.limit);
    },
    read(p) {
      return isArrow(p) ? curated.read(p) : raw.read(p);
    },
  };
}

/**
 * The Function App's collector roots: ingestion's curated partitions (`CURATED_CONTAINER`) over the raw collector
 * output (`COLLECTOR_CONTAINER`, also under its `modelDataCollector/` datastore root).
 */
export function blobCollectorRoots(
  blobService: BlobServiceClient,
  containers: { readonly curatedContainer: string; readonly collectorContainer?: string },
): CollectorRoot[] {
  const curated = blobFileSource(blobService.getContainerClient(containers.curatedContainer));
  if (containers.collectorContainer === undefined) return [{ source: curated, root: '' }];
  const raw = blobFileSource(blobService.getContainerClient(containers.collectorContainer));
  return [
    { source: overlaySource(curated, raw), root: '' },
    { source: raw, root: 'modelDataCollector' },
  ];
}

function dirName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** Where a dataref may be in the source holding the JSONL file (ingestion's candidates, relative to the file). */
function datarefPaths(ref: string, file: string): string[] {
  const dir = dirName(file);
  if (/^https?:\/\//i.test(ref)) {
    let segments: string[];
    try {
      segments = new URL(ref).pathname
        .split('/')
        .filter((s) => s !== '')
        .map((s) => decodeURIComponent(s));
    } catch {
      return [];
    }
    // The container is the first segment (the account too, on emulators); the blob name is the rest.
    const out: string[] = [];
    for (let i = 1; i < segments.length; i++) out.push(segments.slice(i).join('/'));
    return out;
  }
  const rel = ref.replace(/^\.?\//, '');
  const candidates = [
    joinPath(dir, rel),
    rel,
    joinPath(dir, baseName(rel)),
    joinPath(dir, 'files', baseName(rel)),
  ];
  return [...new Set(candidates)];
}

const decoder = new TextDecoder('utf-8');

function decode(bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Ingestion's collector parser as a raw-hour reader. The roles of every parsed file and the quarantined lines are
 * reported through `seen` (metadata columns to exclude from features, notes).
 */
export function rawHourParser(
  seen: { roles: ColumnRoles[]; notes: string[] },
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): RawHourParser {
  return async (files, { source }) => {
    const tables: Table[] = [];
    for (const file of files) {
      const parsed = await parseCollectorText(decode(file.bytes), {
        sourceBlob: file.path,
        maxLineBytes,
        loadDataref: async (ref) => {
          const tried = datarefPaths(ref, file.path);
          for (const p of tried) {
            let bytes: Uint8Array;
            try {
              bytes = await source.read(p);
            } catch (err) {
              if (err instanceof FileNotFoundError) continue;
              throw err;
            }
            try {
              return JSON.parse(decode(bytes)) as unknown;
            } catch (err) {
              throw new DatarefUnreadableError(
                `${p} is not JSON (${err instanceof Error ? err.message : String(err)})`,
              );
            }
          }
          throw new DatarefUnreadableError(
            tried.length === 0 ? 'not a blob URL or path' : `not found (tried ${tried.join(', ')})`,
          );
        },
      });
      seen.roles.push(parsed.roles);
      if (parsed.quarantine.length > 0) {
        const first = parsed.quarantine[0];
        seen.notes.push(
          `${file.path}: ${parsed.quarantine.length} line(s) skipped (${parsed.counts.rowsQuarantined} row(s))` +
            (first ? `, first at line ${first.line}: ${first.reason}: ${first.message}` : ''),
        );
      }
      tables.push(parsed.table);
    }
    return concatRows(tables.filter((t) => t.columns.length > 0 || t.rowCount > 0));
  };
}

/** Module loader for custom signals: registered names first, paths relative to the YAML's folder. */
export function customModuleLoader(
  specDir: string,
  components: Readonly<Record<string, string>> = {},
): CustomModuleLoader {
  const load = importModuleLoader(specDir);
  return async (componentId) => {
    const target = componentModule(componentId, components);
    if (!target.ok) throw new Error(target.message.replace('pre_processing_component', 'component_id'));
    return load(target.path);
  };
}

export function evaluatorDeps(options: EvaluatorOptions = {}): EvaluateDeps {
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const specDir = path.resolve(options.specDir ?? baseDir);
  const posixBase = baseDir.split(path.sep).join('/');
  const overrides: Record<string, string> = {};
  // `--asset` paths are taken from the working directory, whatever folder the YAML is in.
  for (const [k, v] of Object.entries(options.overrides ?? {})) overrides[k] = path.resolve(baseDir, v);
  const resolve: ResolveContext = {
    ...(options.registry ? { registry: options.registry } : {}),
    overrides,
    ...(options.collectorRoots ? { collectorRoots: options.collectorRoots } : {}),
    ...(options.datastores ? { datastores: options.datastores } : {}),
    baseDir: posixBase,
  };
  const open =
    options.open ??
    sourceOpener({
      baseDir,
      ...(options.blobService ? { blobService: options.blobService } : {}),
      ...(options.credential ? { credential: options.credential } : {}),
    });
  const preProcessing: PreProcessingDeps = {
    loader: importModuleLoader(specDir),
    ...(options.components ? { components: options.components } : {}),
  };
  return {
    async loadInput(request: LoadRequest): Promise<LoadResult> {
      const { input, window } = request;
      const seen = { roles: [] as ColumnRoles[], notes: [] as string[] };
      const result = await loadDataInput(
        {
          path: input.path,
          type: input.type,
          ...(window.kind === 'range'
            ? { window: { start: new Date(window.startMs), end: new Date(window.endMs) } }
            : {}),
          ...(input.columns.timestamp === undefined ? {} : { timestampColumn: input.columns.timestamp }),
          ...(input.preProcessingComponent === undefined
            ? {}
            : { preProcessingComponent: input.preProcessingComponent }),
          what: `${request.role} data`,
        },
        {
          resolve,
          open,
          parseRawHour: rawHourParser(seen, options.maxLineBytes),
          preProcessing,
        },
      );
      if (!result.ok) return { ok: false, error: formatIssues(result.issues) };
      const roles = [...seen.roles];
      const fromArrow = result.schemaMetadata ? rolesFromSchemaMetadata(result.schemaMetadata) : undefined;
      if (fromArrow) roles.push(fromArrow);
      // The timestamp column that cuts the window is not a feature either: the declared one, else the
      // `timestamp`/`TIMESTAMP` column the window filter falls back to.
      const timestamp = input.columns.timestamp;
      const isTimestamp = (name: string): boolean =>
        name === timestamp || (window.kind === 'range' && (name === 'timestamp' || name === 'TIMESTAMP'));
      const metadataColumns = result.table.columns
        .map((c) => c.name)
        .filter((name) => isTimestamp(name) || roles.some((r) => isMetadataColumn(name, r)));
      return {
        ok: true,
        table: result.table,
        metadataColumns,
        notes: [...result.notes, ...seen.notes],
      };
    },
    loadCustomModule: customModuleLoader(specDir, options.components),
  };
}

export type EvaluateYamlResult =
  | { readonly ok: true; readonly result: EvaluationResult; readonly warnings: readonly SpecWarning[] }
  | {
      readonly ok: false;
      readonly problems: readonly SpecIssue[];
      readonly warnings: readonly SpecWarning[];
    };

/** Parses a monitor YAML and evaluates it at `runTime` (ISO-8601 or a Date). Bad YAML → problems, no throw. */
export async function evaluateYaml(
  yamlText: string,
  runTime: string | Date,
  options: EvaluatorOptions = {},
): Promise<EvaluateYamlResult> {
  const runTimeMs = typeof runTime === 'string' ? Date.parse(runTime) : runTime.getTime();
  const parsed = parseMonitorYaml(yamlText);
  if (!parsed.ok) return { ok: false, problems: parsed.problems, warnings: parsed.warnings };
  if (!Number.isFinite(runTimeMs))
    return {
      ok: false,
      problems: [
        { path: '(run time)', line: undefined, message: `'${String(runTime)}' is not an ISO-8601 instant` },
      ],
      warnings: parsed.warnings,
    };
  const result = await evaluateMonitor(parsed.spec, runTimeMs, evaluatorDeps(options));
  return { ok: true, result, warnings: parsed.warnings };
}
