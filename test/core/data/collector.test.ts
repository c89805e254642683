import { describe, expect, it } from 'vitest';
import {
  isMetadataColumn,
  parseCollectorText,
  utf8Length,
  type ParsedCollectorBlob,
} from '../../../src/core/data/collector.js';
import { curatedPartitionName, parseCollectorBlobPath } from '../../../src/core/data/collector-path.js';
import { getColumn, valueAt } from '../../../src/core/data/table.js';

const line = (o: Record<string, unknown>): string => JSON.stringify(o);
const parse = (text: string, max = 1 << 20): Promise<ParsedCollectorBlob> =>
  parseCollectorText(text, { sourceBlob: 'src.jsonl', maxLineBytes: max });
const col = (p: ParsedCollectorBlob, name: string): unknown[] => {
  const c = getColumn(p.table, name)!;
  return Array.from({ length: p.table.rowCount }, (_, i) => valueAt(c, i));
};

describe('parseCollectorBlobPath', () => {
  it('accepts the collector layout, with or without modelDataCollector/', () => {
    for (const name of [
      'ep/dep/model_inputs/2024/03/05/18/abc.jsonl',
      'modelDataCollector/ep/dep/model_inputs/2024/03/05/18/abc.jsonl',
    ]) {
      const r = parseCollectorBlobPath(name);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.path).toMatchObject({
          endpoint: 'ep',
          deployment: 'dep',
          collection: 'model_inputs',
          id: 'abc',
        });
        expect(curatedPartitionName(r.path)).toBe('ep/dep/model_inputs/2024/03/05/18/abc.arrow');
      }
    }
  });
  it.each([
    ['ep/dep/2024/03/05/18/abc.jsonl', '7 path segments'],
    ['ep/dep/c/2024/13/05/18/abc.jsonl', 'MM month'],
    ['ep/dep/c/2024/03/05/24/abc.jsonl', 'HH hour'],
    ['ep/dep/c/24/03/05/18/abc.jsonl', 'yyyy year'],
    ['ep/dep/c/2024/03/05/18/abc.json', 'not a .jsonl file'],
    ['other/ep/dep/c/2024/03/05/18/abc.jsonl', '9 path segments'],
  ])('rejects %s clearly', (name, why) => {
    const r = parseCollectorBlobPath(name);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(why);
  });
});

describe('parseCollectorText', () => {
  it('expands rows with correlationid_<i> (single-row lines get _0) and keeps the line time', async () => {
    const p = await parse(
      [
        line({ time: 't1', data: [{ a: 1 }, { a: 2 }], correlationid: 'x' }),
        line({ correlationid: 'y', data: [{ a: 3, b: 'q' }], time: 't2' }),
      ].join('\n'),
    );
    expect(col(p, 'correlationid')).toEqual(['x_0', 'x_1', 'y_0']);
    expect(col(p, 'time')).toEqual(['t1', 't1', 't2']);
    expect(col(p, 'a')).toEqual([1, 2, 3]);
    expect(col(p, 'b')).toEqual([null, null, 'q']);
    expect(p.roles).toEqual({ time: 'time', correlationid: 'correlationid' });
    expect(p.counts).toEqual({
      linesRead: 2,
      linesQuarantined: 0,
      rowsIn: 3,
      rowsWritten: 3,
      rowsQuarantined: 0,
    });
  });

  it('never overwrites data columns named like metadata; roles say which column holds what', async () => {
    const p = await parse(
      line({ time: 'T', correlationid: 'mdc', data: [{ correlationid: 'mine', time: 5, _time: 1 }] }),
    );
    expect(p.roles).toEqual({ time: '__time', correlationid: '_correlationid' });
    expect(col(p, 'correlationid')).toEqual(['mine']);
    expect(col(p, 'time')).toEqual([5]);
    expect(col(p, '_correlationid')).toEqual(['mdc_0']);
    expect(col(p, '__time')).toEqual(['T']);
    expect(isMetadataColumn('_correlationid', p.roles)).toBe(true);
    expect(isMetadataColumn('correlationid', p.roles)).toBe(false);
    expect(isMetadataColumn('time', p.roles)).toBe(false);
  });

  it('keeps non-tabular data as one row with the payload as JSON text', async () => {
    const p = await parse(
      [
        line({ time: 't', correlationid: 'r', data: { input_data: { data: [[1, 2]] } } }),
        line({ time: 't', correlationid: 's', data: 'plain body' }),
        line({ time: 't', correlationid: 'u', data: [{ a: 1 }] }),
      ].join('\n'),
    );
    expect(p.roles.payload).toBe('payload');
    expect(col(p, 'payload')).toEqual(['{"input_data":{"data":[[1,2]]}}', 'plain body', null]);
    expect(col(p, 'correlationid')).toEqual(['r_0', 's_0', 'u_0']);
    expect(p.counts.rowsWritten).toBe(3);
    expect(isMetadataColumn('payload', p.roles)).toBe(false);
  });

  it('stores nested values as JSON text and records JSON kinds', async () => {
    const p = await parse(line({ time: 't', correlationid: 'c', data: [{ h: [{ q: 1 }] }, { h: [] }] }));
    expect(col(p, 'h')).toEqual(['[{"q":1}]', '[]']);
    expect(p.table.jsonKinds?.h).toEqual(['array']);
  });

  it('measures line length in UTF-8 bytes', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });
});
