/**
 * Data assets, the counterpart of `az ml data create`: a name + version pointing at a path, with a type
 * (`uri_file`, `uri_folder`, `mltable`). The registry is a port: a JSON file locally, a Table in Azure, memory
 * in tests; all pass the same contract suite.
 */

export type AssetType = 'mltable' | 'uri_folder' | 'uri_file';
export const ASSET_TYPES: readonly AssetType[] = ['mltable', 'uri_folder', 'uri_file'];

export interface DataAsset {
  readonly name: string;
  readonly version: string;
  readonly type: AssetType;
  /** A local path (absolute), an `azureml://datastores/...` URI, or an `https://<account>.blob...` URL. */
  readonly path: string;
  readonly description?: string;
  /** ISO time of creation (given by the caller; the core has no clock). */
  readonly createdAt: string;
}

export interface DataAssetRegistry {
  /** Creates an asset; a name+version that exists already throws `DataAssetExistsError` (versions are immutable). */
  create(asset: DataAsset): Promise<DataAsset>;
  /** One version, or undefined. */
  get(name: string, version: string): Promise<DataAsset | undefined>;
  /** All assets (or all versions of one name), sorted by name then version (numeric-aware). */
  list(name?: string): Promise<readonly DataAsset[]>;
}

export class DataAssetExistsError extends Error {
  constructor(
    readonly assetName: string,
    readonly version: string,
  ) {
    super(`data asset ${assetName}:${version} already exists (versions are immutable; use a new version)`);
    this.name = 'DataAssetExistsError';
  }
}

/** Azure ML asset names: letters, digits, '-', '_' and '.', starting with a letter or digit. */
export const ASSET_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
export const ASSET_VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,29}$/;

/** Validation of a new asset's fields; returns the problems (empty = valid). */
export function validateAsset(asset: Pick<DataAsset, 'name' | 'version' | 'type' | 'path'>): string[] {
  const problems: string[] = [];
  if (!ASSET_NAME_RE.test(asset.name))
    problems.push(
      `name '${asset.name}': expected letters, digits, '-', '_' or '.', starting with a letter or digit`,
    );
  if (!ASSET_VERSION_RE.test(asset.version) || asset.version === 'latest')
    problems.push(`version '${asset.version}': expected letters, digits, '-', '_' or '.' (and not 'latest')`);
  if (!ASSET_TYPES.includes(asset.type))
    problems.push(`type '${asset.type}': expected one of ${ASSET_TYPES.join(', ')}`);
  if (asset.path.trim() === '') problems.push('path: expected a non-empty path');
  return problems;
}

/**
 * Numeric-aware version order: runs of digits compare as numbers ('10' > '9', '1.10' > '1.9'), other runs as
 * text; a version that is a prefix of another sorts first.
 */
export function compareVersions(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i] ?? '';
    const y = tb[i] ?? '';
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      if (x.length !== y.length) return x.length - y.length;
    } else if (x !== y) {
      if (nx !== ny) return nx ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return ta.length - tb.length;
}

export function sortAssets(assets: readonly DataAsset[]): DataAsset[] {
  return [...assets].sort((a, b) =>
    a.name === b.name ? compareVersions(a.version, b.version) : a.name < b.name ? -1 : 1,
  );
}

/** The highest version of a name, or undefined. */
export async function latestAsset(registry: DataAssetRegistry, name: string): Promise<DataAsset | undefined> {
  const all = await registry.list(name);
  return sortAssets(all.filter((a) => a.name === name)).pop();
}

/** A registry in memory (tests, and one-off CLI runs). */
export function memoryDataAssetRegistry(initial: readonly DataAsset[] = []): DataAssetRegistry {
  const items = new Map<string, DataAsset>(initial.map((a) => [`${a.name}\u0000${a.version}`, a]));
  return {
    create(asset) {
      const key = `${asset.name}\u0000${asset.version}`;
      if (items.has(key)) return Promise.reject(new DataAssetExistsError(asset.name, asset.version));
      items.set(key, asset);
      return Promise.resolve(asset);
    },
    get(name, version) {
      return Promise.resolve(items.get(`${name}\u0000${version}`));
    },
    list(name) {
      return Promise.resolve(
        sortAssets([...items.values()].filter((a) => name === undefined || a.name === name)),
      );
    },
  };
}

