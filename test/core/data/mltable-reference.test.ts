/**
 * Every reference mltable_* folder with a tabular file, read through the MLTable reader and the local-files
 * adapter, against row counts / column names / types / null counts computed independently with pandas
 * (scripts/oracle/mltable_shapes.py → test/fixtures/data/mltable-shapes.json).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMLTable } from '../../../src/core/data/mltable.js';
import { localFileSource } from '../../../src/adapters/local-files.js';
import { isNull, type Table } from '../../../src/core/data/table.js';
import { AZUREML_DATA_DIR, FIXTURES_DIR } from '../../helpers/paths.js';

interface Shape {
  rows: number;
  columns: string[];
  types: Record<string, string>;
  nulls: Record<string, number>;
}
const shapes = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, 'data', 'mltable-shapes.json'), 'utf8'),
) as Record<string, Shape>;
const source = localFileSource();

function nullCount(t: Table, name: string): number {
  const c = t.columns.find((x) => x.name === name)!;
  let n = 0;
  for (let i = 0; i < t.rowCount; i++) if (isNull(c, i)) n++;
  return n;
}

describe('reference MLTable folders', () => {
  const folders = readdirSync(AZUREML_DATA_DIR).filter((d) => d.startsWith('mltable_'));
  const withData = folders.filter((d) =>
    readdirSync(path.join(AZUREML_DATA_DIR, d)).some((f) => /\.(csv|jsonl|parquet)$/.test(f)),
  );

  it('the oracle covers every folder that holds a tabular file', () => {
    expect(withData.sort()).toEqual(Object.keys(shapes).sort());
    expect(withData.length).toBeGreaterThan(20);
  });

  it.each(withData)('%s: rows, columns, types and nulls match pandas', async (folder) => {
    const expected = shapes[folder]!;
    const result = await readMLTable(source, path.join(AZUREML_DATA_DIR, folder));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const t = result.table;
    expect(t.rowCount).toBe(expected.rows);
    expect(t.columns.map((c) => c.name)).toEqual(expected.columns);
    expect(
      Object.fromEntries(t.columns.map((c) => [c.name, c.type === 'string' ? 'string' : c.type])),
    ).toEqual(expected.types);
    expect(Object.fromEntries(expected.columns.map((n) => [n, nullCount(t, n)]))).toEqual(expected.nulls);
  });

  it('an MLTable whose pattern matches no file is a no_data error naming the pattern', async () => {
    for (const folder of ['mltable_empty', 'mltable_aggregrated_genai_preprocessor_outputs']) {
      const result = await readMLTable(source, path.join(AZUREML_DATA_DIR, folder));
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.issues[0]).toMatchObject({ code: 'no_data' });
      expect(result.issues[0]!.message).toMatch(/no files match '\.\/\*\.(csv|parquet)'/);
    }
  });

  it('a folder without an MLTable file is a not_found error', async () => {
    const result = await readMLTable(
      source,
      path.join(AZUREML_DATA_DIR, 'uri_folder_iris_model_inputs_no_drift'),
    );
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'not_found' }] });
  });
});
