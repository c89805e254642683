/** The data-asset registry in Azure: a Table with PartitionKey = asset name, RowKey = version. */
import { DEVELOPMENT_STORAGE } from './settings.js';
import { TableClient, odata } from '@azure/data-tables';
import {
  DataAssetExistsError,
  sortAssets,
  type AssetType,
  type DataAsset,
  type DataAssetRegistry,
} from '../core/data/assets.js';

interface AssetEntity {
  type: string;
  path: string;
  description?: string;
  createdAt: string;
}

function toAsset(e: Partial<AssetEntity> & { partitionKey?: string; rowKey?: string }): DataAsset {
  return {
    name: e.partitionKey ?? '',
    version: e.rowKey ?? '',
    type: e.type as AssetType,
    path: e.path ?? '',
    ...(e.description === undefined || e.description === '' ? {} : { description: e.description }),
    createdAt: e.createdAt ?? '',
  };
}

export function tableDataAssetRegistry(client: TableClient): DataAssetRegistry {
  let ready: Promise<void> | undefined;
  const ensure = (): Promise<void> => {
    ready ??= client.createTable().then(
      () => undefined,
      (err: unknown) => {
        ready = undefined;
        throw err;
      },
    );
    return ready;
  };
  return {
    async create(asset) {
      await ensure();
      try {
        await client.createEntity<AssetEntity>({
          partitionKey: asset.name,
          rowKey: asset.version,
          type: asset.type,
          path: asset.path,
          ...(asset.description === undefined ? {} : { description: asset.description }),
          createdAt: asset.createdAt,
        });
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 409)
          throw new DataAssetExistsError(asset.name, asset.version);
        throw err;
      }
      return asset;
    },
    async get(name, version) {
      await ensure();
      try {
        return toAsset(await client.getEntity<AssetEntity>(name, version));
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw err;
      }
    },
    async list(name) {
      await ensure();
      const out: DataAsset[] = [];
      const entities = client.listEntities<AssetEntity>(
        name === undefined ? {} : { queryOptions: { filter: odata`PartitionKey eq ${name}` } },
      );
      for await (const e of entities) out.push(toAsset(e));
      return sortAssets(out);
    },
  };
}

export function tableDataAssetRegistryFromConnectionString(
  connectionString: string,
  tableName = 'dataassets',
): DataAssetRegistry {
  // The Tables SDK does not know the `UseDevelopmentStorage=true` shorthand (Azurite on its default ports).
  const conn = /^UseDevelopmentStorage=true;?$/i.test(connectionString.trim())
    ? DEVELOPMENT_STORAGE
    : connectionString;
  const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:\/\//i.test(conn);
  return tableDataAssetRegistry(
    TableClient.fromConnectionString(conn, tableName, insecure ? { allowInsecureConnection: true } : {}),
  );
}
