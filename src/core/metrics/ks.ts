/**
 * Two-sample Kolmogorov-Smirnov test, two-sided, scipy 1.10 `ks_2samp(method='auto')` semantics:
 * exact when both samples have ≤ 10000 values (Hodges' inside method with Viehmann's 1−p recursion, or the
 * closed form for equal sizes), otherwise `kstwo.sf(D, round(n·m/(n+m)))`. ★ Any size (Azure refuses > 10000).
 */
import { kstwoSf, roundHalfEven } from './special.js';

export const KS_MAX_EXACT_N = 10000;

export interface KsResult {
  readonly statistic: number;
  readonly pvalue: number;
  readonly method: 'exact' | 'asymp';
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** D = max |F1 − F2| over both samples, computed as scipy does (searchsorted right / n, then subtract). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  while (i < n1 || j < n2) {
    const ai = i < n1 ? (a[i] ?? 0) : Infinity;
    const bj = j < n2 ? (b[j] ?? 0) : Infinity;
    const x = ai <= bj ? ai : bj;
    while (i < n1 && a[i] === x) i++;
    while (j < n2 && b[j] === x) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const minD = Math.min(Math.max(-minS, 0), 1);
  return minD > maxS ? minD : maxS;
}

/** Pr(D_{n,n} ≥ h/n), two-sided (scipy `_compute_prob_outside_square`). */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k--;
  }
  return 2 * P;
}

/** 1 − Pr(paths stay strictly inside |x/m − y/n| < h/lcm) (scipy `_compute_outer_prob_inside_method`). */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + minj - lastminj] ?? 0) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1] ?? NaN;
}

/** Two-sided exact p-value, or undefined when scipy would fall back to the asymptotic method. */
function exactPValue(n1: number, n2: number, d: number): number | undefined {
  const g = gcd(n1, n2);
  const lcm = Math.floor(n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  if (h === 0) return 1;
  const prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  if (!Number.isFinite(prob) || prob < 0 || prob > 1) return undefined;
  return prob;
}

/** KS test on two **sorted** samples without NaN. Throws on an empty sample (callers report that as an error). */
export function ks2SampSorted(a: Float64Array, b: Float64Array): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ks2samp: empty sample');
  const d = ksStatistic(a, b);
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const p = exactPValue(n1, n2, d);
    if (p !== undefined) return { statistic: d, pvalue: Math.min(Math.max(p, 0), 1), method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  const p = kstwoSf(d, roundHalfEven(en));
  return { statistic: d, pvalue: Math.min(Math.max(p, 0), 1), method: 'asymp' };
}
