import { describe, expect, it } from 'vitest';
import { predictMargin } from '../../../src/core/attribution/tree.js';
import { meanAbsShap, shapValues } from '../../../src/core/attribution/treeshap.js';
import { ensembleFromCase, matrixFromCase, oracle } from './oracle.js';

describe('TreeSHAP against xgboost pred_contribs on the same trees', () => {
  it('has the four oracle cases', () => {
    expect(oracle.shap.map((c) => c.name)).toEqual([
      'regression',
      'regression-missing',
      'binary-missing',
      'multiclass-missing',
    ]);
  });

  for (const c of oracle.shap) {
    describe(c.name, () => {
      const ensemble = ensembleFromCase(c);
      const x = matrixFromCase(c);
      const rows = c.x.length;
      const f = c.numFeatures;
      const k = c.numOutputs;

      it('routes rows like xgboost (margins equal to float32 precision)', () => {
        const margin = predictMargin(ensemble, x, rows);
        for (let i = 0; i < rows; i++) {
          for (let o = 0; o < k; o++) expect(margin[i * k + o]).toBeCloseTo(c.margin[i]![o]!, 5);
        }
      });

      // xgboost computes and returns contributions in float32 (about 7 significant digits), so the 1e-6
      // tolerance is absolute for |value| <= 1 and relative above.
      it('gives the SHAP values of pred_contribs to 1e-6 and they sum to the margin', () => {
        const phi = shapValues(ensemble, x, rows);
        let worst = 0;
        for (let i = 0; i < rows; i++) {
          for (let o = 0; o < k; o++) {
            let sum = 0;
            for (let j = 0; j <= f; j++) {
              const ours = phi[(i * k + o) * (f + 1) + j]!;
              const theirs = c.contribs[i]![o]![j]!;
              worst = Math.max(worst, Math.abs(ours - theirs) / Math.max(1, Math.abs(theirs)));
              sum += ours;
            }
            // Exact additivity in float64 against our own margin.
            expect(
              Math.abs(sum - predictMargin(ensemble, x.subarray(i * f, (i + 1) * f), 1)[o]!),
            ).toBeLessThan(1e-9);
            expect(Math.abs(sum - c.margin[i]![o]!)).toBeLessThan(1e-5);
          }
        }
        expect(worst).toBeLessThan(1e-6);
      });

      it('mean |SHAP| equals the mean of the per-row absolute values', () => {
        const phi = shapValues(ensemble, x, rows);
        const imp = meanAbsShap(ensemble, x, rows);
        for (let j = 0; j < f; j++) {
          let s = 0;
          for (let i = 0; i < rows; i++)
            for (let o = 0; o < k; o++) s += Math.abs(phi[(i * k + o) * (f + 1) + j]!);
          expect(imp[j]).toBeCloseTo(s / (rows * k), 12);
        }
      });
    });
  }
});
