import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResolvedData } from '../../../src/core/data/load.js';
import { resolveDataReference, type ResolvedData } from '../../../src/core/data/resolve.js';
import { sourceOpener } from '../../../src/adapters/data-sources.js';
import { AZUREML_DATA_DIR } from '../../helpers/paths.js';

const open = sourceOpener();
async function resolved(ref: string, type?: 'mltable' | 'uri_folder' | 'uri_file'): Promise<ResolvedData> {
  const r = await resolveDataReference(ref, { baseDir: AZUREML_DATA_DIR }, type);
  if (!r.ok) throw new Error(r.message);
  return r.resolved;
}

describe('loadResolvedData on local reference data', () => {
  it('reads an MLTable folder, its MLTable file, and a CSV file directly', async () => {
    for (const ref of [
      'mltable_iris_baseline',
      'mltable_iris_baseline/MLTable',
      'mltable_iris_baseline/iris_baseline.csv',
    ]) {
      const result = await loadResolvedData(await resolved(ref), open);
      expect(result.ok && result.table.rowCount).toBe(75);
    }
  });

  it('checks the declared type against what is there', async () => {
    const asFile = await loadResolvedData(await resolved('mltable_iris_baseline', 'uri_file'), open);
    expect(asFile).toMatchObject({ ok: false, issues: [{ code: 'invalid' }] });
    const notMl = await loadResolvedData(
      await resolved('uri_folder_iris_model_inputs_no_drift', 'mltable'),
      open,
    );
    expect(notMl).toMatchObject({ ok: false, issues: [{ code: 'not_found' }] });
    const missing = await loadResolvedData(await resolved('no_such_folder'), open);
    expect(missing).toMatchObject({ ok: false, issues: [{ code: 'not_found' }] });
  });

  it('filters MLTable data on TIMESTAMP for a window and notes it', async () => {
    const result = await loadResolvedData(
      await resolved('mltable_test_with_timestamp_production_data'),
      open,
      {
        window: { start: new Date('2023-12-04T18:00:00Z'), end: new Date('2023-12-05T00:00:00Z') },
        what: 'production data',
      },
    );
    if (!result.ok) throw new Error('load failed');
    expect(result.table.rowCount).toBeLessThan(99);
    expect(
      result.notes.some((n) =>
        n.startsWith(`production data: ${result.table.rowCount} of 99 rows have 'TIMESTAMP'`),
      ),
    ).toBe(true);
  });

  it('treats a yyyy/MM/dd/HH folder as collector data (raw hours need the parser hook)', async () => {
    const result = await loadResolvedData(
      await resolved('uri_folder_iris_model_inputs_no_drift', 'uri_folder'),
      open,
      {
        window: { start: new Date('2023-01-01T00:00:00Z'), end: new Date('2023-01-02T00:00:00Z') },
      },
    );
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'unsupported' }] });
    const none = await loadResolvedData(await resolved('uri_folder_iris_model_inputs_no_drift'), open, {
      window: { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-01-02T00:00:00Z') },
    });
    expect(none).toMatchObject({ ok: false, issues: [{ code: 'no_data' }] });
  });

  it('reads a plain folder of tabular files', async () => {
    const result = await loadResolvedData(
      await resolved(path.join(AZUREML_DATA_DIR, 'mltable_chat_history_data_small') + '/data.jsonl'),
      open,
    );
    expect(result.ok && result.table.rowCount).toBe(6);
  });
});
