/**
 * sklearn `ndcg_score(y_true=[t], y_score=[s])` for one sample (k=None, linear gains, ignore_ties=False):
 * documents ranked by `s` descending; a group of tied scores gets the mean gain of the group on each of its
 * positions; discount 1/log2(rank + 1); divided by the DCG of the ideal order; 0 when that is 0.
 */
export function ndcgScore(yTrue: readonly number[], yScore: readonly number[]): number {
  const n = yTrue.length;
  if (n !== yScore.length) throw new RangeError('ndcgScore: y_true and y_score differ in length');
  const discount = (i: number): number => 1 / Math.log2(i + 2);
  const byScore = yScore.map((_, i) => i).sort((a, b) => (yScore[b] ?? 0) - (yScore[a] ?? 0));
  let dcg = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    const s = yScore[byScore[start] ?? 0] ?? 0;
    while (end < n && yScore[byScore[end] ?? 0] === s) end++;
    let gain = 0;
    let disc = 0;
    for (let i = start; i < end; i++) {
      gain += yTrue[byScore[i] ?? 0] ?? 0;
      disc += discount(i);
    }
    dcg += (gain / (end - start)) * disc;
    start = end;
  }
  const ideal = [...yTrue].sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < n; i++) idcg += (ideal[i] ?? 0) * discount(i);
  return idcg === 0 ? 0 : dcg / idcg;
}

export interface NdcgComparison {
  readonly ok: true;
  readonly value: number;
  /** The features compared, in name order. */
  readonly features: readonly string[];
}

/**
 * Azure's comparison of two importance tables: drop a `correlationid` feature, require the same feature sets,
 * sort both by feature name, then `ndcg_score(y_true=[reference], y_score=[production])`.
 */
export function compareImportances(
  reference: ReadonlyMap<string, number>,
  production: ReadonlyMap<string, number>,
): NdcgComparison | { readonly ok: false; readonly reason: string } {
  const keep = (m: ReadonlyMap<string, number>): string[] =>
    [...m.keys()].filter((k) => k !== 'correlationid').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ref = keep(reference);
  const prod = keep(production);
  const onlyRef = ref.filter((k) => !production.has(k));
  const onlyProd = prod.filter((k) => !reference.has(k));
  if (onlyRef.length > 0 || onlyProd.length > 0) {
    const parts = [
      onlyRef.length > 0 ? `only in reference: ${onlyRef.join(', ')}` : '',
      onlyProd.length > 0 ? `only in production: ${onlyProd.join(', ')}` : '',
    ].filter((p) => p !== '');
    return {
      ok: false,
      reason: `reference and production have different feature sets (${parts.join('; ')})`,
    };
  }
  // sklearn refuses a single document ("only meaningful when there is more than 1 document").
  if (ref.length < 2) return { ok: false, reason: `NDCG needs at least two features, got ${ref.length}` };
  const value = ndcgScore(
    ref.map((k) => reference.get(k) ?? 0),
    ref.map((k) => production.get(k) ?? 0),
  );
  return { ok: true, value, features: ref };
}
