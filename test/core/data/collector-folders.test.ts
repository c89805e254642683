import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableToArrowBytes } from '../../../src/core/data/arrow.js';
import {
  hourKey,
  isCollectorFolder,
  listCollectorHours,
  readCollectorFolder,
  selectedHours,
  type RawHourParser,
} from '../../../src/core/data/collector-folders.js';
import { memoryFileSource } from '../../../src/core/data/file-source.js';
import { TableBuilder, valueAt, type Table } from '../../../src/core/data/table.js';
import { localFileSource } from '../../../src/adapters/local-files.js';
import { AZUREML_DATA_DIR } from '../../helpers/paths.js';

const d = (s: string): Date => new Date(s);
function table(rows: Record<string, unknown>[]): Table {
  const b = new TableBuilder();
  for (const r of rows) b.addRow(r);
  return b.finish();
}

describe('selectedHours', () => {
  it('goes from floor_hour(start) to floor_hour(end)', () => {
    expect(
      selectedHours({ start: d('2024-03-05T18:16:25Z'), end: d('2024-03-05T20:00:01Z') }).map(hourKey),
    ).toEqual(['2024/03/05/18', '2024/03/05/19', '2024/03/05/20']);
  });
  it('excludes the end hour when the end is exactly on the hour', () => {
    expect(
      selectedHours({ start: d('2024-03-05T18:00:00Z'), end: d('2024-03-05T20:00:00Z') }).map(hourKey),
    ).toEqual(['2024/03/05/18', '2024/03/05/19']);
  });
  it('crosses days, months and years in UTC', () => {
    const hours = selectedHours({ start: d('2023-12-31T23:30:00Z'), end: d('2024-01-01T01:10:00Z') }).map(
      hourKey,
    );
    expect(hours).toEqual(['2023/12/31/23', '2024/01/01/00', '2024/01/01/01']);
    expect(selectedHours({ start: d('2024-01-01T00:00:00Z'), end: d('2024-01-08T00:00:00Z') })).toHaveLength(
      7 * 24,
    );
  });
  it('is empty for an empty window', () => {
    expect(selectedHours({ start: d('2024-01-01T05:00:00Z'), end: d('2024-01-01T05:00:00Z') })).toEqual([]);
  });
});

describe('listCollectorHours on the reference collector folders', () => {
  const root = path.join(AZUREML_DATA_DIR, 'uri_folder_iris_model_inputs_with_drift');
  const source = localFileSource();
  it('lists only the hours that exist, and only files directly in the hour folder', async () => {
    const all = await listCollectorHours(source, root);
    expect(all.map((h) => h.hour.toISOString())).toEqual([
      '2023-01-01T01:00:00.000Z',
      '2023-02-01T01:00:00.000Z',
    ]);
    expect(all[1]!.files.map((f) => path.basename(f))).toEqual(['data.jsonl']);
    const jan = await listCollectorHours(source, root, {
      start: d('2022-12-25T00:00:00Z'),
      end: d('2023-01-08T00:00:00Z'),
    });
    expect(jan.map((h) => hourKey(h.hour))).toEqual(['2023/01/01/01']);
    // A window ending exactly at 01:00 excludes the 01 hour folder.
    const none = await listCollectorHours(source, root, {
      start: d('2023-01-01T00:00:00Z'),
      end: d('2023-01-01T01:00:00Z'),
    });
    expect(none).toEqual([]);
    // A long window (listed from the root) finds both.
    const year = await listCollectorHours(source, root, {
      start: d('2022-06-01T00:00:00Z'),
      end: d('2023-06-01T00:00:00Z'),
    });
    expect(year).toHaveLength(2);
    expect(await isCollectorFolder(source, root)).toBe(true);
    expect(await isCollectorFolder(source, path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline'))).toBe(false);
  });

  it('returns the Azure "No data found" error as a value', async () => {
    const result = await readCollectorFolder(source, root, {
      window: { start: d('2024-01-01T00:00:00Z'), end: d('2024-01-08T00:00:00Z') },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]!.code).toBe('no_data');
    expect(result.issues[0]!.message).toContain(
      'No data found for the given time window: 2024-01-01T00:00:00.000Z to 2024-01-08T00:00:00.000Z',
    );
    expect(result.issues[0]!.message).toContain(
      `We expect folder pattern ${root}/YYYY/MM/DD/HH/<your_log>.jsonl`,
    );
  });

  it('hands raw JSONL hours to the injected parser, with the files of that hour only', async () => {
    const seen: { hour: string; files: string[] }[] = [];
    // A deliberately small parser for this test: rows = each line's `data` array (the real one is ingestion's).
    const parse: RawHourParser = (files, { hour }) => {
      seen.push({ hour: hourKey(hour), files: files.map((f) => path.basename(f.path)) });
      const b = new TableBuilder();
      for (const f of files)
        for (const line of new TextDecoder().decode(f.bytes).split('\n')) {
          if (line.trim() === '') continue;
          const rec = JSON.parse(line) as { data?: Record<string, unknown>[] };
          for (const row of rec.data ?? []) b.addRow(row);
        }
      return b.finish();
    };
    const result = await readCollectorFolder(
      source,
      path.join(AZUREML_DATA_DIR, 'uri_folder_iris_model_inputs_no_drift'),
      {
        window: { start: d('2023-01-01T00:00:00Z'), end: d('2023-02-01T02:00:00Z') },
        parseRawHour: parse,
      },
    );
    expect(seen).toEqual([
      { hour: '2023/01/01/01', files: ['data.jsonl'] },
      { hour: '2023/02/01/01', files: ['data.jsonl'] },
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.table.columns.map((c) => c.name)).toContain('sepal_length');
    expect(result.table.rowCount).toBeGreaterThan(0);
  });

  it('without a parser, raw hours are an unsupported issue naming the hook', async () => {
    const result = await readCollectorFolder(source, root);
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'unsupported' }] });
    if (!result.ok) expect(result.issues[0]!.message).toContain('parseRawHour');
  });
});

