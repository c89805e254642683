/** The local data-asset registry: one JSON file (`model-monitor-data.json` in the working directory by default). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  DataAssetExistsError,
  sortAssets,
  type DataAsset,
  type DataAssetRegistry,
} from '../core/data/assets.js';

export const LOCAL_REGISTRY_FILE = 'model-monitor-data.json';

interface RegistryFile {
  readonly assets: DataAsset[];
}

export function jsonDataAssetRegistry(
  file: string = path.join(process.cwd(), LOCAL_REGISTRY_FILE),
): DataAssetRegistry {
  const load = async (): Promise<DataAsset[]> => {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw err;
    }
    const parsed = JSON.parse(text) as Partial<RegistryFile>;
    if (!Array.isArray(parsed.assets)) throw new Error(`${file}: expected {"assets": [...]}`);
    return parsed.assets;
  };
  return {
    async create(asset) {
      const assets = await load();
      if (assets.some((a) => a.name === asset.name && a.version === asset.version))
        throw new DataAssetExistsError(asset.name, asset.version);
      const next: RegistryFile = { assets: sortAssets([...assets, asset]) };
      // Write then rename, so a crash never leaves a half-written registry.
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`);
      await fs.rename(tmp, file);
      return asset;
    },
    async get(name, version) {
      return (await load()).find((a) => a.name === name && a.version === version);
    },
    async list(name) {
      return sortAssets((await load()).filter((a) => name === undefined || a.name === name));
    },
  };
}
