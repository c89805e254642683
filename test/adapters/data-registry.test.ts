/** One contract suite for every DataAssetRegistry: memory, the local JSON file, and a Table on Azurite. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  DataAssetExistsError,
  latestAsset,
  memoryDataAssetRegistry,
  type DataAsset,
  type DataAssetRegistry,
} from '../../src/core/data/assets.js';
import { jsonDataAssetRegistry } from '../../src/adapters/json-data-registry.js';
import { tableDataAssetRegistryFromConnectionString } from '../../src/adapters/table-data-registry.js';

const asset = (name: string, version: string, extra: Partial<DataAsset> = {}): DataAsset => ({
  name,
  version,
  type: 'mltable',
  path: `/data/${name}/${version}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

function contract(label: string, make: () => DataAssetRegistry): void {
  describe(`DataAssetRegistry contract: ${label}`, () => {
    it('creates, gets and lists assets; versions sort numerically', async () => {
      const r = make();
      expect(await r.list()).toEqual([]);
      await r.create(asset('credit-reference', '2'));
      await r.create(asset('credit-reference', '10', { description: 'ten', type: 'uri_folder' }));
      await r.create(asset('credit-reference', '9'));
      await r.create(
        asset('another', '1', { type: 'uri_file', path: 'https://acct.blob.core.windows.net/c/x.csv' }),
      );
      expect(await r.get('credit-reference', '10')).toEqual(
        asset('credit-reference', '10', { description: 'ten', type: 'uri_folder' }),
      );
      expect(await r.get('credit-reference', '3')).toBeUndefined();
      expect(await r.get('missing', '1')).toBeUndefined();
      expect((await r.list('credit-reference')).map((a) => a.version)).toEqual(['2', '9', '10']);
      expect((await r.list()).map((a) => `${a.name}:${a.version}`)).toEqual([
        'another:1',
        'credit-reference:2',
        'credit-reference:9',
        'credit-reference:10',
      ]);
      expect((await latestAsset(r, 'credit-reference'))?.version).toBe('10');
      expect(await latestAsset(r, 'nope')).toBeUndefined();
    });

    it('refuses to overwrite a version', async () => {
      const r = make();
      await r.create(asset('x', '1'));
      await expect(r.create(asset('x', '1', { path: '/other' }))).rejects.toBeInstanceOf(
        DataAssetExistsError,
      );
      expect((await r.get('x', '1'))?.path).toBe('/data/x/1');
    });
  });
}

contract('memory', () => memoryDataAssetRegistry());

const dirs: string[] = [];
contract('JSON file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mm-registry-'));
  dirs.push(dir);
  return jsonDataAssetRegistry(path.join(dir, 'model-monitor-data.json'));
});

let n = 0;
contract('Azure Table (Azurite)', () =>
  tableDataAssetRegistryFromConnectionString(
    inject('storageConnectionString'),
    `dataassetsregistry${Date.now() % 100000}x${n++}`,
  ),
);

describe('JSON file registry', () => {
  it('writes a readable file that a new instance reads back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mm-registry-'));
    dirs.push(dir);
    const file = path.join(dir, 'model-monitor-data.json');
    await jsonDataAssetRegistry(file).create(asset('a', '1'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ assets: [asset('a', '1')] });
    expect(await jsonDataAssetRegistry(file).get('a', '1')).toEqual(asset('a', '1'));
  });
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
