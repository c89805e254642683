/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution
 * for tree ensembles", Algorithm 2), a port of the recursion in the `shap` package's C++ (`tree_shap.h`), which
 * xgboost's `pred_contribs` also uses. The probability of each branch is the cover ratio of the child to its
 * parent. Missing values follow the node's default direction (the "hot" branch).
 */
import { treeDepth, type Ensemble, type Tree } from './tree.js';

/** Per-tree values TreeSHAP needs besides the tree: expected output (cover-weighted) and path buffer size. */
interface PreparedTree {
  readonly tree: Tree;
  readonly output: number;
  readonly expected: number;
  readonly maxDepth: number;
}

/** The scratch path of the recursion: parallel arrays instead of objects so no allocation per row. */
interface PathBuffer {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
}

function newPath(size: number): PathBuffer {
  return {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
  };
}

function expectedValue(tree: Tree, node: number): number {
  const f = tree.feature[node] ?? -1;
  if (f < 0) return tree.value[node] ?? 0;
  const l = tree.left[node] ?? 0;
  const r = tree.right[node] ?? 0;
  const cl = tree.cover[l] ?? 0;
  const cr = tree.cover[r] ?? 0;
  // Divide by the node's own cover, as xgboost does (its stored covers are float32 sums of the children).
  const c = tree.cover[node] ?? cl + cr;
  if (c <= 0) return 0.5 * (expectedValue(tree, l) + expectedValue(tree, r));
  return (cl * expectedValue(tree, l) + cr * expectedValue(tree, r)) / c;
}

