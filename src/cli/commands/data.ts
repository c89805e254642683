/**
 * `model-monitor data create|list|show`: the data-asset registry, the counterpart of `az ml data create/list/show`.
 * Locally the registry is `model-monitor-data.json` in the working directory; with `--storage <connection string>`
 * it is the `dataassets` Table of that storage account (what the Function App uses).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  ASSET_TYPES,
  DataAssetExistsError,
  latestAsset,
  parseDataReference,
  validateAsset,
  type AssetType,
  type DataAsset,
  type DataAssetRegistry,
} from '../../core/data/assets.js';
import { jsonDataAssetRegistry, LOCAL_REGISTRY_FILE } from '../../adapters/json-data-registry.js';
import { tableDataAssetRegistryFromConnectionString } from '../../adapters/table-data-registry.js';

export interface DataCommandDeps {
  readonly cwd: () => string;
  readonly now: () => Date;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly setExitCode: (code: number) => void;
  /** Picks the registry: a Table when a connection string is given, else the JSON file in the working directory. */
  readonly registry: (options: { storage?: string; cwd: string }) => DataAssetRegistry;
}

export const defaultDataDeps: DataCommandDeps = {
  cwd: () => process.cwd(),
  now: () => new Date(),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  registry: ({ storage, cwd }) =>
    storage === undefined
      ? jsonDataAssetRegistry(path.join(cwd, LOCAL_REGISTRY_FILE))
      : tableDataAssetRegistryFromConnectionString(storage),
};

/** What a local path holds: a file, a folder with an MLTable file, another folder, or nothing. */
function localKind(p: string): 'file' | 'mltable' | 'folder' | 'missing' {
  try {
    const st = statSync(p);
    if (st.isFile()) return 'file';
    try {
      return statSync(path.join(p, 'MLTable')).isFile() ? 'mltable' : 'folder';
    } catch {
      return 'folder';
    }
  } catch {
    return 'missing';
  }
}

/**
 * Checks a new asset's path and decides its type. Local paths are made absolute (so the asset works from any
 * folder) and must exist with the right shape; remote paths (blob URLs, datastores) are stored as given.
 */
export function prepareAssetPath(
  rawPath: string,
  type: AssetType | undefined,
  cwd: string,
): { ok: true; path: string; type: AssetType } | { ok: false; message: string } {
  const parsed = parseDataReference(rawPath);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  if (parsed.ref.kind === 'asset')
    return { ok: false, message: `--path may not be another asset reference ('${rawPath}')` };
  if (parsed.ref.kind !== 'local') return { ok: true, path: rawPath, type: type ?? 'uri_folder' };
  const abs = path.resolve(cwd, parsed.ref.path);
  const kind = localKind(abs);
  if (kind === 'missing') return { ok: false, message: `--path ${rawPath}: no such file or folder (${abs})` };
  const inferred: AssetType = kind === 'file' ? 'uri_file' : kind === 'mltable' ? 'mltable' : 'uri_folder';
  const chosen = type ?? inferred;
  if (chosen === 'uri_file' && kind !== 'file')
    return { ok: false, message: `--type uri_file needs a file, but ${abs} is a folder` };
  if (chosen !== 'uri_file' && kind === 'file' && path.basename(abs) !== 'MLTable')
    return { ok: false, message: `--type ${chosen} needs a folder, but ${abs} is a file` };
  if (chosen === 'mltable' && kind === 'folder')
    return { ok: false, message: `--type mltable needs a folder with an MLTable file; ${abs} has none` };
  return {
    ok: true,
    path: kind === 'file' && path.basename(abs) === 'MLTable' ? path.dirname(abs) : abs,
    type: chosen,
  };
}

function describeAsset(a: DataAsset): string {
  return JSON.stringify(a, null, 2) + '\n';
}

