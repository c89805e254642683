/**
 * A small gradient-boosted tree trainer: the surrogate model whose TreeSHAP values give feature importance.
 * It follows LightGBM's defaults as Azure's surrogate uses them (leaf-wise growth up to 31 leaves, max depth 5,
 * learning rate 0.1, at least 20 rows per leaf, histograms of at most 255 bins, no sampling, no L2) so the
 * trees and therefore the importance rankings are alike; it is not a bit-exact LightGBM port.
 * Deterministic: no randomness at all (no bagging, no feature sampling); ties go to the first feature/bin.
 */
import { TreeBuilder, type Ensemble, type Tree } from './tree.js';

export type GbmObjective = 'regression' | 'binary' | 'multiclass';

export interface GbmOptions {
  readonly objective: GbmObjective;
  /** Number of classes for 'multiclass' (one tree per class per round). */
  readonly numClasses?: number;
  readonly nEstimators: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly numLeaves: number;
  readonly minDataInLeaf: number;
  readonly minSumHessianInLeaf: number;
  readonly lambdaL2: number;
  readonly maxBin: number;
}

export const LIGHTGBM_DEFAULTS: Omit<GbmOptions, 'objective' | 'nEstimators'> = {
  learningRate: 0.1,
  maxDepth: 5,
  numLeaves: 31,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL2: 0,
  maxBin: 255,
};

/** Features binned for histogram split finding: bin b holds values with cuts[b-1] <= x < cuts[b]. */
interface BinnedFeature {
  readonly cuts: Float64Array;
  /** The bin that marks a missing value (= cuts.length + 1). */
  readonly missingBin: number;
  /** Offset of this feature's bins in a leaf histogram. */
  readonly offset: number;
}

function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cut points: midpoints between distinct values when few, else equal-frequency quantiles (like LightGBM). */
export function binCuts(values: Float64Array, maxBin: number): Float64Array {
  let m = 0;
  const present = new Float64Array(values.length);
  for (const v of values) if (!Number.isNaN(v)) present[m++] = v;
  const sorted = present.subarray(0, m).sort();
  // Distinct values and their counts, in place of typed arrays (no per-value objects).
  const distinct = new Float64Array(m);
  const counts = new Float64Array(m);
  let d = 0;
  for (let i = 0; i < m; i++) {
    const v = sorted[i] ?? 0;
    if (d > 0 && distinct[d - 1] === v) counts[d - 1] = (counts[d - 1] ?? 0) + 1;
    else {
      distinct[d] = v;
      counts[d] = 1;
      d++;
    }
  }
  if (d <= maxBin) {
    const cuts = new Float64Array(Math.max(0, d - 1));
    for (let i = 1; i < d; i++) cuts[i - 1] = ((distinct[i - 1] ?? 0) + (distinct[i] ?? 0)) / 2;
    return cuts;
  }
  // Greedy equal-frequency bins over distinct values, cut at the midpoint between neighbours.
  const cuts: number[] = [];
  const perBin = m / maxBin;
  let acc = 0;
  for (let i = 0; i < d - 1 && cuts.length < maxBin - 1; i++) {
    acc += counts[i] ?? 0;
    if (acc >= perBin * (cuts.length + 1)) cuts.push(((distinct[i] ?? 0) + (distinct[i + 1] ?? 0)) / 2);
  }
  return Float64Array.from(cuts);
}

/** Bins per feature plus one row-major bin matrix (`bins[row * F + f]`), so a row's bins share a cache line. */
interface Binned {
  readonly features: readonly BinnedFeature[];
  readonly bins: Uint8Array;
  readonly stride: number;
  readonly totalBins: number;
}

