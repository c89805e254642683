/**
 * Shared numerical bins for JSD/PSI and the display histograms (DESIGN §6, FACTS §5.1): Sturges' k on the
 * smaller sample, equal width over the combined min..max, edges min + i·w, half-open bins [e_i, e_{i+1}) with
 * the last bin closed; min = max → one bin [v − d, v + d]. ★ A value at the combined max always lands in the last
 * bin even when min + k·w rounds below it (Spark would drop it).
 */

export interface Bins {
  /** k + 1 increasing edges. */
  readonly edges: Float64Array;
}

export function sturgesBinCount(nRef: number, nProd: number): number {
  const n = Math.min(nRef, nProd);
  return n <= 1 ? 1 : Math.ceil(Math.log2(n) + 1);
}

export function sharedBins(min: number, max: number, k: number): Bins {
  if (min === max) {
    const d = min === 0 ? 0.005 : Math.abs(min) * 0.005;
    return { edges: Float64Array.of(min - d, min + d) };
  }
  const w = (max - min) / k;
  const edges = new Float64Array(k + 1);
  for (let i = 0; i <= k; i++) edges[i] = min + i * w;
  return { edges };
}

/** Index of the first element ≥ x in a sorted array. */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per bin of a **sorted** sample whose values lie within the combined min..max (binary search per edge). */
export function histogramSorted(sorted: Float64Array, bins: Bins): Float64Array {
  const edges = bins.edges;
  const k = edges.length - 1;
  const counts = new Float64Array(k);
  let prev = 0;
  for (let i = 1; i < k; i++) {
    const at = lowerBound(sorted, edges[i] ?? 0);
    counts[i - 1] = at - prev;
    prev = at;
  }
  counts[k - 1] = sorted.length - prev;
  return counts;
}
