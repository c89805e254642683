/**
 * Preparing one feature for drift: sort both samples once (KS, Wasserstein and the bins all read sorted data),
 * build the shared bins and count; for categories, count over the union (reference categories first).
 */
import type { Bins } from './binning.js';
import { histogramSorted, sharedBins, sturgesBinCount } from './binning.js';
import type { CategoricalDriftInput, NumericalDriftInput } from './registry.js';

export interface NumericalDriftPrep extends NumericalDriftInput {
  readonly bins: Bins;
}

/** Sorts the given arrays **in place** (callers pass arrays they own) and bins them. Both must be non-empty. */
export function prepareNumerical(ref: Float64Array, prod: Float64Array): NumericalDriftPrep {
  ref.sort();
  prod.sort();
  const min = Math.min(ref[0] ?? NaN, prod[0] ?? NaN);
  const max = Math.max(ref[ref.length - 1] ?? NaN, prod[prod.length - 1] ?? NaN);
  const bins = sharedBins(min, max, sturgesBinCount(ref.length, prod.length));
  return {
    refSorted: ref,
    prodSorted: prod,
    bins,
    refCounts: histogramSorted(ref, bins),
    prodCounts: histogramSorted(prod, bins),
  };
}

export interface CategoricalDriftPrep extends CategoricalDriftInput {
  readonly categories: readonly string[];
}

/** Counts per category key; `refCodeCounts[c]` counts dictionary code c of the reference, likewise production. */
export function prepareCategorical(
  refKeys: readonly string[],
  refCodeCounts: ArrayLike<number>,
  prodKeys: readonly string[],
  prodCodeCounts: ArrayLike<number>,
): CategoricalDriftPrep {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const refAcc: number[] = [];
  const prodAcc: number[] = [];
  const slot = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = categories.length;
      index.set(key, i);
      categories.push(key);
      refAcc.push(0);
      prodAcc.push(0);
    }
    return i;
  };
  for (let c = 0; c < refKeys.length; c++) {
    const n = refCodeCounts[c] ?? 0;
    if (n > 0) {
      const i = slot(refKeys[c] ?? '');
      refAcc[i] = (refAcc[i] ?? 0) + n;
    }
  }
  for (let c = 0; c < prodKeys.length; c++) {
    const n = prodCodeCounts[c] ?? 0;
    if (n > 0) {
      const i = slot(prodKeys[c] ?? '');
      prodAcc[i] = (prodAcc[i] ?? 0) + n;
    }
  }
  return { categories, refCounts: Float64Array.from(refAcc), prodCounts: Float64Array.from(prodAcc) };
}
