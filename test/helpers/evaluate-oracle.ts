/** The evaluate oracle fixture (scripts/oracle/evaluate.py) and the comparison of a result against it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { EvaluationResult } from '../../src/core/runs/result.js';
import { AZUREML_DATA_DIR, FIXTURES_DIR } from './paths.js';

export interface OracleMetric {
  readonly group: string;
  readonly metric_name: string;
  readonly metric_value: number | null;
  readonly data_type?: string;
}

export interface OracleCase {
  readonly name: string;
  readonly monitor: string;
  readonly at: string;
  /** `name:version` → folder under the Azure ML reference data. */
  readonly assets: Readonly<Record<string, string>>;
  readonly signals: Readonly<
    Record<string, { readonly rowCounts: Readonly<Record<string, number>>; readonly metrics: OracleMetric[] }>
  >;
}

export const ORACLE_CASES: readonly OracleCase[] = (
  JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'evaluate-oracle.json'), 'utf8')) as {
    cases: OracleCase[];
  }
).cases;

export function oracleCase(name: string): OracleCase {
  const c = ORACLE_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no oracle case '${name}'`);
  return c;
}

export const monitorPath = (c: OracleCase): string => path.join(FIXTURES_DIR, 'monitors', c.monitor);

export const assetPaths = (c: OracleCase): Record<string, string> =>
  Object.fromEntries(Object.entries(c.assets).map(([k, v]) => [k, path.join(AZUREML_DATA_DIR, v)]));

const P_VALUES = new Set(['TwoSampleKolmogorovSmirnovTest', 'PearsonsChiSquaredTest']);

/** Distances and rates to 1e-9 relative, p-values to 1e-6 absolute; same rows, types and row counts. */
export function expectMatchesOracle(result: EvaluationResult, c: OracleCase): void {
  for (const [name, expected] of Object.entries(c.signals)) {
    const s = result.signals[name];
    expect(s, `signal ${name}`).toBeDefined();
    if (!s) continue;
    expect(s.status, `${name}: ${s.error ?? ''}`).toBe('Completed');
    expect(s.rowCounts).toMatchObject(expected.rowCounts);
    const key = (m: { group: string; metric_name: string }): string => `${m.group}/${m.metric_name}`;
    expect(s.metrics.map(key).sort(), `${name} rows`).toEqual(expected.metrics.map(key).sort());
    for (const e of expected.metrics) {
      const got = s.metrics.find((m) => key(m) === key(e));
      const what = `${c.name} ${name} ${key(e)}`;
      if (e.data_type !== undefined) expect(got?.data_type, what).toBe(e.data_type);
      const v = got?.metric_value ?? null;
      if (e.metric_value === null) {
        expect(v, what).toBeNull();
        continue;
      }
      expect(v, what).not.toBeNull();
      const diff = Math.abs((v ?? NaN) - e.metric_value);
      if (P_VALUES.has(e.metric_name)) expect(diff, what).toBeLessThanOrEqual(1e-6);
      else
        expect(diff, `${what}: ${String(v)} vs ${String(e.metric_value)}`).toBeLessThanOrEqual(
          1e-9 * Math.abs(e.metric_value) + 1e-15,
        );
    }
  }
}
