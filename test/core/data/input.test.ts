import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInput } from '../../../src/core/data/input.js';
import { memoryDataAssetRegistry } from '../../../src/core/data/assets.js';
import { sourceOpener } from '../../../src/adapters/data-sources.js';
import { importModuleLoader } from '../../../src/adapters/module-loader.js';
import { AZUREML_DATA_DIR, FIXTURES_DIR } from '../../helpers/paths.js';

const registry = memoryDataAssetRegistry([
  {
    name: 'credit-production',
    version: '1',
    type: 'mltable',
    path: path.join(AZUREML_DATA_DIR, 'mltable_test_with_timestamp_production_data'),
    createdAt: '2026-01-01T00:00:00Z',
  },
  {
    name: 'events',
    version: '2',
    type: 'uri_file',
    path: path.join(FIXTURES_DIR, 'preprocess', 'events.jsonl'),
    createdAt: '2026-01-01T00:00:00Z',
  },
]);
const deps = {
  resolve: { registry },
  open: sourceOpener(),
  preProcessing: { loader: importModuleLoader(path.join(FIXTURES_DIR, 'preprocess')) },
};
const window = { start: new Date('2024-03-05T18:00:00Z'), end: new Date('2024-03-05T19:00:00Z') };

describe('loadInput', () => {
  it('resolves a registered MLTable and filters it on TIMESTAMP', async () => {
    const all = await loadInput({ path: 'azureml:credit-production:1', type: 'mltable' }, deps);
    const some = await loadInput(
      {
        path: 'azureml:credit-production@latest',
        type: 'mltable',
        window: { start: new Date('2023-12-04T18:00:00Z'), end: new Date('2023-12-05T00:00:00Z') },
      },
      deps,
    );
    expect(all.ok && all.table.rowCount).toBe(99);
    expect(some.ok && some.table.rowCount).toBeLessThan(99);
    expect(some.ok && some.notes[0]).toContain('data asset credit-production:1');
  });

  it('runs the pre_processing_component for a windowed input, with the resolved location as input_data', async () => {
    const r = await loadInput(
      { path: 'azureml:events:2', window, preProcessingComponent: './window-filter.mjs' },
      deps,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.table.rowCount).toBe(2);
    const whole = await loadInput(
      { path: 'azureml:events:2', preProcessingComponent: './window-filter.mjs' },
      deps,
    );
    expect(whole.ok && whole.table.rowCount).toBe(4);
    expect(whole.ok && whole.notes.at(-1)).toContain('pre_processing_component was not run');
  });

  it('turns resolution failures into issues naming the input', async () => {
    const r = await loadInput({ path: 'azureml:nope:1', what: 'reference data of drift' }, deps);
    expect(r).toMatchObject({ ok: false, issues: [{ path: 'reference data of drift', code: 'not_found' }] });
  });
});