function binFeatures(columns: readonly Float64Array[], rows: number, maxBin: number): Binned {
  const stride = columns.length;
  const bins = new Uint8Array(rows * stride);
  let offset = 0;
  const features = columns.map((col, f) => {
    const cuts = binCuts(col, Math.min(maxBin, 254));
    const missingBin = cuts.length + 1;
    for (let r = 0; r < rows; r++) {
      const v = col[r] ?? Number.NaN;
      bins[r * stride + f] = Number.isNaN(v) ? missingBin : upperBound(cuts, v);
    }
    const feat = { cuts, missingBin, offset };
    offset += missingBin + 1;
    return feat;
  });
  return { features, bins, stride, totalBins: offset };
}

interface Split {
  readonly gain: number;
  readonly feature: number;
  /** Bins <= bin go left. */
  readonly bin: number;
  readonly missingLeft: boolean;
  readonly left: Stats;
  readonly right: Stats;
}

interface Stats {
  readonly g: number;
  readonly h: number;
  readonly c: number;
}

interface Leaf {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly stats: Stats;
  readonly hist: Float64Array;
  split: Split | undefined;
}

function score(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

function findSplit(
  features: readonly BinnedFeature[],
  hist: Float64Array,
  total: Stats,
  o: GbmOptions,
): Split | undefined {
  let best: Split | undefined;
  const parent = score(total.g, total.h, o.lambdaL2);
  for (let f = 0; f < features.length; f++) {
    const feat = features[f];
    if (!feat) continue;
    const base = feat.offset * 3;
    const mb = feat.missingBin;
    const mg = hist[base + mb * 3] ?? 0;
    const mh = hist[base + mb * 3 + 1] ?? 0;
    const mc = hist[base + mb * 3 + 2] ?? 0;
    let lg = 0;
    let lh = 0;
    let lc = 0;
    // The last non-missing bin is mb - 1; bin mb - 1 as "left" only separates missing from present.
    for (let b = 0; b < mb; b++) {
      lg += hist[base + b * 3] ?? 0;
      lh += hist[base + b * 3 + 1] ?? 0;
      lc += hist[base + b * 3 + 2] ?? 0;
      const last = b === mb - 1;
      for (let side = 0; side < 2; side++) {
        const missingLeft = side === 1;
        if (missingLeft && (mc === 0 || last)) continue;
        if (last && mc === 0) continue;
        const gl = missingLeft ? lg + mg : lg;
        const hl = missingLeft ? lh + mh : lh;
        const cl = missingLeft ? lc + mc : lc;
        const gr = total.g - gl;
        const hr = total.h - hl;
        const cr = total.c - cl;
        if (cl < o.minDataInLeaf || cr < o.minDataInLeaf) continue;
        if (hl < o.minSumHessianInLeaf || hr < o.minSumHessianInLeaf) continue;
        const gain = score(gl, hl, o.lambdaL2) + score(gr, hr, o.lambdaL2) - parent;
        if (gain > 1e-12 && (!best || gain > best.gain)) {
          // No missing value seen here: send future missing values to the larger side.
          const ml = mc === 0 ? cl >= cr : missingLeft;
          best = {
            gain,
            feature: f,
            bin: b,
            missingLeft: ml,
            left: { g: gl, h: hl, c: cl },
            right: { g: gr, h: hr, c: cr },
          };
        }
      }
    }
  }
  return best;
}

function buildHist(
  binned: Binned,
  idx: Int32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): Float64Array {
  const hist = new Float64Array(binned.totalBins * 3);
  const { bins, stride, features } = binned;
  const offsets = Int32Array.from(features, (f) => f.offset * 3);
  for (let i = start; i < end; i++) {
    const r = idx[i] ?? 0;
    const g = grad[r] ?? 0;
    const h = hess[r] ?? 0;
    const rowBase = r * stride;
    for (let f = 0; f < stride; f++) {
      const p = (offsets[f] ?? 0) + (bins[rowBase + f] ?? 0) * 3;
      hist[p] = (hist[p] ?? 0) + g;
      hist[p + 1] = (hist[p + 1] ?? 0) + h;
      hist[p + 2] = (hist[p + 2] ?? 0) + 1;
    }
  }
  return hist;
}

/** Stable in-place partition of idx[start, end) by the split; returns the first index of the right part. */
function partition(
  idx: Int32Array,
  tmp: Int32Array,
  start: number,
  end: number,
  binned: Binned,
  s: Split,
): number {
  const missingBin = binned.features[s.feature]?.missingBin ?? -1;
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = idx[i] ?? 0;
    const bin = binned.bins[row * binned.stride + s.feature] ?? 0;
    const goLeft = bin === missingBin ? s.missingLeft : bin <= s.bin;
    if (goLeft) idx[l++] = row;
    else tmp[r++] = row;
  }
  for (let i = 0; i < r; i++) idx[l + i] = tmp[i] ?? 0;
  return l;
}

