import { describe, expect, it } from 'vitest';
import { parquetBytesToTable } from '../../../src/core/data/parquet.js';
import { readMLTable } from '../../../src/core/data/mltable.js';
import { memoryFileSource } from '../../../src/core/data/file-source.js';
import { valueAt, type Table } from '../../../src/core/data/table.js';
import { writeParquet, type ParquetColumnSpec } from '../../helpers/parquet-writer.js';

const col = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.rowCount }, (_, i) => valueAt(c, i));
};

const columns: ParquetColumnSpec[] = [
  { name: 'i', kind: 'int64', values: [1, null, 3, 4, 5, 6, 7, 8, 9, -10] },
  // Whole-valued doubles: the schema says DOUBLE, so the column is float (value-based inference would say int).
  { name: 'f', kind: 'double', values: [1, 2, 3, null, 5.5, 6, 7, 8, 9, 10] },
  { name: 'w', kind: 'double', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  { name: 'b', kind: 'boolean', values: [true, false, null, true, true, true, false, false, true, false] },
  { name: 's', kind: 'string', values: ['a', 'b', null, 'd', 'é', 'f', 'g', 'h', 'i', ''] },
];

describe('Parquet reader', () => {
  it('maps schema types to column types and keeps nulls', async () => {
    const t = await parquetBytesToTable(writeParquet(columns));
    expect(t.rowCount).toBe(10);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['i', 'int'],
      ['f', 'float'],
      ['w', 'float'],
      ['b', 'bool'],
      ['s', 'string'],
    ]);
    for (const c of columns) expect(col(t, c.name)).toEqual(c.values);
  });

  it('reads the files of an MLTable with read_parquet, with a path column', async () => {
    const source = memoryFileSource({
      'p/MLTable':
        'paths:\n  - pattern: ./*.parquet\ntransformations:\n  - read_parquet:\n      include_path_column: true\n',
      'p/a.parquet': writeParquet([{ name: 'x', kind: 'int64', values: [1, 2] }]),
      'p/b.parquet': writeParquet([{ name: 'x', kind: 'double', values: [2.5] }]),
    });
    const result = await readMLTable(source, 'p');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(col(result.table, 'x')).toEqual([1, 2, 2.5]);
    expect(result.table.columns.find((c) => c.name === 'x')!.type).toBe('float');
    expect(col(result.table, 'Path')).toEqual(['p/a.parquet', 'p/a.parquet', 'p/b.parquet']);
  });
});
