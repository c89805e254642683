/** Typed access to `test/fixtures/treeshap-oracle.json` (written by `scripts/oracle/treeshap.py`). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from '../../helpers/paths.js';
import type { Ensemble, Tree } from '../../../src/core/attribution/tree.js';

export interface DumpNode {
  nodeid: number;
  cover: number;
  leaf?: number;
  split?: number;
  split_condition?: number;
  yes?: number;
  no?: number;
  missing?: number;
}

export interface ShapCase {
  name: string;
  numFeatures: number;
  numOutputs: number;
  baseMargin: number[];
  trees: DumpNode[][];
  x: (number | null)[][];
  margin: number[][];
  contribs: number[][][];
}

export interface RankingCase {
  name: string;
  target: (number | boolean | string | null)[];
  importance: number[];
}

export interface Oracle {
  versions: Record<string, string>;
  shap: ShapCase[];
  ranking: { features: string[]; columns: Record<string, (number | string | null)[]>; cases: RankingCase[] };
  ndcg: { name: string; y_true: number[]; y_score: number[]; ndcg: number }[];
}

export const oracle = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, 'treeshap-oracle.json'), 'utf8'),
) as Oracle;

/** An xgboost JSON dump (node ids, yes/no/missing) mapped onto our flat tree (node index = xgboost node id). */
export function treeFromDump(nodes: readonly DumpNode[]): Tree {
  const size = Math.max(...nodes.map((n) => n.nodeid)) + 1;
  const tree: Tree = {
    feature: new Int32Array(size).fill(-1),
    threshold: new Float64Array(size),
    left: new Int32Array(size).fill(-1),
    right: new Int32Array(size).fill(-1),
    missingLeft: new Uint8Array(size),
    value: new Float64Array(size),
    cover: new Float64Array(size),
  };
  for (const n of nodes) {
    const i = n.nodeid;
    tree.cover[i] = n.cover;
    if (n.leaf !== undefined) {
      tree.value[i] = n.leaf;
      continue;
    }
    tree.feature[i] = n.split!;
    // xgboost keeps thresholds in float32 and prints 9 significant digits: round back to the exact float32.
    tree.threshold[i] = Math.fround(n.split_condition!);
    tree.left[i] = n.yes!;
    tree.right[i] = n.no!;
    tree.missingLeft[i] = n.missing === n.yes ? 1 : 0;
  }
  return tree;
}

export function ensembleFromCase(c: ShapCase): Ensemble {
  return {
    numFeatures: c.numFeatures,
    numOutputs: c.numOutputs,
    baseScore: Float64Array.from(c.baseMargin),
    trees: c.trees.map(treeFromDump),
    // xgboost multiclass: tree t belongs to class t mod K.
    output: Int32Array.from(c.trees, (_, t) => t % c.numOutputs),
  };
}

export function matrixFromCase(c: ShapCase): Float64Array {
  return Float64Array.from(c.x.flat(), (v) => v ?? Number.NaN);
}
