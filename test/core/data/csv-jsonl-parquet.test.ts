import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, splitRecords } from '../../../src/core/data/csv.js';
import { parseJsonLines } from '../../../src/core/data/jsonl.js';
import { parquetBytesToTable } from '../../../src/core/data/parquet.js';
import { bytesToTable, readFiles } from '../../../src/core/data/readers.js';
import { memoryFileSource } from '../../../src/core/data/file-source.js';
import { tableToArrowBytes } from '../../../src/core/data/arrow.js';
import { valueAt, type Table } from '../../../src/core/data/table.js';
import { FIXTURES_DIR } from '../../helpers/paths.js';

const col = (t: Table, name: string): (string | number | boolean | null)[] => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.rowCount }, (_, i) => valueAt(c, i));
};
const types = (t: Table): Record<string, string> =>
  Object.fromEntries(t.columns.map((c) => [c.name, c.type]));

describe('CSV', () => {
  it('handles quotes, escaped quotes, embedded delimiters and newlines, CRLF and a BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""",1\r\n"multi\nline",plain,2\n';
    const { records, issues } = splitRecords(text);
    expect(issues).toEqual([]);
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', '1'],
      ['multi\nline', 'plain', '2'],
    ]);
  });

  it('keeps text after a closing quote, trailing delimiters, CR-only lines, and a quoted empty line', () => {
    const { records, lines } = splitRecords('a,b\r"x"y,\r\n\n""\n1,');
    expect(records).toEqual([['a', 'b'], ['xy', ''], [''], ['1', '']]);
    expect(lines).toEqual([1, 2, 4, 5]);
    const { table } = parseCsv('n,s\n1,"a ""q"""\n\n2,\n');
    expect(col(table, 'n')).toEqual([1, 2]);
    expect(col(table, 's')).toEqual(['a "q"', null]);
  });

  it('treats a quote in the middle of a field as text (the gsq trace file has JSON in unquoted fields)', () => {
    const { table } = parseCsv('id|input\n1|{"q": "a|b"}\n', { delimiter: '|' });
    // `{"q": "a` ends at the first '|': the quote is not special mid-field, as in pandas/Spark.
    expect(col(table, 'input')).toEqual(['{"q": "a']);
  });

  it('infers int, float, bool and string per column; empty is null', () => {
    const { table } = parseCsv('i,f,b,s,e,mix\n1,1.5,TRUE,x,,1\n-2,2,false,,,\n,3e2,True,z,,a\n');
    expect(types(table)).toEqual({
      i: 'int',
      f: 'float',
      b: 'bool',
      s: 'string',
      e: 'string',
      mix: 'string',
    });
    expect(col(table, 'i')).toEqual([1, -2, null]);
    expect(col(table, 'f')).toEqual([1.5, 2, 300]);
    expect(col(table, 'b')).toEqual([true, false, true]);
    expect(col(table, 's')).toEqual(['x', null, 'z']);
    expect(col(table, 'e')).toEqual([null, null, null]);
    expect(col(table, 'mix')).toEqual(['1', null, 'a']);
  });

  it('classifies edge cases: blanks around values, signs, exponents, huge integers, lone signs', () => {
    const { table } = parseCsv('a,b,c,d,e,f\n 5 ,+1,1e5,True ,12345678901234567890,-\n-3, -2,.5,FALSE,1,+\n');
    expect(types(table)).toEqual({ a: 'int', b: 'int', c: 'float', d: 'bool', e: 'float', f: 'string' });
    expect(col(table, 'a')).toEqual([5, -3]);
    expect(col(table, 'c')).toEqual([100000, 0.5]);
    expect(col(table, 'd')).toEqual([true, false]);
    expect(col(table, 'e')).toEqual([12345678901234567000, 1]);
  });

  it('keeps empty strings with emptyAsString, and everything as text without inference', () => {
    expect(col(parseCsv('s,n\nx,1\n,\n', { emptyAsString: true }).table, 's')).toEqual(['x', '']);
    expect(col(parseCsv('s,n\nx,1\n,\n', { emptyAsString: true }).table, 'n')).toEqual([1, null]);
    expect(types(parseCsv('n\n1\n2\n', { inferTypes: false }).table)).toEqual({ n: 'string' });
  });

  it('names columns without a header, dedupes header names, pads short rows and reports long ones', () => {
    expect(parseCsv('1,2\n3,4\n', { header: false }).table.columns.map((c) => c.name)).toEqual([
      'Column1',
      'Column2',
    ]);
    expect(parseCsv('a,a,\n1,2,3\n').table.columns.map((c) => c.name)).toEqual(['a', 'a.1', 'Column3']);
    const { table, issues } = parseCsv('a,b\n1\n2,3,4\n');
    expect(col(table, 'b')).toEqual([null, 3]);
    expect(issues).toEqual([{ line: 3, message: 'expected 2 fields, saw 3; the extra fields were dropped' }]);
  });

  it('reports an unterminated quote with its line', () => {
    expect(parseCsv('a\n1\n"open\n').issues).toEqual([
      { line: 3, message: 'unterminated quoted field (the rest of the file was read into it)' },
    ]);
  });

  it('infers types over all files of a folder, not per file', async () => {
    const source = memoryFileSource({ 'd/1.csv': 'v,w\n1,a\n2,b\n', 'd/2.csv': 'v\n2.5\n' });
    const result = await readFiles(source, ['d/1.csv', 'd/2.csv']);
    if (!result.ok) throw new Error('read failed');
    expect(types(result.table)).toEqual({ v: 'float', w: 'string' });
    expect(col(result.table, 'v')).toEqual([1, 2, 2.5]);
    expect(col(result.table, 'w')).toEqual(['a', 'b', null]);
  });
});

