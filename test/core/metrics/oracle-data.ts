/** Test helper: loads the scipy/sklearn oracle fixture and regenerates its large samples (same LCG as the script). */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from '../../helpers/paths.js';

export interface GenSpec {
  kind: 'uniform' | 'skewed';
  n: number;
  seed: number;
  modulus: number;
  lo: number;
  scale: number;
}

export interface NumericalCase {
  name: string;
  ref?: number[];
  prod?: number[];
  refSpec?: GenSpec;
  prodSpec?: GenSpec;
  expected: {
    binCount: number;
    refCounts: number[];
    prodCounts: number[];
    JensenShannonDistance: number;
    NormalizedWassersteinDistance: number;
    PopulationStabilityIndex: number;
    TwoSampleKolmogorovSmirnovTest: number;
    ksStatistic: number;
    ksMethod: 'exact' | 'asymp';
  };
}

export interface CategoricalCase {
  name: string;
  ref: string[];
  prod: string[];
  expected: {
    categories: string[];
    JensenShannonDistance: number;
    PopulationStabilityIndex: number;
    PearsonsChiSquaredTest: number | null;
  };
}

export interface Oracle {
  versions: Record<string, string>;
  numerical: NumericalCase[];
  categorical: CategoricalCase[];
  classification: {
    name: string;
    yTrue: string[];
    yPred: string[];
    expected: { Accuracy: number; Precision: number; Recall: number };
  }[];
  regression: {
    name: string;
    yTrue: number[];
    yPred: number[];
    expected: { MeanAbsoluteError: number; MeanSquaredError: number; RootMeanSquaredError: number };
  }[];
  quality: {
    name: string;
    kind: 'numerical' | 'categorical';
    ref: (number | string | null)[];
    prod: (number | string | null)[];
    expected: {
      NullValueRate: number;
      DataTypeErrorRate: number;
      OutOfBoundsRate: number;
      refNullValueRate: number;
    };
  }[];
  kstwo: { n: number; d: number; sf: number }[];
  chi2: { x: number; df: number; sf: number }[];
}

export function loadOracle(): Oracle {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'metrics-oracle.json'), 'utf8')) as Oracle;
}

function lcgInts(seed: number, n: number, modulus: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    out[i] = s % modulus;
  }
  return out;
}

export function generate(spec: GenSpec): Float64Array {
  let r = lcgInts(spec.seed, spec.n, spec.modulus);
  if (spec.kind === 'skewed') {
    const r2 = lcgInts(spec.seed * 7 + 1, spec.n, spec.modulus);
    r = r.map((v, i) => Math.floor((v * (r2[i] ?? 0)) / spec.modulus));
  }
  return r.map((v) => (spec.lo + v) / spec.scale);
}

export function samples(c: NumericalCase): [Float64Array, Float64Array] {
  const ref = c.refSpec ? generate(c.refSpec) : Float64Array.from(c.ref ?? []);
  const prod = c.prodSpec ? generate(c.prodSpec) : Float64Array.from(c.prod ?? []);
  return [ref, prod];
}

/** |a − b| ≤ rel·|b| (with a 1e-12 absolute floor for values that are zero up to rounding). */
export function closeRel(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= Math.max(rel * Math.abs(b), 1e-12);
}