/** A parsed data reference, as written in a monitor YAML's `input_data.path` (or on the command line). */
export type DataReference =
  | { readonly kind: 'asset'; readonly name: string; readonly version?: string }
  | { readonly kind: 'datastore'; readonly datastore: string; readonly path: string }
  | {
      readonly kind: 'blob';
      /** `https://<account>.blob.core.windows.net` or, for emulators, `http://host:port/<account>`. */
      readonly accountUrl: string;
      readonly container: string;
      readonly path: string;
    }
  | { readonly kind: 'local'; readonly path: string };

/**
 * Parses a reference: `azureml:<name>:<version>`, `azureml:<name>@latest`, `azureml:<name>`,
 * `azureml://datastores/<ds>/paths/<p>` (also the long `azureml://subscriptions/.../datastores/...` form),
 * `https://<acct>.blob.core.windows.net/<container>/<p>`, `wasbs://<container>@<acct>.blob.core.windows.net/<p>`,
 * path-style emulator URLs `http://127.0.0.1:10000/<acct>/<container>/<p>`, `file://` URLs, and local paths.
 */
export function parseDataReference(
  ref: string,
): { ok: true; ref: DataReference } | { ok: false; message: string } {
  const text = ref.trim();
  if (text.startsWith('azureml://')) {
    const m = /(?:^azureml:\/\/|\/)datastores\/([^/]+)\/paths\/(.*)$/.exec(text);
    if (!m?.[1])
      return { ok: false, message: `'${ref}': expected azureml://datastores/<datastore>/paths/<path>` };
    return { ok: true, ref: { kind: 'datastore', datastore: m[1], path: m[2] ?? '' } };
  }
  if (text.startsWith('azureml:')) {
    const body = text.slice('azureml:'.length);
    const at = /^([^:@/]+)@latest$/.exec(body);
    if (at?.[1]) return { ok: true, ref: { kind: 'asset', name: at[1] } };
    const m = /^([^:@/]+)(?::([^:@/]+))?$/.exec(body);
    if (!m?.[1])
      return {
        ok: false,
        message: `'${ref}': expected azureml:<name>:<version>, azureml:<name>@latest or azureml:<name>`,
      };
    return {
      ok: true,
      ref:
        m[2] === undefined || m[2] === 'latest'
          ? { kind: 'asset', name: m[1] }
          : { kind: 'asset', name: m[1], version: m[2] },
    };
  }
  const wasb = /^(?:wasbs?|abfss?):\/\/([^@/]+)@([^./]+)\.(?:blob|dfs)\.core\.windows\.net\/?(.*)$/.exec(
    text,
  );
  if (wasb?.[1] && wasb[2])
    return {
      ok: true,
      ref: {
        kind: 'blob',
        accountUrl: `https://${wasb[2]}.blob.core.windows.net`,
        container: wasb[1],
        path: wasb[3] ?? '',
      },
    };
  const https = /^(https?):\/\/([^/]+)\/(.*)$/.exec(text);
  if (https?.[1] && https[2]) {
    const host = https[2];
    const segments = (https[3] ?? '').split('/');
    if (/\.(?:blob|dfs)\.core\.windows\.net$/i.test(host)) {
      const container = segments[0] ?? '';
      if (container === '')
        return {
          ok: false,
          message: `'${ref}': expected https://<account>.blob.core.windows.net/<container>/<path>`,
        };
      return {
        ok: true,
        ref: {
          kind: 'blob',
          accountUrl: `https://${host.replace('.dfs.', '.blob.')}`,
          container,
          path: segments.slice(1).join('/'),
        },
      };
    }
    // Path-style (Azurite and other emulators): http://host:port/<account>/<container>/<path>.
    const [account, container] = segments;
    if (!account || !container)
      return { ok: false, message: `'${ref}': expected <scheme>://<host>/<account>/<container>/<path>` };
    return {
      ok: true,
      ref: {
        kind: 'blob',
        accountUrl: `${https[1]}://${host}/${account}`,
        container,
        path: segments.slice(2).join('/'),
      },
    };
  }
  if (text.startsWith('file://'))
    return { ok: true, ref: { kind: 'local', path: decodeURIComponent(text.slice('file://'.length)) } };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    return { ok: false, message: `'${ref}': unsupported URI scheme` };
  if (text === '') return { ok: false, message: 'empty data path' };
  return { ok: true, ref: { kind: 'local', path: text } };
}
