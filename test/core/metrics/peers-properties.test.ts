/** Peer cases whose definitions coincide with ours, and property tests on seeded random data. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  jensenShannonDistance,
  normalizedWassersteinDistance,
  pearsonsChiSquaredPValue,
  populationStabilityIndex,
} from '../../../src/core/metrics/distances.js';
import { prepareCategorical, prepareNumerical } from '../../../src/core/metrics/drift.js';
import { ks2SampSorted, ksStatistic } from '../../../src/core/metrics/ks.js';
import { PEER_CASES_DIR } from '../../helpers/paths.js';

interface PeerFile<C> {
  cases: C;
}
const read = <C>(name: string): PeerFile<C> =>
  JSON.parse(fs.readFileSync(path.join(PEER_CASES_DIR, name), 'utf8')) as PeerFile<C>;

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

function categoricalCounts(
  ref: readonly (string | number | null)[],
  prod: readonly (string | number | null)[],
) {
  const keys = (xs: readonly (string | number | null)[]) => {
    const dict: string[] = [];
    const counts: number[] = [];
    for (const x of xs) {
      if (x === null) continue; // nulls are dropped per column
      const k = String(x);
      let i = dict.indexOf(k);
      if (i < 0) {
        i = dict.push(k) - 1;
        counts.push(0);
      }
      counts[i] = (counts[i] ?? 0) + 1;
    }
    return [dict, counts] as const;
  };
  const [rk, rc] = keys(ref);
  const [pk, pc] = keys(prod);
  return prepareCategorical(rk, rc, pk, pc);
}

describe('peer cases: cross_peer_derived azureml.* values', () => {
  const cross = read<Record<string, { values: Record<string, number> }>>('cross_peer_derived.json').cases;
  const inputs: Record<string, [number[], number[]]> = {
    N1: [range(0, 100), range(20, 120)],
    N2: [range(0, 100), range(0, 100).map((v) => (v < 10 ? 50 : v))],
  };
  it.each(Object.entries(inputs))('%s', (id, [ref, cur]) => {
    const values = cross[id]?.values ?? {};
    const prep = prepareNumerical(Float64Array.from(ref), Float64Array.from(cur));
    const expectClose = (key: string, v: number) => {
      const e = values[key];
      expect(e, key).toBeTypeOf('number');
      expect(Math.abs(v - (e ?? NaN))).toBeLessThanOrEqual(1e-9 * Math.abs(e ?? 1));
    };
    expectClose(
      'azureml.psi (ceil(log2(min n)+1) equal-width bins, +1 Laplace)',
      populationStabilityIndex(prep.refCounts, prep.prodCounts),
    );
    expectClose('azureml.jensen_shannon (base 2)', jensenShannonDistance(prep.refCounts, prep.prodCounts));
    expectClose(
      'azureml.normalized_wasserstein (W1/std_sample(ref))',
      normalizedWassersteinDistance(prep.refSorted, prep.prodSorted),
    );
  });
});

describe('peer cases: evidently chi-square p-values (same definition: expected = ref share × n_current)', () => {
  interface Case {
    id: string;
    method: string;
    reference: (string | number | null)[];
    current: (string | number | null)[];
    expected: { score: number; abs_tol: number };
  }
  const cases = read<Case[]>('evidently_stattests.json').cases.filter((c) =>
    c.method.startsWith('chisquare'),
  );
  it('has the four chi-square cases', () => {
    expect(cases.length).toBe(4);
  });
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const prep = categoricalCounts(c.reference, c.current);
    const p = pearsonsChiSquaredPValue(prep.refCounts, prep.prodCounts);
    expect(Math.abs(p - c.expected.score)).toBeLessThanOrEqual(c.expected.abs_tol);
  });
});

describe('peer cases: deepchecks KS statistic (run-length inputs)', () => {
  interface Case {
    id: string;
    input_encoding: string;
    dist1: [number, number][];
    dist2: [number, number][];
    expected: { value: number };
  }
  const cases = read<Case[]>('deepchecks_drift.json').cases.filter(
    (c) => c.id.startsWith('deepchecks.ks') && c.input_encoding === 'run_length',
  );
  const expand = (rl: [number, number][]) =>
    Float64Array.from(rl.flatMap(([v, n]) => Array<number>(n).fill(v)));
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const a = expand(c.dist1).sort();
    const b = expand(c.dist2).sort();
    expect(ksStatistic(a, b)).toBe(c.expected.value);
  });
});

/** xorshift32, seeded: reproducible property inputs. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function sample(r: () => number, n: number, shift: number, scale: number, ties: boolean): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = shift + scale * (r() + r() + r() - 1.5);
    out[i] = ties ? Math.round(v) : v;
  }
  return out;
}

describe('properties (seeded)', () => {
  const r = rng(12345);
  const trials = Array.from({ length: 60 }, (_, t) => {
    const n1 = 1 + Math.floor(r() * (t % 3 === 0 ? 20 : 3000));
    const n2 = 1 + Math.floor(r() * (t % 4 === 0 ? 15 : 2500));
    return {
      t,
      a: sample(r, n1, 0, 1 + r() * 10, t % 2 === 0),
      b: sample(r, n2, (r() - 0.5) * 4, 1 + r() * 10, t % 2 === 0),
    };
  });

  it.each(trials.map((x) => [x.t, x] as const))(
    'trial %i: PSI(x,x)=0, JSD in [0,1] symmetric, KS p in [0,1]',
    (_t, x) => {
      const same = prepareNumerical(Float64Array.from(x.a), Float64Array.from(x.a));
      expect(populationStabilityIndex(same.refCounts, same.prodCounts)).toBe(0);
      expect(jensenShannonDistance(same.refCounts, same.prodCounts)).toBe(0);
      const ab = prepareNumerical(Float64Array.from(x.a), Float64Array.from(x.b));
      const ba = prepareNumerical(Float64Array.from(x.b), Float64Array.from(x.a));
      const jab = jensenShannonDistance(ab.refCounts, ab.prodCounts);
      const jba = jensenShannonDistance(ba.refCounts, ba.prodCounts);
      expect(jab).toBeGreaterThanOrEqual(0);
      expect(jab).toBeLessThanOrEqual(1);
      expect(Math.abs(jab - jba)).toBeLessThanOrEqual(1e-12);
      expect(populationStabilityIndex(ab.refCounts, ab.prodCounts)).toBeGreaterThanOrEqual(0);
      const ks = ks2SampSorted(ab.refSorted, ab.prodSorted);
      expect(ks.pvalue).toBeGreaterThanOrEqual(0);
      expect(ks.pvalue).toBeLessThanOrEqual(1);
      const ksSelf = ks2SampSorted(same.refSorted, same.prodSorted);
      expect(ksSelf.pvalue).toBe(1);
    },
  );
});
