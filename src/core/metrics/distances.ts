/**
 * Drift distances over counts (bins or categories) and over sorted samples. Definitions: DESIGN §6 and
 * AZUREML-MONITORING-FACTS §5.1–§5.6; each mirrors the scipy call Azure's components make.
 */
import { chi2Sf } from './special.js';

/** Neumaier-compensated sum, so long sums do not drift from numpy's pairwise result. */
export function accurateSum(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

const relEntr = (x: number, y: number): number =>
  x > 0 && y > 0 ? x * Math.log(x / y) : x === 0 && y >= 0 ? 0 : Infinity;

/**
 * scipy `jensenshannon(p, q, base=2)` where p = countsRef/nRef and q = countsProd/nProd (both renormalised as
 * scipy does). Returns the distance (square root), in [0, 1].
 */
export function jensenShannonDistance(countsRef: ArrayLike<number>, countsProd: ArrayLike<number>): number {
  const k = countsRef.length;
  const nRef = accurateSum(countsRef);
  const nProd = accurateSum(countsProd);
  const p = new Float64Array(k);
  const q = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    p[i] = (countsRef[i] ?? 0) / nRef;
    q[i] = (countsProd[i] ?? 0) / nProd;
  }
  const sp = accurateSum(p);
  const sq = accurateSum(q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < k; i++) {
    const pi = (p[i] ?? 0) / sp;
    const qi = (q[i] ?? 0) / sq;
    const m = (pi + qi) / 2;
    left += relEntr(pi, m);
    right += relEntr(qi, m);
  }
  const js = (left + right) / Math.LN2;
  // Rounding can leave a tiny negative; scipy would return NaN there, the true value is 0.
  return Math.sqrt(Math.max(js / 2, 0));
}

/** PSI with Laplace smoothing: (count + 1) / (n + K) on both sides; Σ (p − b)·ln(p / b). */
export function populationStabilityIndex(
  countsRef: ArrayLike<number>,
  countsProd: ArrayLike<number>,
): number {
  const k = countsRef.length;
  const nRef = accurateSum(countsRef);
  const nProd = accurateSum(countsProd);
  let psi = 0;
  for (let i = 0; i < k; i++) {
    const b = ((countsRef[i] ?? 0) + 1) / (nRef + k);
    const p = ((countsProd[i] ?? 0) + 1) / (nProd + k);
    psi += (p - b) * Math.log(p / b);
  }
  return psi;
}

/**
 * p-value of scipy `chisquare(observed = countsProd, expected = countsRef/nRef · nProd)`, df = K − 1.
 * A category with expected 0 and observed > 0 gives statistic ∞ and p = 0; K = 1 gives NaN (df 0).
 */
export function pearsonsChiSquaredPValue(
  countsRef: ArrayLike<number>,
  countsProd: ArrayLike<number>,
): number {
  const k = countsRef.length;
  const nRef = accurateSum(countsRef);
  const nProd = accurateSum(countsProd);
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const e = ((countsRef[i] ?? 0) / nRef) * nProd;
    const o = countsProd[i] ?? 0;
    const d = o - e;
    stat += (d * d) / e;
  }
  return chi2Sf(stat, k - 1);
}

/** scipy `wasserstein_distance(a, b)` (1-D, unweighted) on two sorted samples: ∫ |F_a − F_b| dx. */
export function wassersteinDistanceSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let c = 0;
  let prev = NaN;
  let fa = 0;
  let fb = 0;
  while (i < n1 || j < n2) {
    const ai = i < n1 ? (a[i] ?? 0) : Infinity;
    const bj = j < n2 ? (b[j] ?? 0) : Infinity;
    const x = ai <= bj ? ai : bj;
    if (i + j > 0) {
      const term = Math.abs(fa - fb) * (x - prev);
      const t = sum + term;
      c += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    while (i < n1 && a[i] === x) i++;
    while (j < n2 && b[j] === x) j++;
    fa = i / n1;
    fb = j / n2;
    prev = x;
  }
  return sum + c;
}

/** Sample standard deviation (n − 1), NaN for fewer than 2 values (Spark `stddev_samp` gives null). */
export function sampleStd(values: Float64Array): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mean = accurateSum(values) / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] ?? 0) - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** Wasserstein distance divided by max(sample std of the reference, 0.001) (0.001 when the std is undefined). */
export function normalizedWassersteinDistance(refSorted: Float64Array, prodSorted: Float64Array): number {
  const std = sampleStd(refSorted);
  const norm = Number.isNaN(std) ? 0.001 : Math.max(std, 0.001);
  return wassersteinDistanceSorted(refSorted, prodSorted) / norm;
}
