import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterByWindow, parseTimestamp } from '../../../src/core/data/time-filter.js';
import { globToRegExp, parseMLTable, readMLTable } from '../../../src/core/data/mltable.js';
import { parseCsv } from '../../../src/core/data/csv.js';
import { memoryFileSource } from '../../../src/core/data/file-source.js';
import { valueAt, type Table } from '../../../src/core/data/table.js';
import { localFileSource } from '../../../src/adapters/local-files.js';
import { AZUREML_DATA_DIR } from '../../helpers/paths.js';

const col = (t: Table, name: string): (string | number | boolean | null)[] => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.rowCount }, (_, i) => valueAt(c, i));
};
const w = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });

describe('parseTimestamp', () => {
  it('reads ISO strings (no offset = UTC), US dates and epoch numbers by magnitude', () => {
    const ms = Date.UTC(2023, 11, 4, 17, 59, 32);
    expect(parseTimestamp('2023-12-04T17:59:32')).toBe(ms);
    expect(parseTimestamp('2023-12-04 17:59:32')).toBe(ms);
    expect(parseTimestamp('2023-12-04T18:59:32+01:00')).toBe(ms);
    expect(parseTimestamp('2023-12-04T17:59:32.000Z')).toBe(ms);
    expect(parseTimestamp('2023-12-04')).toBe(Date.UTC(2023, 11, 4));
    expect(parseTimestamp('10/26/2023 10:25')).toBe(Date.UTC(2023, 9, 26, 10, 25));
    expect(parseTimestamp(ms / 1000)).toBe(ms);
    expect(parseTimestamp(ms)).toBe(ms);
    expect(parseTimestamp(ms * 1000)).toBe(ms);
    expect(parseTimestamp(ms * 1e6)).toBe(ms);
    expect(parseTimestamp(String(ms / 1000))).toBe(ms);
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp(null)).toBeNaN();
  });
});

describe('filterByWindow', () => {
  it('filters the credit-default production MLTable on TIMESTAMP (start inclusive, end exclusive)', async () => {
    const read = await readMLTable(
      localFileSource(),
      path.join(AZUREML_DATA_DIR, 'mltable_test_with_timestamp_production_data'),
    );
    if (!read.ok) throw new Error('read failed');
    const all = col(read.table, 'TIMESTAMP') as string[];
    const window = w('2023-12-04T18:09:32Z', '2023-12-04T20:00:00Z');
    // Independent count: compare the ISO strings (same format, UTC) lexicographically.
    const expected = all.filter((s) => s >= '2023-12-04T18:09:32' && s < '2023-12-04T20:00:00').length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(all.length);
    const result = filterByWindow(read.table, window);
    if (!result.ok) throw new Error('filter failed');
    expect(result.column).toBe('TIMESTAMP');
    expect(result.table.rowCount).toBe(expected);
    expect(
      (col(result.table, 'TIMESTAMP') as string[]).every(
        (s) => s >= '2023-12-04T18:09:32' && s < '2023-12-04T20:00:00',
      ),
    ).toBe(true);
    expect(result.notes[0]).toContain(`${expected} of ${all.length} rows`);
  });

  it('uses the configured column, epoch numbers too, and counts unparseable values', () => {
    const { table } = parseCsv('ts,v\n1700000000,a\n1700003600,b\n,c\nbad,d\n');
    const result = filterByWindow(
      table,
      { start: new Date(1_700_000_000_000), end: new Date(1_700_003_600_000) },
      { timestampColumn: 'ts' },
    );
    if (!result.ok) throw new Error('filter failed');
    expect(col(result.table, 'v')).toEqual(['a']);
    expect(result.notes[1]).toContain("2 row(s) with a null or unparseable 'ts'");
  });

  it('a configured column that does not exist is an issue', () => {
    const { table } = parseCsv('a\n1\n');
    expect(
      filterByWindow(table, w('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'), { timestampColumn: 'when' }),
    ).toMatchObject({
      ok: false,
      issues: [{ code: 'invalid' }],
    });
  });

  it('without a timestamp column the whole table is used and a note says so', async () => {
    const read = await readMLTable(localFileSource(), path.join(AZUREML_DATA_DIR, 'mltable_iris_baseline'));
    if (!read.ok) throw new Error('read failed');
    const result = filterByWindow(read.table, w('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z'), {
      what: 'reference data',
    });
    expect(result.ok && result.table.rowCount).toBe(75);
    expect(result.ok && result.notes[0]).toMatch(
      /^reference data: no timestamp column .* whole table \(75 rows\) was used$/,
    );
  });
});

