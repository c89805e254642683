import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  memoryDataAssetRegistry,
  parseDataReference,
  validateAsset,
  type DataAsset,
} from '../../../src/core/data/assets.js';
import {
  collectorSplits,
  resolveDataReference,
  type ResolveContext,
} from '../../../src/core/data/resolve.js';
import { memoryFileSource } from '../../../src/core/data/file-source.js';

const asset = (name: string, version: string, p: string, type: DataAsset['type'] = 'mltable'): DataAsset => ({
  name,
  version,
  type,
  path: p,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('compareVersions', () => {
  it('orders digit runs numerically and text runs lexically', () => {
    const sorted = ['10', '9', '1.10', '1.9', '2', '1', 'beta', '1.2.0', '1.2'].sort(compareVersions);
    expect(sorted).toEqual(['beta', '1', '1.2', '1.2.0', '1.9', '1.10', '2', '9', '10']);
    expect(compareVersions('01', '1')).toBeGreaterThan(0);
    expect(compareVersions('3', '3')).toBe(0);
  });
  it('validates names, versions and types', () => {
    expect(validateAsset({ name: 'ok-name_1.x', version: '3', type: 'uri_file', path: 'a' })).toEqual([]);
    expect(
      validateAsset({ name: '-bad', version: 'latest', type: 'table' as 'mltable', path: ' ' }),
    ).toHaveLength(4);
  });
});

describe('parseDataReference', () => {
  it.each([
    ['azureml:credit:3', { kind: 'asset', name: 'credit', version: '3' }],
    ['azureml:credit@latest', { kind: 'asset', name: 'credit' }],
    ['azureml:credit', { kind: 'asset', name: 'credit' }],
    ['azureml:credit:latest', { kind: 'asset', name: 'credit' }],
    [
      'azureml://datastores/workspaceblobstore/paths/modelDataCollector/ep/dep/model_inputs/',
      { kind: 'datastore', datastore: 'workspaceblobstore', path: 'modelDataCollector/ep/dep/model_inputs/' },
    ],
    [
      'azureml://subscriptions/s/resourcegroups/g/workspaces/w/datastores/ds/paths/a/b.csv',
      { kind: 'datastore', datastore: 'ds', path: 'a/b.csv' },
    ],
    [
      'https://acct.blob.core.windows.net/cont/dir/file.csv',
      {
        kind: 'blob',
        accountUrl: 'https://acct.blob.core.windows.net',
        container: 'cont',
        path: 'dir/file.csv',
      },
    ],
    [
      'wasbs://cont@acct.blob.core.windows.net/dir',
      { kind: 'blob', accountUrl: 'https://acct.blob.core.windows.net', container: 'cont', path: 'dir' },
    ],
    [
      'http://127.0.0.1:10000/devstoreaccount1/cont/x/y.csv',
      {
        kind: 'blob',
        accountUrl: 'http://127.0.0.1:10000/devstoreaccount1',
        container: 'cont',
        path: 'x/y.csv',
      },
    ],
    ['./data/ref.csv', { kind: 'local', path: './data/ref.csv' }],
    ['file:///tmp/a%20b.csv', { kind: 'local', path: '/tmp/a b.csv' }],
  ])('%s', (text, expected) => {
    expect(parseDataReference(text)).toEqual({ ok: true, ref: expected });
  });
  it('rejects malformed references with a message', () => {
    expect(parseDataReference('azureml://registries/x')).toMatchObject({ ok: false });
    expect(parseDataReference('azureml:a:b:c')).toMatchObject({ ok: false });
    expect(parseDataReference('s3://bucket/key')).toMatchObject({
      ok: false,
      message: "'s3://bucket/key': unsupported URI scheme",
    });
  });
});

describe('resolveDataReference', () => {
  const registry = memoryDataAssetRegistry([
    asset('credit-reference', '1', '/data/ref1'),
    asset('credit-reference', '10', 'azureml://datastores/workspaceblobstore/paths/ref/v10/'),
    asset('credit-reference', '9', 'https://acct.blob.core.windows.net/c/ref9.csv', 'uri_file'),
    // A registered asset whose name looks like a collector asset wins over the collector convention.
    asset('iris-blue-model_outputs', '1', '/registered/outputs'),
  ]);
  const collector = memoryFileSource(
    {
      'mdc/credit-default/main/model_inputs/2024/03/05/18/a.jsonl': '{}',
      'mdc/my-ep/blue-green/model_outputs/2024/03/05/18/a.jsonl': '{}',
      'mdc/iris/blue/model_outputs/2024/03/05/18/a.jsonl': '{}',
    },
    'collector',
  );
  const ctx: ResolveContext = {
    registry,
    collectorRoots: [{ source: collector, root: 'mdc' }],
    datastores: { workspaceblobstore: { container: 'azureml-blobstore-123' } },
    baseDir: '/work/here',
  };

  it('resolves name:version, @latest and bare names (highest version, numeric order)', async () => {
    const v1 = await resolveDataReference('azureml:credit-reference:1', ctx);
    expect(v1).toMatchObject({
      ok: true,
      resolved: { location: { kind: 'local', path: '/data/ref1' }, type: 'mltable' },
    });
    for (const ref of ['azureml:credit-reference@latest', 'azureml:credit-reference']) {
      const r = await resolveDataReference(ref, ctx);
      expect(r).toMatchObject({
        ok: true,
        resolved: {
          asset: { version: '10' },
          location: {
            kind: 'blob',
            container: 'azureml-blobstore-123',
            path: 'ref/v10/',
            datastore: 'workspaceblobstore',
          },
        },
      });
    }
    const v9 = await resolveDataReference('azureml:credit-reference:9', ctx);
    expect(v9).toMatchObject({
      ok: true,
      resolved: {
        type: 'uri_file',
        location: {
          kind: 'blob',
          accountUrl: 'https://acct.blob.core.windows.net',
          container: 'c',
          path: 'ref9.csv',
        },
      },
    });
  });

  it('lets --asset overrides win over the registry, relative paths from baseDir', async () => {
    const r = await resolveDataReference('azureml:credit-reference:1', {
      ...ctx,
      overrides: { 'credit-reference:1': 'local/ref.csv' },
    });
    expect(r).toMatchObject({
      ok: true,
      resolved: { location: { kind: 'local', path: '/work/here/local/ref.csv' } },
    });
    const latest = await resolveDataReference('azureml:credit-reference', {
      ...ctx,
      overrides: { 'credit-reference:2': '/a', 'credit-reference:11': '/b' },
    });
    expect(latest).toMatchObject({ ok: true, resolved: { location: { path: '/b' } } });
  });

  it('resolves unregistered <endpoint>-<deployment>-<collection> names to collector folders, trying the splits', async () => {
    expect(collectorSplits('a-b-c-d').map((s) => `${s.endpoint}|${s.deployment}|${s.collection}`)).toEqual([
      'a|b|c-d',
      'a|b-c|d',
      'a-b|c|d',
    ]);
    const r = await resolveDataReference('azureml:credit-default-main-model_inputs:1', ctx);
    expect(r).toMatchObject({
      ok: true,
      resolved: {
        type: 'uri_folder',
        location: {
          kind: 'collector',
          root: 'mdc/credit-default/main/model_inputs',
          endpoint: 'credit-default',
          deployment: 'main',
          collection: 'model_inputs',
        },
      },
    });
    const dashed = await resolveDataReference('azureml:my-ep-blue-green-model_outputs', ctx);
    expect(dashed).toMatchObject({
      ok: true,
      resolved: { location: { endpoint: 'my-ep', deployment: 'blue-green', collection: 'model_outputs' } },
    });
    const registered = await resolveDataReference('azureml:iris-blue-model_outputs:1', ctx);
    expect(registered).toMatchObject({
      ok: true,
      resolved: { location: { kind: 'local', path: '/registered/outputs' } },
    });
  });

  it('fails with a message naming the reference and everything tried', async () => {
    const r = await resolveDataReference('azureml:credit-default-canary-model_inputs:1', {
      ...ctx,
      overrides: { 'other:1': '/x' },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('cannot resolve azureml:credit-default-canary-model_inputs:1');
    expect(r.tried).toEqual([
      '--asset overrides: none for credit-default-canary-model_inputs:1 (given: other:1)',
      "data-asset registry: no asset named 'credit-default-canary-model_inputs'",
      'collector data in collector: none of mdc/credit/default/canary-model_inputs/, mdc/credit/default-canary/model_inputs/, mdc/credit-default/canary/model_inputs/ exists',
    ]);
    const wrongVersion = await resolveDataReference('azureml:credit-reference:4', { registry });
    expect(!wrongVersion.ok && wrongVersion.tried).toEqual([
      '--asset overrides: none given',
      "data-asset registry: 'credit-reference' has versions 1, 9, 10, not 4",
      "collector data: 'credit-reference' is not of the form <endpoint>-<deployment>-<collection>",
    ]);
  });
});

describe('resolveDataReference without collector roots', () => {
  it('says that no collector root was configured', async () => {
    const r = await resolveDataReference('azureml:ep-dep-model_inputs:1', {});
    expect(!r.ok && r.tried).toEqual([
      '--asset overrides: none given',
      'data-asset registry: none configured',
      'collector data: no collector root configured (--collector-root)',
    ]);
  });
});
