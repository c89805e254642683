/** End to end through computeDrift: tables with nulls and type errors mixed in give the scipy oracle values. */
import { describe, expect, it } from 'vitest';
import { TableBuilder } from '../../../src/core/data/table.js';
import { computeDrift } from '../../../src/core/signals/index.js';
import type { NumericalHistogramBucket } from '../../../src/core/signals/index.js';
import { closeRel, loadOracle, samples } from '../metrics/oracle-data.js';

const oracle = loadOracle();

function column(values: ArrayLike<number>, noise: boolean) {
  const b = new TableBuilder();
  for (let i = 0; i < values.length; i++) {
    b.addRow({ x: values[i] });
    // Nulls and non-numbers are dropped per column, so they must not change any value.
    if (noise && i % 7 === 3) b.addRow({ x: null });
    if (noise && i % 11 === 5) b.addRow({ x: 'n/a' });
  }
  return b.finish();
}

describe('data drift end to end vs scipy (numerical, override numerical, nulls and type errors mixed in)', () => {
  const cases = oracle.numerical.filter((c) => c.ref && c.ref.length + (c.prod?.length ?? 0) <= 20000);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const [ref, prod] = samples(c);
    const r = computeDrift(
      {
        type: 'data_drift',
        reference: column(ref, false),
        production: column(prod, true),
        feature_type_override: { x: 'numerical' },
        metric_thresholds: {
          numerical: {
            jensen_shannon_distance: 0.1,
            normalized_wasserstein_distance: 0.1,
            population_stability_index: 0.1,
            two_sample_kolmogorov_smirnov_test: 0.05,
          },
        },
      },
      { metrics: 'all' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = Object.fromEntries(r.rows.map((x) => [x.metric_name, x.metric_value]));
    expect(closeRel(v.JensenShannonDistance ?? NaN, c.expected.JensenShannonDistance)).toBe(true);
    expect(closeRel(v.NormalizedWassersteinDistance ?? NaN, c.expected.NormalizedWassersteinDistance)).toBe(
      true,
    );
    expect(closeRel(v.PopulationStabilityIndex ?? NaN, c.expected.PopulationStabilityIndex)).toBe(true);
    expect(
      Math.abs((v.TwoSampleKolmogorovSmirnovTest ?? NaN) - c.expected.TwoSampleKolmogorovSmirnovTest),
    ).toBeLessThanOrEqual(1e-6);
    const h = (r.histograms?.[0]?.histogram ?? []) as NumericalHistogramBucket[];
    expect(h.map((b) => b.baselineCount)).toEqual(c.expected.refCounts);
    expect(h.map((b) => b.targetCount)).toEqual(c.expected.prodCounts);
    const f = r.features?.[0];
    expect(f?.production_values).toBe(prod.length);
  });
});

describe('categorical drift end to end vs scipy', () => {
  it.each(oracle.categorical.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const t = (xs: string[]) => {
      const b = new TableBuilder();
      xs.forEach((x, i) => {
        b.addRow({ c: x });
        if (i % 5 === 0) b.addRow({ c: null });
      });
      return b.finish();
    };
    const r = computeDrift(
      {
        type: 'data_drift',
        reference: t(c.ref),
        production: t(c.prod),
        metric_thresholds: {
          categorical: {
            jensen_shannon_distance: 0.1,
            population_stability_index: 0.1,
            pearsons_chi_squared_test: 0.05,
          },
        },
      },
      { metrics: 'all' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = Object.fromEntries(r.rows.map((x) => [x.metric_name, x.metric_value]));
    expect(closeRel(v.JensenShannonDistance ?? NaN, c.expected.JensenShannonDistance)).toBe(true);
    expect(closeRel(v.PopulationStabilityIndex ?? NaN, c.expected.PopulationStabilityIndex)).toBe(true);
    const p = v.PearsonsChiSquaredTest ?? NaN;
    if (c.expected.PearsonsChiSquaredTest === null) expect(p).toBeNaN();
    else expect(Math.abs(p - c.expected.PearsonsChiSquaredTest)).toBeLessThanOrEqual(1e-6);
  });
});