describe('MLTable features beyond the reference folders', () => {
  it('globs: * stays within a folder, ** crosses folders, ? and [..]', () => {
    expect(globToRegExp('d/*.csv').test('d/a.csv')).toBe(true);
    expect(globToRegExp('d/*.csv').test('d/x/a.csv')).toBe(false);
    expect(globToRegExp('d/**/*.csv').test('d/a.csv')).toBe(true);
    expect(globToRegExp('d/**/*.csv').test('d/x/y/a.csv')).toBe(true);
    expect(globToRegExp('d/part-?.[cj]sv').test('d/part-1.csv')).toBe(true);
    expect(globToRegExp('d/a+b.csv').test('d/a+b.csv')).toBe(true);
  });

  it('reads file/folder/pattern paths, with a path column, keep/drop columns and take/skip', async () => {
    const source = memoryFileSource({
      't/MLTable': [
        'type: mltable',
        'paths:',
        '  - file: ./one.csv',
        '  - folder: ./more',
        '  - pattern: ./extra/**/*.csv',
        'transformations:',
        '  - read_delimited:',
        '      delimiter: ","',
        '      header: all_files_same_headers',
        '      include_path_column: true',
        '  - drop_columns: junk',
        '  - skip: 1',
        '  - take: 3',
      ].join('\n'),
      't/one.csv': 'a,junk\n1,x\n2,y\n',
      't/more/two.csv': 'a,junk\n3,z\n',
      't/extra/deep/three.csv': 'a,junk\n4.5,w\n',
    });
    const result = await readMLTable(source, 't');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.table.columns.map((c) => c.name)).toEqual(['a', 'Path']);
    expect(col(result.table, 'a')).toEqual([2, 3, 4.5]);
    expect(col(result.table, 'Path')).toEqual(['t/one.csv', 't/more/two.csv', 't/extra/deep/three.csv']);
  });

  it('header modes: no_header and from_first_file', async () => {
    const mk = (header: string) =>
      memoryFileSource({
        'm/MLTable': `paths:\n  - pattern: ./*.csv\ntransformations:\n  - read_delimited:\n      header: ${header}\n`,
        'm/a.csv': header === 'no_header' ? '1,2\n' : 'x,y\n1,2\n',
        'm/b.csv': '3,4\n',
      });
    const none = await readMLTable(mk('no_header'), 'm');
    expect(none.ok && none.table.columns.map((c) => c.name)).toEqual(['Column1', 'Column2']);
    expect(none.ok && col(none.table, 'Column1')).toEqual([1, 3]);
    const first = await readMLTable(mk('from_first_file'), 'm');
    expect(first.ok && col(first.table, 'y')).toEqual([2, 4]);
  });

  it('JSON Lines and Parquet readers, and no reader = by extension', async () => {
    const source = memoryFileSource({
      'j/MLTable':
        'paths:\n  - pattern: ./*.jsonl\ntransformations:\n  - read_json_lines:\n      invalid_lines: drop\n',
      'j/a.jsonl': '{"a":1}\nbroken\n{"a":2}\n',
      'e/MLTable': 'paths:\n  - file: ./a.csv\n',
      'e/a.csv': 'a\n7\n',
    });
    const j = await readMLTable(source, 'j');
    expect(j.ok && col(j.table, 'a')).toEqual([1, 2]);
    expect(j.ok && j.notes[0]).toContain('1 invalid line(s) dropped');
    const e = await readMLTable(source, 'e');
    expect(e.ok && col(e.table, 'a')).toEqual([7]);
  });

  it('an unknown encoding is an issue, not a crash', () => {
    const parsed = parseMLTable(
      'paths:\n  - file: a.csv\ntransformations:\n  - read_delimited:\n      encoding: klingon\n',
    );
    expect(parsed).toMatchObject({
      ok: false,
      issues: [{ path: 'MLTable: transformations.0.read_delimited.encoding' }],
    });
  });

  it('unsupported transformations, remote paths and bad options are issues with their keys and lines', () => {
    const parsed = parseMLTable(
      [
        'paths:',
        '  - file: azureml://datastores/ds/paths/x.csv',
        'transformations:',
        '  - read_delimited:',
        '      header: sometimes',
        '  - convert_column_types:',
        '      - columns: a',
        '        column_type: int',
      ].join('\n'),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => [i.path, i.code])).toEqual([
      ['MLTable: paths.0.file', 'unsupported'],
      ['MLTable: transformations.0.read_delimited.header', 'invalid'],
      ['MLTable: transformations.1', 'unsupported'],
    ]);
    expect(parsed.issues[1]!.line).toBe(5);
    expect(parsed.issues[2]!.message).toContain("transformation 'convert_column_types' is not supported");
  });
});
