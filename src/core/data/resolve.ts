/**
 * Resolution of a data reference (a monitor's `input_data.path`, or a CLI argument) to a location:
 * `--asset name:version=path` overrides first, then the data-asset registry, then — for names that no registered
 * asset has — the data-collector convention `<endpoint>-<deployment>-<collection>`, tried against the
 * endpoint/deployment folders that exist under the collector roots. Failures are values that name the reference
 * and everything that was tried.
 */
import {
  compareVersions,
  latestAsset,
  parseDataReference,
  type AssetType,
  type DataAsset,
  type DataAssetRegistry,
} from './assets.js';
import { asFolder, joinPath, type FileSource } from './file-source.js';

export type DataLocation =
  | { readonly kind: 'local'; readonly path: string }
  | {
      readonly kind: 'blob';
      /** Undefined = the storage account the app is configured with. */
      readonly accountUrl?: string;
      readonly container: string;
      readonly path: string;
      /** The datastore named in an `azureml://datastores/...` reference, when that is where it came from. */
      readonly datastore?: string;
    }
  | {
      readonly kind: 'collector';
      readonly source: FileSource;
      /** `<collector root>/<endpoint>/<deployment>/<collection>` in `source`. */
      readonly root: string;
      readonly endpoint: string;
      readonly deployment: string;
      readonly collection: string;
    };

export interface ResolvedData {
  readonly reference: string;
  readonly location: DataLocation;
  /** From the registered asset (or the monitor YAML); undefined = decide from what is there. */
  readonly type?: AssetType;
  readonly asset?: DataAsset;
  /** How the reference was resolved, for notes and error messages. */
  readonly notes: readonly string[];
}

export interface CollectorRoot {
  readonly source: FileSource;
  /** Folder holding `<endpoint>/<deployment>/<collection>/yyyy/MM/dd/HH/`; '' = the source's root. */
  readonly root: string;
}

export interface ResolveContext {
  readonly registry?: DataAssetRegistry;
  /** `<name>:<version>` → local path (the CLI's `--asset name:version=path`); wins over the registry. */
  readonly overrides?: Readonly<Record<string, string>>;
  readonly collectorRoots?: readonly CollectorRoot[];
  /** Datastore name → blob container (and account). A datastore not listed maps to a container of its name. */
  readonly datastores?: Readonly<
    Record<string, { readonly container: string; readonly accountUrl?: string }>
  >;
  /** Folder that relative local paths are taken from (the working directory, in the CLI). */
  readonly baseDir?: string;
}

export type ResolveResult =
  | { readonly ok: true; readonly resolved: ResolvedData }
  | {
      readonly ok: false;
      readonly reference: string;
      readonly message: string;
      readonly tried: readonly string[];
    };

function localPath(path: string, baseDir: string | undefined): string {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || baseDir === undefined
    ? path
    : joinPath(baseDir, path);
}

/** Override lookup: exact `name:version`; for an unversioned reference the highest version given for the name. */
function findOverride(
  overrides: Readonly<Record<string, string>>,
  name: string,
  version: string | undefined,
): { key: string; path: string } | undefined {
  if (version !== undefined) {
    const path = overrides[`${name}:${version}`];
    return path === undefined ? undefined : { key: `${name}:${version}`, path };
  }
  for (const key of [`${name}@latest`, `${name}:latest`, name]) {
    const path = overrides[key];
    if (path !== undefined) return { key, path };
  }
  const versions = Object.keys(overrides)
    .filter((k) => k.startsWith(`${name}:`))
    .map((k) => k.slice(name.length + 1))
    .sort(compareVersions);
  const top = versions.pop();
  const path = top === undefined ? undefined : overrides[`${name}:${top}`];
  return top === undefined || path === undefined ? undefined : { key: `${name}:${top}`, path };
}

/** Every way to cut `a-b-c-d` into endpoint, deployment and collection at '-' characters. */
export function collectorSplits(
  name: string,
): { endpoint: string; deployment: string; collection: string }[] {
  const parts = name.split('-');
  const out: { endpoint: string; deployment: string; collection: string }[] = [];
  for (let i = 1; i < parts.length - 1; i++)
    for (let j = i + 1; j < parts.length; j++)
      out.push({
        endpoint: parts.slice(0, i).join('-'),
        deployment: parts.slice(i, j).join('-'),
        collection: parts.slice(j).join('-'),
      });
  return out;
}