describe('readCollectorFolder on curated Arrow partitions', () => {
  const part = (rows: Record<string, unknown>[]): Uint8Array =>
    tableToArrowBytes(table(rows), {
      schemaMetadata: { 'modelmonitor.roles': '{"correlationid":"correlation"}' },
    });
  const source = memoryFileSource({
    'curated/ep/dep/model_inputs/2024/03/05/17/a.arrow': part([{ x: 1, correlationid: 'a_0' }]),
    'curated/ep/dep/model_inputs/2024/03/05/18/b.arrow': part([
      { x: 2, correlationid: 'b_0' },
      { x: 3, correlationid: 'b_1' },
    ]),
    'curated/ep/dep/model_inputs/2024/03/05/18/c.arrow': part([{ x: 4.5, y: 'new', correlationid: 'c_0' }]),
    'curated/ep/dep/model_inputs/2024/03/05/19/d.arrow': part([{ x: 5, correlationid: 'd_0' }]),
    'curated/ep/dep/model_inputs/2024/03/05/20/e.arrow': part([{ x: 6, correlationid: 'e_0' }]),
    'curated/ep/dep/model_inputs/2024/03/05/19/notes.txt': 'not data',
  });

  it('reads and concatenates the partitions of the selected hours, in time order', async () => {
    const result = await readCollectorFolder(source, 'curated/ep/dep/model_inputs', {
      window: { start: d('2024-03-05T18:30:00Z'), end: d('2024-03-05T20:00:00Z') },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const t = result.table;
    expect(t.rowCount).toBe(4);
    const x = t.columns.find((c) => c.name === 'x')!;
    expect(x.type).toBe('float');
    expect([0, 1, 2, 3].map((i) => valueAt(x, i))).toEqual([2, 3, 4.5, 5]);
    const y = t.columns.find((c) => c.name === 'y')!;
    expect([0, 1, 2, 3].map((i) => valueAt(y, i))).toEqual([null, null, 'new', null]);
    expect(result.schemaMetadata).toEqual({ 'modelmonitor.roles': '{"correlationid":"correlation"}' });
  });

  it('reads every hour without a window', async () => {
    const result = await readCollectorFolder(source, 'curated/ep/dep/model_inputs/');
    expect(result.ok && result.table.rowCount).toBe(6);
  });
});