function leafValue(s: Stats, o: GbmOptions): number {
  return (-s.g / (s.h + o.lambdaL2)) * o.learningRate;
}

/** Grows one tree leaf-wise (best gain first) and adds its outputs to `margin[row * stride + k]`. */
function growTree(
  binned: Binned,
  grad: Float64Array,
  hess: Float64Array,
  rows: number,
  o: GbmOptions,
  margin: Float64Array,
  stride: number,
  k: number,
): Tree {
  const idx = new Int32Array(rows);
  for (let i = 0; i < rows; i++) idx[i] = i;
  const tmp = new Int32Array(rows);
  let g = 0;
  let h = 0;
  for (let i = 0; i < rows; i++) {
    g += grad[i] ?? 0;
    h += hess[i] ?? 0;
  }
  const features = binned.features;
  const builder = new TreeBuilder();
  const rootStats = { g, h, c: rows };
  const root = builder.addLeaf(leafValue(rootStats, o), rows);
  const rootHist = buildHist(binned, idx, 0, rows, grad, hess);
  const leaves: Leaf[] = [
    { node: root, start: 0, end: rows, depth: 0, stats: rootStats, hist: rootHist, split: undefined },
  ];
  const first = leaves[0];
  if (first) first.split = o.maxDepth > 0 ? findSplit(features, rootHist, rootStats, o) : undefined;

  while (leaves.length < o.numLeaves) {
    let bestAt = -1;
    for (let i = 0; i < leaves.length; i++) {
      const s = leaves[i]?.split;
      if (s && (bestAt < 0 || s.gain > (leaves[bestAt]?.split?.gain ?? 0))) bestAt = i;
    }
    const leaf = leaves[bestAt];
    const s = leaf?.split;
    const feat = s ? features[s.feature] : undefined;
    if (!leaf || !s || !feat) break;
    const mid = partition(idx, tmp, leaf.start, leaf.end, binned, s);
    const threshold = s.bin === feat.missingBin - 1 ? Number.POSITIVE_INFINITY : (feat.cuts[s.bin] ?? 0);
    const [ln, rn] = builder.split(
      leaf.node,
      s.feature,
      threshold,
      s.missingLeft,
      { value: leafValue(s.left, o), cover: s.left.c },
      { value: leafValue(s.right, o), cover: s.right.c },
    );
    // Histogram of the smaller child by counting, the larger one by subtraction.
    const leftSmaller = mid - leaf.start <= leaf.end - mid;
    const small = leftSmaller
      ? buildHist(binned, idx, leaf.start, mid, grad, hess)
      : buildHist(binned, idx, mid, leaf.end, grad, hess);
    const large = leaf.hist;
    for (let i = 0; i < large.length; i++) large[i] = (large[i] ?? 0) - (small[i] ?? 0);
    const lh = leftSmaller ? small : large;
    const rh = leftSmaller ? large : small;
    const depth = leaf.depth + 1;
    const canSplit = depth < o.maxDepth;
    const l: Leaf = {
      node: ln,
      start: leaf.start,
      end: mid,
      depth,
      stats: s.left,
      hist: lh,
      split: undefined,
    };
    const r: Leaf = {
      node: rn,
      start: mid,
      end: leaf.end,
      depth,
      stats: s.right,
      hist: rh,
      split: undefined,
    };
    if (canSplit) {
      l.split = findSplit(features, lh, s.left, o);
      r.split = findSplit(features, rh, s.right, o);
    }
    leaves.splice(bestAt, 1, l, r);
  }
  for (const leaf of leaves) {
    const v = leafValue(leaf.stats, o);
    for (let i = leaf.start; i < leaf.end; i++) {
      const row = idx[i] ?? 0;
      margin[row * stride + k] = (margin[row * stride + k] ?? 0) + v;
    }
  }
  return builder.freeze();
}

