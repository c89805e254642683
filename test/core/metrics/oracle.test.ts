/** Every metric against scipy/sklearn values from scripts/oracle/metrics.py (test/fixtures/metrics-oracle.json). */
import { describe, expect, it } from 'vitest';
import { histogramSorted, sharedBins, sturgesBinCount } from '../../../src/core/metrics/binning.js';
import {
  jensenShannonDistance,
  normalizedWassersteinDistance,
  pearsonsChiSquaredPValue,
  populationStabilityIndex,
} from '../../../src/core/metrics/distances.js';
import { ks2SampSorted } from '../../../src/core/metrics/ks.js';
import { classificationMetrics, regressionMetrics } from '../../../src/core/metrics/performance.js';
import { chi2Sf, kstwoSf } from '../../../src/core/metrics/special.js';
import { closeRel, loadOracle, samples } from './oracle-data.js';

const oracle = loadOracle();

function sorted(a: Float64Array): Float64Array {
  return Float64Array.from(a).sort();
}

describe('numerical drift metrics vs scipy', () => {
  it.each(oracle.numerical.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [ref, prod] = samples(c).map(sorted) as [Float64Array, Float64Array];
    const min = Math.min(ref[0] ?? 0, prod[0] ?? 0);
    const max = Math.max(ref[ref.length - 1] ?? 0, prod[prod.length - 1] ?? 0);
    const bins = sharedBins(min, max, sturgesBinCount(ref.length, prod.length));
    const rc = histogramSorted(ref, bins);
    const pc = histogramSorted(prod, bins);
    expect(rc.length).toBe(c.expected.binCount);
    expect(Array.from(rc)).toEqual(c.expected.refCounts);
    expect(Array.from(pc)).toEqual(c.expected.prodCounts);
    const jsd = jensenShannonDistance(rc, pc);
    expect(
      closeRel(jsd, c.expected.JensenShannonDistance),
      `JSD ${jsd} vs ${c.expected.JensenShannonDistance}`,
    ).toBe(true);
    const psi = populationStabilityIndex(rc, pc);
    expect(closeRel(psi, c.expected.PopulationStabilityIndex), `PSI ${psi}`).toBe(true);
    const nwd = normalizedWassersteinDistance(ref, prod);
    expect(closeRel(nwd, c.expected.NormalizedWassersteinDistance), `NWD ${nwd}`).toBe(true);
    const ks = ks2SampSorted(ref, prod);
    expect(ks.method).toBe(c.expected.ksMethod);
    expect(closeRel(ks.statistic, c.expected.ksStatistic)).toBe(true);
    expect(
      Math.abs(ks.pvalue - c.expected.TwoSampleKolmogorovSmirnovTest),
      `KS p ${ks.pvalue}`,
    ).toBeLessThanOrEqual(1e-6);
  });
});

describe('categorical drift metrics vs scipy', () => {
  it.each(oracle.categorical.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const cats = c.expected.categories;
    const rc = new Float64Array(cats.length);
    const pc = new Float64Array(cats.length);
    for (const v of c.ref) rc[cats.indexOf(v)]! += 1;
    for (const v of c.prod) pc[cats.indexOf(v)]! += 1;
    expect(closeRel(jensenShannonDistance(rc, pc), c.expected.JensenShannonDistance)).toBe(true);
    expect(closeRel(populationStabilityIndex(rc, pc), c.expected.PopulationStabilityIndex)).toBe(true);
    const p = pearsonsChiSquaredPValue(rc, pc);
    if (c.expected.PearsonsChiSquaredTest === null) expect(p).toBeNaN();
    else expect(Math.abs(p - c.expected.PearsonsChiSquaredTest)).toBeLessThanOrEqual(1e-6);
  });
});

describe('model performance vs sklearn', () => {
  it.each(oracle.classification.map((c) => [c.name, c] as const))('classification: %s', (_name, c) => {
    const labels = [...new Set([...c.yTrue, ...c.yPred])];
    const code = (v: string): number => labels.indexOf(v);
    const m = classificationMetrics(
      Int32Array.from(c.yTrue, code),
      Int32Array.from(c.yPred, code),
      labels.length,
    );
    expect(closeRel(m.accuracy, c.expected.Accuracy)).toBe(true);
    expect(closeRel(m.precision, c.expected.Precision)).toBe(true);
    expect(closeRel(m.recall, c.expected.Recall)).toBe(true);
  });
  it.each(oracle.regression.map((c) => [c.name, c] as const))('regression: %s', (_name, c) => {
    const m = regressionMetrics(Float64Array.from(c.yTrue), Float64Array.from(c.yPred));
    expect(closeRel(m.meanAbsoluteError, c.expected.MeanAbsoluteError)).toBe(true);
    expect(closeRel(m.meanSquaredError, c.expected.MeanSquaredError)).toBe(true);
    expect(closeRel(m.rootMeanSquaredError, c.expected.RootMeanSquaredError)).toBe(true);
  });
});

describe('distributions vs scipy', () => {
  it.each(oracle.kstwo.map((c) => [c.n, c.d, c] as const))('kstwo.sf(d, n) n=%i d=%f', (_n, _d, c) => {
    expect(Math.abs(kstwoSf(c.d, c.n) - c.sf)).toBeLessThanOrEqual(1e-6);
  });
  it.each(oracle.chi2.map((c) => [c.x, c.df, c] as const))('chi2.sf(%f, %f)', (_x, _df, c) => {
    expect(closeRel(chi2Sf(c.x, c.df), c.sf, 1e-9) || Math.abs(chi2Sf(c.x, c.df) - c.sf) < 1e-15).toBe(true);
  });
});