describe('JSON Lines', () => {
  it('builds columns from objects and reports bad lines with their numbers', () => {
    const { table, issues } = parseJsonLines('{"a":1,"b":"x"}\n\n{"a":2.5}\nnot json\n[1]\n{"c":true}');
    expect(table.rowCount).toBe(3);
    expect(types(table)).toEqual({ a: 'float', b: 'string', c: 'bool' });
    expect(issues.map((i) => i.line)).toEqual([4, 5]);
  });

  it('fails on bad lines by default and drops them with invalidLines: drop', async () => {
    const bytes = new TextEncoder().encode('{"a":1}\noops\n');
    expect(await bytesToTable(bytes, 'x.jsonl')).toMatchObject({
      ok: false,
      issues: [{ path: 'x.jsonl', line: 2 }],
    });
    const dropped = await bytesToTable(bytes, 'x.jsonl', { invalidLines: 'drop' });
    expect(dropped).toMatchObject({
      ok: true,
      notes: ['x.jsonl: 1 invalid line(s) dropped (first at line 2)'],
    });
  });

  it('reads a .json array of records', async () => {
    const result = await bytesToTable(new TextEncoder().encode('[{"a":1},{"a":2}]'), 'x.json');
    expect(result.ok && col(result.table, 'a')).toEqual([1, 2]);
  });
});

describe('Parquet and Arrow files', () => {
  it('reads a Parquet file written by pyarrow (pandas test data) with schema types', async () => {
    // pandas/tests/io/data/parquet/simple.parquet (BSD-3-Clause): A int64 [1,2,3], B string ['foo'x3].
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES_DIR, 'data', 'pandas-simple.parquet')));
    const t = await parquetBytesToTable(bytes);
    expect(types(t)).toEqual({ A: 'int', B: 'string' });
    expect(col(t, 'A')).toEqual([1, 2, 3]);
    expect(col(t, 'B')).toEqual(['foo', 'foo', 'foo']);
    const viaReader = await bytesToTable(bytes, 'data/simple.parquet');
    expect(viaReader.ok && viaReader.table.rowCount).toBe(3);
  });

  it('reports a corrupt Parquet file as an issue', async () => {
    const result = await bytesToTable(new Uint8Array([1, 2, 3, 4]), 'bad.parquet');
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'bad.parquet', code: 'invalid' }] });
  });

  it('reads Arrow IPC files and rejects unknown extensions', async () => {
    const t = parseCsv('a,b\n1,x\n').table;
    const result = await bytesToTable(tableToArrowBytes(t), 'p.arrow');
    expect(result.ok && col(result.table, 'b')).toEqual(['x']);
    expect(await bytesToTable(new Uint8Array(), 'p.xlsx')).toMatchObject({
      ok: false,
      issues: [{ code: 'unsupported' }],
    });
  });
});