/**
 * Fits the ensemble. `columns[f][row]` is feature f (NaN = missing); `y` holds the target: the value for
 * regression, 0/1 for binary, the class index 0..K-1 for multiclass.
 */
export function fitGbm(columns: readonly Float64Array[], y: Float64Array, o: GbmOptions): Ensemble {
  const rows = y.length;
  const k = o.objective === 'multiclass' ? (o.numClasses ?? 2) : 1;
  const binned = binFeatures(columns, rows, o.maxBin);
  const baseScore = new Float64Array(k);
  if (o.objective === 'regression') {
    let s = 0;
    for (let i = 0; i < rows; i++) s += y[i] ?? 0;
    baseScore[0] = rows > 0 ? s / rows : 0;
  } else if (o.objective === 'binary') {
    let s = 0;
    for (let i = 0; i < rows; i++) s += y[i] ?? 0;
    const p = Math.min(1 - 1e-15, Math.max(1e-15, s / Math.max(1, rows)));
    baseScore[0] = Math.log(p / (1 - p));
  } else {
    const counts = new Float64Array(k);
    for (let i = 0; i < rows; i++) counts[y[i] ?? 0] = (counts[y[i] ?? 0] ?? 0) + 1;
    for (let c = 0; c < k; c++)
      baseScore[c] = Math.log(Math.max(1e-15, (counts[c] ?? 0) / Math.max(1, rows)));
  }
  const margin = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let c = 0; c < k; c++) margin[i * k + c] = baseScore[c] ?? 0;
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  const prob = new Float64Array(rows * k);
  const trees: Tree[] = [];
  const output: number[] = [];
  const factor = k > 1 ? k / (k - 1) : 1;

  for (let round = 0; round < o.nEstimators; round++) {
    if (o.objective === 'multiclass') {
      // Softmax of the margins at the start of the round; every class tree of the round uses them.
      for (let i = 0; i < rows; i++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) max = Math.max(max, margin[i * k + c] ?? 0);
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const e = Math.exp((margin[i * k + c] ?? 0) - max);
          prob[i * k + c] = e;
          sum += e;
        }
        for (let c = 0; c < k; c++) prob[i * k + c] = (prob[i * k + c] ?? 0) / sum;
      }
    }
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < rows; i++) {
        const yi = y[i] ?? 0;
        if (o.objective === 'regression') {
          grad[i] = (margin[i] ?? 0) - yi;
          hess[i] = 1;
        } else if (o.objective === 'binary') {
          const p = 1 / (1 + Math.exp(-(margin[i] ?? 0)));
          grad[i] = p - yi;
          hess[i] = Math.max(1e-16, p * (1 - p));
        } else {
          const p = prob[i * k + c] ?? 0;
          grad[i] = p - (yi === c ? 1 : 0);
          hess[i] = Math.max(1e-16, factor * p * (1 - p));
        }
      }
      trees.push(growTree(binned, grad, hess, rows, o, margin, k, c));
      output.push(c);
    }
  }
  return { numFeatures: columns.length, numOutputs: k, baseScore, trees, output: Int32Array.from(output) };
}