export function registerData(program: Command, deps: DataCommandDeps = defaultDataDeps): void {
  const data = program
    .command('data')
    .description(`data assets (azureml:<name>:<version>); local registry: ./${LOCAL_REGISTRY_FILE}`)
    .option('--storage <connection-string>', 'use the Azure Table registry of this storage account instead');

  const registryOf = (): DataAssetRegistry => {
    const { storage } = data.opts<{ storage?: string }>();
    return deps.registry({ ...(storage === undefined ? {} : { storage }), cwd: deps.cwd() });
  };
  const usage = (message: string): void => {
    deps.err(`model-monitor data: ${message}\n`);
    deps.setExitCode(2);
  };

  data
    .command('create')
    .description('register a data asset version (versions are immutable)')
    .requiredOption('--name <name>', 'asset name')
    .requiredOption('--version <version>', 'asset version')
    .requiredOption(
      '--path <path>',
      'local path, https://<account>.blob.core.windows.net/<container>/<path> or azureml://datastores/<ds>/paths/<path>',
    )
    .option(
      '--type <type>',
      `one of ${ASSET_TYPES.join(', ')} (default: from the path: file → uri_file, folder with MLTable → mltable, else uri_folder)`,
    )
    .option('--description <text>', 'free text')
    .action(
      async (opts: { name: string; version: string; path: string; type?: string; description?: string }) => {
        if (opts.type !== undefined && !ASSET_TYPES.includes(opts.type as AssetType)) {
          usage(`--type ${opts.type}: expected one of ${ASSET_TYPES.join(', ')}`);
          return;
        }
        const prepared = prepareAssetPath(opts.path, opts.type as AssetType | undefined, deps.cwd());
        if (!prepared.ok) {
          usage(prepared.message);
          return;
        }
        const asset: DataAsset = {
          name: opts.name,
          version: opts.version,
          type: prepared.type,
          path: prepared.path,
          ...(opts.description === undefined ? {} : { description: opts.description }),
          createdAt: deps.now().toISOString(),
        };
        const problems = validateAsset(asset);
        if (problems.length > 0) {
          usage(problems.join('\n'));
          return;
        }
        try {
          deps.out(describeAsset(await registryOf().create(asset)));
        } catch (err) {
          if (!(err instanceof DataAssetExistsError)) throw err;
          deps.err(`model-monitor data: ${err.message}\n`);
          deps.setExitCode(1);
        }
      },
    );

  data
    .command('list')
    .description('list data assets (all versions), one per line: name, version, type, path')
    .option('--name <name>', 'only this asset')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { name?: string; format: string }) => {
      if (opts.format !== 'table' && opts.format !== 'json') {
        usage(`--format ${opts.format}: expected table or json`);
        return;
      }
      const assets = await registryOf().list(opts.name);
      if (opts.format === 'json') deps.out(JSON.stringify(assets, null, 2) + '\n');
      else for (const a of assets) deps.out(`${a.name}\t${a.version}\t${a.type}\t${a.path}\n`);
    });

  data
    .command('show')
    .description('show one asset: <name>:<version>, <name>@latest or <name> (latest)')
    .argument('<asset>', 'name[:version]')
    .action(async (ref: string) => {
      const text = ref.startsWith('azureml:') ? ref : `azureml:${ref}`;
      const parsed = parseDataReference(text);
      if (!parsed.ok || parsed.ref.kind !== 'asset') {
        usage(`'${ref}': expected <name>:<version>, <name>@latest or <name>`);
        return;
      }
      const { name, version } = parsed.ref;
      const registry = registryOf();
      const asset =
        version === undefined ? await latestAsset(registry, name) : await registry.get(name, version);
      if (!asset) {
        const versions = (await registry.list(name)).map((a) => a.version);
        deps.err(
          `model-monitor data: no data asset ${name}${version === undefined ? '' : `:${version}`}` +
            (versions.length > 0 ? ` (versions: ${versions.join(', ')})` : '') +
            '\n',
        );
        deps.setExitCode(1);
        return;
      }
      deps.out(describeAsset(asset));
    });
}

export const register = (program: Command): void => {
  registerData(program);
};
