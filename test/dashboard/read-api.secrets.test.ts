/** The read API never echoes a monitor YAML whose custom signal has a connection (environment and secrets). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryCatalog, memoryMetrics, memoryResults, memoryRuns } from '../../src/adapters/memory/stores.js';
import { handleReadApi } from '../../src/core/dashboard/read-api.js';
import { AZUREML_YAMLS_DIR } from '../helpers/paths.js';

const now = (): string => '2026-11-26T06:00:00.000Z';
const CUSTOM_WITH_SECRETS = readFileSync(
  path.join(
    AZUREML_YAMLS_DIR,
    'azure-sdk-for-python__sdk__ml__azure-ai-ml__tests__test_configs__monitoring__yaml_configs__custom@348f8bb.yaml',
  ),
  'utf8',
);
const PLAIN = CUSTOM_WITH_SECRETS.replace(/ {6}workspace_connection:\n(?: {8}.*\n)+/, '');

describe('read API and monitor secrets', () => {
  it('withholds the YAML of a monitor whose custom signal has a connection, and shows it otherwise', async () => {
    expect(CUSTOM_WITH_SECRETS).toContain('SECRET_1: secret1');
    expect(PLAIN).not.toContain('secret_config');
    const deps = {
      catalog: memoryCatalog(),
      runs: memoryRuns(),
      metrics: memoryMetrics(),
      results: memoryResults(),
      now,
    };
    await deps.catalog.create('with-secrets', CUSTOM_WITH_SECRETS, now());
    await deps.catalog.create('plain', PLAIN.replace('name: data-drift-test', 'name: plain'), now());

    const secret = await handleReadApi(deps, { kind: 'monitor', name: 'with-secrets' }, {});
    expect(secret.status).toBe(200);
    const text = JSON.stringify(secret.body);
    expect(text).not.toContain('secret1');
    expect(text).not.toContain('value1');
    expect(text).toContain('yamlWithheld');

    const plain = await handleReadApi(deps, { kind: 'monitor', name: 'plain' }, {});
    expect(plain.status).toBe(200);
    expect((plain.body as { yaml?: string }).yaml).toContain('testSignal');

    const list = await handleReadApi(deps, { kind: 'monitors' }, {});
    expect(JSON.stringify(list.body)).not.toContain('secret1');
  });
});