function extendPath(
  p: PathBuffer,
  off: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
): void {
  p.feature[off + depth] = feature;
  p.zero[off + depth] = zero;
  p.one[off + depth] = one;
  p.weight[off + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    const wi = p.weight[off + i] ?? 0;
    p.weight[off + i + 1] = (p.weight[off + i + 1] ?? 0) + (one * wi * (i + 1)) / (depth + 1);
    p.weight[off + i] = (zero * wi * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: PathBuffer, off: number, depth: number, index: number): void {
  const one = p.one[off + index] ?? 0;
  const zero = p.zero[off + index] ?? 0;
  let next = p.weight[off + depth] ?? 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.weight[off + i] ?? 0;
      p.weight[off + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - ((p.weight[off + i] ?? 0) * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[off + i] = ((p.weight[off + i] ?? 0) * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[off + i] = p.feature[off + i + 1] ?? -1;
    p.zero[off + i] = p.zero[off + i + 1] ?? 0;
    p.one[off + i] = p.one[off + i + 1] ?? 0;
  }
}

/** The total permutation weight of the path with element `index` removed (without modifying the path). */
function unwoundPathSum(p: PathBuffer, off: number, depth: number, index: number): number {
  const one = p.one[off + index] ?? 0;
  const zero = p.zero[off + index] ?? 0;
  let next = p.weight[off + depth] ?? 0;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = (p.weight[off + i] ?? 0) - tmp * zero * ((depth - i) / (depth + 1));
    } else {
      total += (p.weight[off + i] ?? 0) / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function recurse(
  tree: Tree,
  x: Float64Array,
  xOffset: number,
  phi: Float64Array,
  phiOffset: number,
  node: number,
  depth: number,
  p: PathBuffer,
  parentOff: number,
  parentZero: number,
  parentOne: number,
  parentFeature: number,
): void {
  // Each level works on its own copy of the parent's path, placed right after it in the buffer.
  const off = parentOff + depth + 1;
  for (let i = 0; i <= depth; i++) {
    p.feature[off + i] = p.feature[parentOff + i] ?? -1;
    p.zero[off + i] = p.zero[parentOff + i] ?? 0;
    p.one[off + i] = p.one[parentOff + i] ?? 0;
    p.weight[off + i] = p.weight[parentOff + i] ?? 0;
  }
  extendPath(p, off, depth, parentZero, parentOne, parentFeature);

  const split = tree.feature[node] ?? -1;
  if (split < 0) {
    const leafValue = tree.value[node] ?? 0;
    for (let i = 1; i <= depth; i++) {
      const w = unwoundPathSum(p, off, depth, i);
      const f = p.feature[off + i] ?? 0;
      phi[phiOffset + f] =
        (phi[phiOffset + f] ?? 0) + w * ((p.one[off + i] ?? 0) - (p.zero[off + i] ?? 0)) * leafValue;
    }
    return;
  }

  const v = x[xOffset + split] ?? Number.NaN;
  const l = tree.left[node] ?? 0;
  const r = tree.right[node] ?? 0;
  const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v < (tree.threshold[node] ?? 0);
  const hot = goLeft ? l : r;
  const cold = goLeft ? r : l;
  const w = tree.cover[node] ?? 0;
  const hotZero = w > 0 ? (tree.cover[hot] ?? 0) / w : 0;
  const coldZero = w > 0 ? (tree.cover[cold] ?? 0) / w : 0;
  let incomingZero = 1;
  let incomingOne = 1;

  // A feature already on the path: undo its earlier split so it appears once, with the combined fractions.
  let index = 0;
  for (; index <= depth; index++) if (p.feature[off + index] === split) break;
  let d = depth;
  if (index !== depth + 1) {
    incomingZero = p.zero[off + index] ?? 0;
    incomingOne = p.one[off + index] ?? 0;
    unwindPath(p, off, d, index);
    d -= 1;
  }
  recurse(tree, x, xOffset, phi, phiOffset, hot, d + 1, p, off, hotZero * incomingZero, incomingOne, split);
  recurse(tree, x, xOffset, phi, phiOffset, cold, d + 1, p, off, coldZero * incomingZero, 0, split);
}

/** Precomputes what TreeSHAP needs per tree; reuse the result for many rows. */
export function prepareEnsemble(ensemble: Ensemble): readonly PreparedTree[] {
  return ensemble.trees.map((tree, t) => ({
    tree,
    output: ensemble.output[t] ?? 0,
    expected: expectedValue(tree, 0),
    maxDepth: treeDepth(tree),
  }));
}

/** Expected margin per output (base score + each tree's cover-weighted mean leaf): the SHAP bias term. */
export function expectedMargin(ensemble: Ensemble, prepared = prepareEnsemble(ensemble)): Float64Array {
  const out = Float64Array.from(ensemble.baseScore);
  for (const t of prepared) out[t.output] = (out[t.output] ?? 0) + t.expected;
  return out;
}

/**
 * SHAP values of one or more rows. `x` is row-major with `numFeatures` columns (NaN = missing). The result is
 * row-major n × numOutputs × (numFeatures + 1), the last slot of each output being the bias, like xgboost's
 * `pred_contribs`; per row and output the slots sum to the margin prediction.
 */
export function shapValues(ensemble: Ensemble, x: Float64Array, rows: number): Float64Array {
  const f = ensemble.numFeatures;
  const k = ensemble.numOutputs;
  const prepared = prepareEnsemble(ensemble);
  const bias = expectedMargin(ensemble, prepared);
  const out = new Float64Array(rows * k * (f + 1));
  const maxDepth = prepared.reduce((m, t) => Math.max(m, t.maxDepth), 0) + 2;
  const path = newPath(((maxDepth + 2) * (maxDepth + 3)) / 2);
  for (let i = 0; i < rows; i++) {
    for (const t of prepared) {
      recurse(t.tree, x, i * f, out, (i * k + t.output) * (f + 1), 0, 0, path, 0, 1, 1, -1);
    }
    for (let o = 0; o < k; o++) out[(i * k + o) * (f + 1) + f] = bias[o] ?? 0;
  }
  return out;
}

/**
 * Mean |SHAP| per feature over the rows, averaged over outputs (interpret-community's global importance for
 * multiclass: the mean over classes of the per-class mean |SHAP|). Processes rows one at a time, so memory
 * stays O(features) whatever the row count.
 */
export function meanAbsShap(ensemble: Ensemble, x: Float64Array, rows: number): Float64Array {
  const f = ensemble.numFeatures;
  const k = ensemble.numOutputs;
  const prepared = prepareEnsemble(ensemble);
  const maxDepth = prepared.reduce((m, t) => Math.max(m, t.maxDepth), 0) + 2;
  const path = newPath(((maxDepth + 2) * (maxDepth + 3)) / 2);
  const phi = new Float64Array(k * (f + 1));
  const sum = new Float64Array(f);
  for (let i = 0; i < rows; i++) {
    phi.fill(0);
    for (const t of prepared) recurse(t.tree, x, i * f, phi, t.output * (f + 1), 0, 0, path, 0, 1, 1, -1);
    for (let o = 0; o < k; o++) {
      for (let j = 0; j < f; j++) sum[j] = (sum[j] ?? 0) + Math.abs(phi[o * (f + 1) + j] ?? 0);
    }
  }
  const denom = rows * k;
  for (let j = 0; j < f; j++) sum[j] = rows > 0 ? (sum[j] ?? 0) / denom : 0;
  return sum;
}
