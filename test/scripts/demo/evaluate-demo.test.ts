/**
 * The demo end to end without storage: the generated files in the collector folder layout and two MLTable folders,
 * the demo monitor YAML evaluated by the real evaluator at each daily 03:15 run time. Before the drift nothing
 * breaches; from the drift day on, data drift, prediction drift, data quality and model performance do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateYaml, localCollectorRoot } from '../../../src/adapters/evaluator.js';
import type { EvaluationResult, MetricRow, SignalResult } from '../../../src/core/runs/result.js';
import { parseMonitorYaml } from '../../../src/core/spec/index.js';
import { generateCreditDemo, type CreditDemo } from '../../../scripts/demo/credit-default.js';
import { readDemoMonitorYaml, writeDemoFiles, type DemoPaths } from '../../../scripts/demo/files.js';

const YAML = readDemoMonitorYaml();
const SIGNALS = [
  'advanced_data_drift',
  'advanced_prediction_drift',
  'advanced_data_quality',
  'model_performance',
];

let dir: string;
let demo: CreditDemo;
let paths: DemoPaths;
const results = new Map<string, EvaluationResult>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'credit-demo-'));
  demo = generateCreditDemo({ end: '2026-03-08' });
  paths = await writeDemoFiles(demo, dir);
  for (const runTime of demo.runTimes) {
    const r = await evaluateYaml(YAML, runTime, {
      overrides: paths.assets,
      collectorRoots: [localCollectorRoot(paths.collectorRoot)],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    results.set(runTime, r.result);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function signal(r: EvaluationResult | undefined, name: string): SignalResult {
  const s = r?.signals[name];
  if (!s) throw new Error(`no signal ${name}`);
  return s;
}

const breachedGroups = (s: SignalResult): string[] =>
  s.metrics
    .filter((m) => m.breached)
    .map((m) => `${m.group}/${m.metric_name}`)
    .sort();

function metric(s: SignalResult, name: string, group = ''): MetricRow {
  const m = s.metrics.find((x) => x.metric_name === name && x.group === group);
  if (!m) throw new Error(`no ${group}/${name}`);
  return m;
}

/** The rows of the requests in the run's collector hours (d−1 03:00 … d 03:00), straight from the generator. */
function windowRows(runTime: string): CreditDemo['requests'][number]['rows'] {
  const end = Math.floor(Date.parse(runTime) / 3_600_000) * 3_600_000 + 3_600_000;
  const start = end - 25 * 3_600_000;
  return demo.requests
    .filter((r) => Date.parse(r.time) >= start && Date.parse(r.time) < end)
    .flatMap((r) => r.rows);
}

describe('the credit-default demo monitor on the generated data (evaluateYaml, local files)', () => {
  it('the YAML validates: four signals, daily at 03:15, two alert recipients', () => {
    const parsed = parseMonitorYaml(YAML);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.spec.signals.map((s) => s.name)).toEqual(SIGNALS);
    expect(parsed.spec.signals.every((s) => s.alertEnabled)).toBe(true);
  });

  it('runs before the drift day complete without any breach', () => {
    const before = demo.runTimes.filter((t) => t < (demo.driftStart ?? ''));
    expect(before).toHaveLength(2);
    for (const t of before) {
      const r = results.get(t);
      expect(r?.status, t).toBe('Completed');
      for (const name of SIGNALS) {
        const s = signal(r, name);
        expect(s.status, `${t} ${name}`).toBe('Completed');
        expect(s.breached, `${t} ${name}: ${breachedGroups(s).join(', ')}`).toBe(false);
        expect(s.rowCounts.production, `${t} ${name}`).toBe(25 * 40);
      }
    }
  });

  it('runs from the drift day on fail, with all four signals breached', () => {
    const after = demo.runTimes.filter((t) => t > (demo.driftStart ?? ''));
    expect(after).toHaveLength(3);
    for (const t of after) {
      const r = results.get(t);
      expect(r?.status, t).toBe('Failed');
      for (const name of SIGNALS) {
        const s = signal(r, name);
        expect(s.status, `${t} ${name}`).toBe('Completed');
        expect(s.breached, `${t} ${name}`).toBe(true);
      }
      const drift = breachedGroups(signal(r, 'advanced_data_drift'));
      for (const f of ['LIMIT_BAL', 'AGE', 'EDUCATION', 'PAY_0'])
        expect(drift, t).toContain(`${f}/JensenShannonDistance`);
      expect(
        drift.some((g) => g.startsWith('SEX/')),
        t,
      ).toBe(false);
      expect(breachedGroups(signal(r, 'advanced_prediction_drift')), t).toEqual([
        'DEFAULT_NEXT_MONTH/JensenShannonDistance',
      ]);
      expect(breachedGroups(signal(r, 'advanced_data_quality')), t).toEqual([
        'EDUCATION/OutOfBoundsRate',
        'LIMIT_BAL/NullValueRate',
      ]);
      expect(breachedGroups(signal(r, 'model_performance')), t).toEqual(['/Accuracy', '/Precision']);
    }
  });

  it('the evaluator’s figures agree with the generator’s own rows in each window', () => {
    for (const t of demo.runTimes) {
      const r = results.get(t);
      const rows = windowRows(t);
      expect(rows).toHaveLength(1000);
      const perf = signal(r, 'model_performance');
      expect(perf.rowCounts.joined).toBe(rows.length);
      const accuracy = rows.filter((x) => x.prediction === x.actual).length / rows.length;
      expect(metric(perf, 'Accuracy').metric_value).toBeCloseTo(accuracy, 12);
      const quality = signal(r, 'advanced_data_quality');
      const nulls = rows.filter((x) => x.features.LIMIT_BAL === null).length / rows.length;
      expect(metric(quality, 'NullValueRate', 'LIMIT_BAL').metric_value).toBeCloseTo(nulls, 12);
      const unknown = rows.filter((x) => (x.features.EDUCATION ?? 0) > 4).length / rows.length;
      expect(metric(quality, 'OutOfBoundsRate', 'EDUCATION').metric_value).toBeCloseTo(unknown, 12);
    }
  });

  it('prints the figures of each run (for the README and the lead)', () => {
    const fmt = (m: MetricRow): string =>
      `${m.group === '' ? '' : `${m.group} `}${m.metric_name} ${String(m.metric_value?.toFixed(3))}`;
    for (const t of demo.runTimes) {
      const r = results.get(t);
      const lines = SIGNALS.map((name) => {
        const s = signal(r, name);
        const breached = s.metrics.filter((m) => m.breached);
        const largest = [...s.metrics].sort((a, b) => (b.metric_value ?? 0) - (a.metric_value ?? 0))[0];
        const shown =
          name === 'model_performance'
            ? s.metrics.map(fmt).join(', ')
            : breached.length > 0
              ? breached.map(fmt).join(', ')
              : `largest: ${largest ? fmt(largest) : 'none'}`;
        return `  ${name}${s.breached ? ' BREACHED' : ''}: ${shown}`;
      });
      console.log(`${t} ${String(r?.status)}\n${lines.join('\n')}`);
    }
    expect(results.size).toBe(demo.runTimes.length);
  });
});
