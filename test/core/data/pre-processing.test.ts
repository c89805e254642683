import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPreProcessing } from '../../../src/core/data/pre-processing.js';
import { importModuleLoader } from '../../../src/adapters/module-loader.js';
import { valueAt } from '../../../src/core/data/table.js';
import { FIXTURES_DIR } from '../../helpers/paths.js';

const dir = path.join(FIXTURES_DIR, 'preprocess');
const args = {
  data_window_start: '2024-03-05T18:00:00Z',
  data_window_end: '2024-03-05T19:00:00Z',
  input_data: path.join(dir, 'events.jsonl'),
};

describe('runPreProcessing', () => {
  it('calls the module with the window and input, and builds a table from its rows', async () => {
    const result = await runPreProcessing('./window-filter.mjs', args, { loader: importModuleLoader(dir) });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.table.rowCount).toBe(2);
    const x = result.table.columns.find((c) => c.name === 'x')!;
    expect([valueAt(x, 0), valueAt(x, 1)]).toEqual([2, 3.5]);
    expect(result.table.columns.map((c) => c.name)).toEqual(['time', 'x', 'source']);
    expect(result.notes).toEqual(['pre_processing_component ./window-filter.mjs produced 2 rows']);
  });

  it('resolves a registered component name', async () => {
    const result = await runPreProcessing('azureml:my_preprocessing:1', args, {
      loader: importModuleLoader(dir),
      components: { 'my_preprocessing:1': path.join(dir, 'window-filter.mjs') },
    });
    expect(result.ok && result.table.rowCount).toBe(2);
    const missing = await runPreProcessing('azureml:other:2', args, {
      loader: importModuleLoader(dir),
      components: { 'my_preprocessing:1': 'x' },
    });
    expect(missing).toMatchObject({ ok: false, issues: [{ code: 'not_found' }] });
    expect(!missing.ok && missing.issues[0]!.message).toContain('registered: my_preprocessing:1');
  });

  it('reports a module that cannot be loaded, has no function, or returns a non-table', async () => {
    const loader = importModuleLoader(dir);
    expect(await runPreProcessing('./nope.mjs', args, { loader })).toMatchObject({
      ok: false,
      issues: [{ code: 'not_found' }],
    });
    const broken = await runPreProcessing('./broken.mjs', args, { loader });
    expect(!broken.ok && broken.issues[0]!.message).toBe(
      'expected a table or an array of row objects, got number',
    );
    const throwing = await runPreProcessing('x', args, {
      loader: () =>
        Promise.resolve({
          default: () => {
            throw new Error('boom');
          },
        }),
    });
    expect(!throwing.ok && throwing.issues[0]!.message).toBe('the component failed: boom');
    const noFn = await runPreProcessing('x', args, { loader: () => Promise.resolve({ value: 1 }) });
    expect(noFn).toMatchObject({ ok: false, issues: [{ code: 'invalid' }] });
  });
});