async function resolveCollector(
  name: string,
  roots: readonly CollectorRoot[],
  tried: string[],
): Promise<DataLocation | undefined> {
  const splits = collectorSplits(name);
  if (splits.length === 0) {
    tried.push(`collector data: '${name}' is not of the form <endpoint>-<deployment>-<collection>`);
    return undefined;
  }
  if (roots.length === 0) {
    tried.push('collector data: no collector root configured (--collector-root)');
    return undefined;
  }
  for (const { source, root } of roots) {
    const looked: string[] = [];
    for (const s of splits) {
      const folder = joinPath(root, s.endpoint, s.deployment, s.collection);
      looked.push(asFolder(folder));
      const found = await source.list(asFolder(folder), { limit: 1 });
      if (found.length > 0) return { kind: 'collector', source, root: folder, ...s };
    }
    tried.push(`collector data in ${source.description}: none of ${looked.join(', ')} exists`);
  }
  return undefined;
}

function locationOf(
  path: string,
  context: ResolveContext,
  notes: string[],
): { ok: true; location: DataLocation } | { ok: false; message: string } {
  const parsed = parseDataReference(path);
  if (!parsed.ok) return parsed;
  const r = parsed.ref;
  switch (r.kind) {
    case 'asset':
      return { ok: false, message: `an asset path may not itself be an asset reference ('${path}')` };
    case 'local':
      return { ok: true, location: { kind: 'local', path: localPath(r.path, context.baseDir) } };
    case 'blob':
      return {
        ok: true,
        location: { kind: 'blob', accountUrl: r.accountUrl, container: r.container, path: r.path },
      };
    case 'datastore': {
      const ds = context.datastores?.[r.datastore];
      if (!ds)
        notes.push(`datastore '${r.datastore}' is not configured; using the blob container '${r.datastore}'`);
      return {
        ok: true,
        location: {
          kind: 'blob',
          ...(ds?.accountUrl === undefined ? {} : { accountUrl: ds.accountUrl }),
          container: ds?.container ?? r.datastore,
          path: r.path,
          datastore: r.datastore,
        },
      };
    }
  }
}

/** Resolves a reference; `type` is the monitor YAML's `input_data.type` when known. */
export async function resolveDataReference(
  reference: string,
  context: ResolveContext,
  type?: AssetType,
): Promise<ResolveResult> {
  const parsed = parseDataReference(reference);
  if (!parsed.ok) return { ok: false, reference, message: parsed.message, tried: [] };
  const ref = parsed.ref;
  const notes: string[] = [];
  const typed = type === undefined ? {} : { type };
  if (ref.kind !== 'asset') {
    const loc = locationOf(reference, context, notes);
    if (!loc.ok) return { ok: false, reference, message: loc.message, tried: [] };
    return { ok: true, resolved: { reference, location: loc.location, ...typed, notes } };
  }
  const tried: string[] = [];
  const label = `${ref.name}${ref.version === undefined ? ' (latest)' : `:${ref.version}`}`;
  const override = context.overrides ? findOverride(context.overrides, ref.name, ref.version) : undefined;
  if (override) {
    notes.push(`${reference} → ${override.path} (--asset ${override.key})`);
    return {
      ok: true,
      resolved: {
        reference,
        location: { kind: 'local', path: localPath(override.path, context.baseDir) },
        ...typed,
        notes,
      },
    };
  }
  tried.push(
    context.overrides && Object.keys(context.overrides).length > 0
      ? `--asset overrides: none for ${label} (given: ${Object.keys(context.overrides).join(', ')})`
      : '--asset overrides: none given',
  );
  if (context.registry) {
    const asset =
      ref.version === undefined
        ? await latestAsset(context.registry, ref.name)
        : await context.registry.get(ref.name, ref.version);
    if (asset) {
      const loc = locationOf(asset.path, context, notes);
      if (!loc.ok)
        return {
          ok: false,
          reference,
          message: `registered asset ${asset.name}:${asset.version}: ${loc.message}`,
          tried,
        };
      notes.push(`${reference} → data asset ${asset.name}:${asset.version} (${asset.type}) at ${asset.path}`);
      return {
        ok: true,
        resolved: { reference, location: loc.location, type: type ?? asset.type, asset, notes },
      };
    }
    const versions = (await context.registry.list(ref.name)).map((a) => a.version);
    tried.push(
      versions.length > 0
        ? `data-asset registry: '${ref.name}' has versions ${versions.join(', ')}, not ${ref.version ?? ''}`
        : `data-asset registry: no asset named '${ref.name}'`,
    );
  } else tried.push('data-asset registry: none configured');
  const collector = await resolveCollector(ref.name, context.collectorRoots ?? [], tried);
  if (collector && collector.kind === 'collector') {
    notes.push(
      `${reference} → collector data ${collector.endpoint}/${collector.deployment}/${collector.collection}` +
        (ref.version === undefined ? '' : ` (the version '${ref.version}' is not used for collector data)`),
    );
    return { ok: true, resolved: { reference, location: collector, type: type ?? 'uri_folder', notes } };
  }
  return {
    ok: false,
    reference,
    message: `cannot resolve ${reference}: no --asset override, no registered data asset and no collector folder matched. Tried:\n  - ${tried.join('\n  - ')}`,
    tried,
  };
}
