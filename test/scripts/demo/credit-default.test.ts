/** The synthetic credit-default demo generator: deterministic, complete, joinable, and drifting where it says. */
import { describe, expect, it } from 'vitest';
import { parseCollectorText } from '../../../src/core/data/collector.js';
import { parseCollectorBlobPath } from '../../../src/core/data/collector-path.js';
import { getColumn, keyAt } from '../../../src/core/data/table.js';
import {
  FEATURE_COLUMNS,
  TARGET_COLUMN,
  generateCreditDemo,
  score,
  type CreditDemo,
  type CreditFeatures,
} from '../../../scripts/demo/credit-default.js';

const END = '2026-03-08T17:42:00Z';
const demo = generateCreditDemo({ end: END });

const csvRows = (text: string): string[][] =>
  text
    .trim()
    .split('\n')
    .map((l) => l.split(','));

function fileText(folder: CreditDemo['reference'], path: string): string {
  const f = folder.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in ${folder.name}`);
  return f.text;
}

interface Line {
  correlationid: string;
  time: string;
  type: string;
  data: Record<string, number | null>[];
}
const linesOf = (text: string): Line[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

function productionRows(d: CreditDemo, drifted: boolean): CreditFeatures[] {
  return d.requests.filter((r) => r.drifted === drifted).flatMap((r) => r.rows.map((x) => x.features));
}

describe('generateCreditDemo', () => {
  it('is deterministic: the same options give the same files; another seed gives other data', () => {
    const again = generateCreditDemo({ end: END });
    expect(again.collector.map((b) => [b.name, b.text])).toEqual(demo.collector.map((b) => [b.name, b.text]));
    expect(again.reference).toEqual(demo.reference);
    expect(again.groundTruth).toEqual(demo.groundTruth);
    const other = generateCreditDemo({ end: END, seed: 7 });
    expect(fileText(other.reference, 'credit_reference.csv')).not.toBe(
      fileText(demo.reference, 'credit_reference.csv'),
    );
    expect(other.collector[0]?.name).not.toBe(demo.collector[0]?.name);
  });

  it('defaults: 6 days ending on the given UTC day, 40 rows an hour, drift seen from the run of day 3', () => {
    expect(demo.days).toEqual([
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(demo.driftFromDay).toBe(3);
    expect(demo.driftStart).toBe('2026-03-05T04:00:00.000Z');
    expect(demo.runTimes).toEqual([
      '2026-03-04T03:15:00.000Z',
      '2026-03-05T03:15:00.000Z',
      '2026-03-06T03:15:00.000Z',
      '2026-03-07T03:15:00.000Z',
      '2026-03-08T03:15:00.000Z',
    ]);
    expect(demo.productionRows).toBe(6 * 24 * 40);
    expect(demo.collector).toHaveLength(6 * 24 * 2);
    expect(demo.reference.rows).toBe(3000);
    expect(csvRows(fileText(demo.reference, 'credit_reference.csv'))).toHaveLength(3001);
    expect(csvRows(fileText(demo.reference, 'credit_reference.csv'))[0]).toEqual([
      ...FEATURE_COLUMNS,
      TARGET_COLUMN,
    ]);
    expect(demo.groundTruth.rows).toBe(demo.productionRows);
    expect(fileText(demo.reference, 'MLTable')).toContain('- file: ./credit_reference.csv');
  });

  it('writes one blob per hour and collection in the collector layout, each parsed by ingestion without quarantine', async () => {
    const hours = new Set<string>();
    for (const b of demo.collector) {
      const p = parseCollectorBlobPath(b.name);
      if (!p.ok) throw new Error(p.message);
      expect([p.path.endpoint, p.path.deployment, p.path.collection]).toEqual([
        'credit-default',
        'main',
        b.collection,
      ]);
      const h = p.path.hour;
      expect(`${h.year}-${h.month}-${h.day}T${h.hour}:00:00.000Z`).toBe(b.hour);
      hours.add(`${b.collection} ${b.hour}`);
      const lines = linesOf(b.text);
      expect(lines).toHaveLength(b.lines);
      expect(lines.reduce((s, l) => s + l.data.length, 0)).toBe(b.rows);
      for (const l of lines) {
        expect(l.type).toBe(`azureml.inference.${b.collection}`);
        const t = Date.parse(l.time);
        expect(t).toBeGreaterThanOrEqual(Date.parse(b.hour));
        expect(t).toBeLessThan(Date.parse(b.hour) + 3_600_000);
      }
    }
    expect(hours.size).toBe(demo.collector.length);
    // A sample of blobs through the real ingestion parser: every row ingests, none is quarantined.
    for (const b of demo.collector.filter((_, i) => i % 37 === 0)) {
      const parsed = await parseCollectorText(b.text, { sourceBlob: b.name, maxLineBytes: 1 << 20 });
      expect(parsed.quarantine).toEqual([]);
      expect(parsed.counts.rowsWritten).toBe(b.rows);
      const cols = parsed.table.columns.map((c) => c.name);
      if (b.collection === 'model_inputs') expect(cols).toEqual(expect.arrayContaining([...FEATURE_COLUMNS]));
      else expect(cols).toEqual(expect.arrayContaining([TARGET_COLUMN, 'probability']));
    }
  });

  it('correlation ids join model inputs, model outputs and ground truth one to one', async () => {
    const ids = async (collection: string): Promise<string[]> => {
      const out: string[] = [];
      for (const b of demo.collector.filter((x) => x.collection === collection)) {
        const parsed = await parseCollectorText(b.text, { sourceBlob: b.name, maxLineBytes: 1 << 20 });
        const c = getColumn(parsed.table, parsed.roles.correlationid);
        if (!c) throw new Error('no correlationid column');
        for (let r = 0; r < parsed.table.rowCount; r++) out.push(keyAt(c, r) ?? '');
      }
      return out;
    };
    const inputs = await ids('model_inputs');
    const outputs = await ids('model_outputs');
    const truth = csvRows(fileText(demo.groundTruth, 'ground_truth.csv'));
    expect(truth[0]).toEqual(['correlationid', TARGET_COLUMN, 'TIMESTAMP']);
    const truthIds = truth.slice(1).map((r) => r[0] ?? '');
    expect(new Set(inputs).size).toBe(demo.productionRows);
    expect([...inputs].sort()).toEqual([...outputs].sort());
    expect([...truthIds].sort()).toEqual([...inputs].sort());
    // Requests of two rows exist, so the `_1` suffix of the collector's row expansion is exercised.
    expect(inputs.some((id) => id.endsWith('_1'))).toBe(true);
    // The outputs are the model's scores of the inputs with the same id.
    const first = demo.requests[0];
    const row = first?.rows[0];
    if (!first || !row) throw new Error('no request');
    expect(score(row.features)).toEqual({ prediction: row.prediction, probability: row.probability });
  });

  it('drift is visible in the statistics of the drifted rows only', () => {
    const before = productionRows(demo, false);
    const after = productionRows(demo, true);
    // The drift starts at 04:00 of the day before the drift day: 24 + 20 hours before it on day indexes 0..2.
    expect(before).toHaveLength((2 * 24 + 4) * 40);
    expect(after).toHaveLength(demo.productionRows - before.length);
    const ref = csvRows(fileText(demo.reference, 'credit_reference.csv')).slice(1);
    const col = (name: string): number => FEATURE_COLUMNS.indexOf(name as (typeof FEATURE_COLUMNS)[number]);
    const refValues = (name: string): number[] => ref.map((r) => Number(r[col(name)]));
    const values = (rows: CreditFeatures[], name: (typeof FEATURE_COLUMNS)[number]): number[] =>
      rows.flatMap((r) => (r[name] === null ? [] : [r[name]]));
    // Before the drift production looks like the training data; after it does not.
    for (const name of ['LIMIT_BAL', 'AGE'] as const) {
      const m = mean(refValues(name));
      expect(Math.abs(mean(values(before, name)) / m - 1)).toBeLessThan(0.05);
      expect(mean(values(after, name)) / m).toBeLessThan(0.85);
    }
    const share = (rows: CreditFeatures[], pred: (r: CreditFeatures) => boolean): number =>
      rows.filter(pred).length / rows.length;
    expect(share(before, (r) => r.LIMIT_BAL === null)).toBe(0);
    expect(share(after, (r) => r.LIMIT_BAL === null)).toBeGreaterThan(0.06);
    const unknownEducation = (r: CreditFeatures): boolean => (r.EDUCATION ?? 0) > 4;
    expect(refValues('EDUCATION').some((e) => e > 4)).toBe(false);
    expect(share(before, unknownEducation)).toBe(0);
    expect(share(after, unknownEducation)).toBeGreaterThan(0.05);
    // The model: accuracy and predicted default rate, before and after.
    const stats = (drifted: boolean): { accuracy: number; predicted: number } => {
      const rows = demo.requests.filter((r) => r.drifted === drifted).flatMap((r) => r.rows);
      return {
        accuracy: mean(rows.map((x) => (x.prediction === x.actual ? 1 : 0))),
        predicted: mean(rows.map((x) => x.prediction)),
      };
    };
    const refDefault = mean(ref.map((r) => Number(r[FEATURE_COLUMNS.length])));
    expect(stats(false).accuracy).toBeGreaterThan(0.88);
    expect(stats(true).accuracy).toBeLessThan(0.82);
    expect(Math.abs(stats(false).predicted - refDefault)).toBeLessThan(0.05);
    expect(stats(true).predicted - refDefault).toBeGreaterThan(0.15);
  });

  it('options: days, rows per hour, drift day, until', () => {
    const d = generateCreditDemo({
      end: '2026-01-02',
      days: 2,
      rowsPerHour: 3,
      driftFromDay: 0,
      until: '2026-01-02T05:30:00Z',
    });
    expect(d.days).toEqual(['2026-01-01', '2026-01-02']);
    expect(d.collector).toHaveLength((24 + 6) * 2);
    expect(d.productionRows).toBe((24 + 6) * 3);
    expect(d.requests.every((r) => r.drifted)).toBe(true);
    expect(d.runTimes).toEqual(['2026-01-02T03:15:00.000Z']);
    const none = generateCreditDemo({ end: '2026-01-02', days: 2, rowsPerHour: 1, driftFromDay: 2 });
    expect(none.driftStart).toBeUndefined();
    expect(none.requests.some((r) => r.drifted)).toBe(false);
    expect(() => generateCreditDemo({ end: 'yesterday' })).toThrow(RangeError);
    expect(() => generateCreditDemo({ end: END, rowsPerHour: 0 })).toThrow(RangeError);
  });
});
