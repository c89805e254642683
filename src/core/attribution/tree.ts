/**
 * Regression trees and additive tree ensembles in flat typed arrays (one slot per node), the structure both the
 * surrogate trainer writes and TreeSHAP reads. The split rule is xgboost's: go to `left` iff `x < threshold`;
 * a missing value (NaN) follows the node's default direction.
 */

export interface Tree {
  /** Split feature per node; -1 marks a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** 1 when a missing value goes left, 0 when it goes right. */
  readonly missingLeft: Uint8Array;
  /** Leaf output on the margin scale (0 on internal nodes). */
  readonly value: Float64Array;
  /** Training weight reaching the node (sample count or hessian sum); TreeSHAP's path probabilities. */
  readonly cover: Float64Array;
}

/** A boosted ensemble: the margin of output k is `baseScore[k]` + the leaves of the trees with `output[t] === k`. */
export interface Ensemble {
  readonly numFeatures: number;
  readonly numOutputs: number;
  readonly baseScore: Float64Array;
  readonly trees: readonly Tree[];
  readonly output: Int32Array;
}

/** Growable node storage used while a tree is being built; `freeze` turns it into a `Tree`. */
export class TreeBuilder {
  private feature: number[] = [];
  private threshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private missingLeft: number[] = [];
  private value: number[] = [];
  private cover: number[] = [];

  /** Adds a leaf and returns its index. */
  addLeaf(value: number, cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.missingLeft.push(0);
    this.value.push(value);
    this.cover.push(cover);
    return this.feature.length - 1;
  }

  /** Turns leaf `node` into a split whose children are new leaves; returns [left, right]. */
  split(
    node: number,
    feature: number,
    threshold: number,
    missingLeft: boolean,
    leftLeaf: { value: number; cover: number },
    rightLeaf: { value: number; cover: number },
  ): [number, number] {
    const l = this.addLeaf(leftLeaf.value, leftLeaf.cover);
    const r = this.addLeaf(rightLeaf.value, rightLeaf.cover);
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = l;
    this.right[node] = r;
    this.missingLeft[node] = missingLeft ? 1 : 0;
    this.value[node] = 0;
    return [l, r];
  }

  setValue(node: number, value: number): void {
    this.value[node] = value;
  }

  freeze(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      missingLeft: Uint8Array.from(this.missingLeft),
      value: Float64Array.from(this.value),
      cover: Float64Array.from(this.cover),
    };
  }
}

/** The leaf a row (`x[offset + f]` is feature f) lands in. */
export function leafIndex(tree: Tree, x: Float64Array, offset = 0): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] ?? -1;
    if (f < 0) return node;
    const v = x[offset + f] ?? Number.NaN;
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v < (tree.threshold[node] ?? 0);
    node = (goLeft ? tree.left[node] : tree.right[node]) ?? 0;
  }
}

/** Margin predictions for a row-major matrix with `numFeatures` columns; result is row-major n × numOutputs. */
export function predictMargin(ensemble: Ensemble, x: Float64Array, rows: number): Float64Array {
  const k = ensemble.numOutputs;
  const f = ensemble.numFeatures;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let o = 0; o < k; o++) out[i * k + o] = ensemble.baseScore[o] ?? 0;
  ensemble.trees.forEach((tree, t) => {
    const o = ensemble.output[t] ?? 0;
    for (let i = 0; i < rows; i++) {
      out[i * k + o] = (out[i * k + o] ?? 0) + (tree.value[leafIndex(tree, x, i * f)] ?? 0);
    }
  });
  return out;
}

/** Depth of the deepest leaf (root alone = 0). */
export function treeDepth(tree: Tree, node = 0): number {
  const f = tree.feature[node] ?? -1;
  if (f < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node] ?? 0), treeDepth(tree, tree.right[node] ?? 0));
}
