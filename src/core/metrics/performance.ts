/**
 * Model performance metrics with sklearn semantics (FACTS §5.9): accuracy_score, precision_score and
 * recall_score with average='macro' (unweighted mean over the labels of y_true ∪ y_pred; 0 where undefined,
 * sklearn's zero_division default), mean_absolute_error, mean_squared_error and its square root.
 * Labels are compared as codes (callers map values to integer codes).
 */
import { accurateSum } from './distances.js';

export interface ClassificationMetrics {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
}

/** Labels as non-negative integer codes over a shared dictionary of `labelCount` labels. */
export function classificationMetrics(
  yTrue: Int32Array,
  yPred: Int32Array,
  labelCount: number,
): ClassificationMetrics {
  const n = yTrue.length;
  const tp = new Float64Array(labelCount);
  const predicted = new Float64Array(labelCount);
  const actual = new Float64Array(labelCount);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] ?? 0;
    const p = yPred[i] ?? 0;
    actual[t] = (actual[t] ?? 0) + 1;
    predicted[p] = (predicted[p] ?? 0) + 1;
    if (t === p) {
      correct++;
      tp[t] = (tp[t] ?? 0) + 1;
    }
  }
  let precisionSum = 0;
  let recallSum = 0;
  let labels = 0;
  for (let l = 0; l < labelCount; l++) {
    const a = actual[l] ?? 0;
    const p = predicted[l] ?? 0;
    if (a === 0 && p === 0) continue; // not a label of y_true ∪ y_pred
    labels++;
    const t = tp[l] ?? 0;
    precisionSum += p > 0 ? t / p : 0;
    recallSum += a > 0 ? t / a : 0;
  }
  return {
    accuracy: n > 0 ? correct / n : NaN,
    precision: labels > 0 ? precisionSum / labels : NaN,
    recall: labels > 0 ? recallSum / labels : NaN,
  };
}

export interface RegressionMetrics {
  readonly meanAbsoluteError: number;
  readonly meanSquaredError: number;
  readonly rootMeanSquaredError: number;
}

export function regressionMetrics(yTrue: Float64Array, yPred: Float64Array): RegressionMetrics {
  const n = yTrue.length;
  const abs = new Float64Array(n);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = (yTrue[i] ?? 0) - (yPred[i] ?? 0);
    abs[i] = Math.abs(d);
    sq[i] = d * d;
  }
  const mae = n > 0 ? accurateSum(abs) / n : NaN;
  const mse = n > 0 ? accurateSum(sq) / n : NaN;
  return { meanAbsoluteError: mae, meanSquaredError: mse, rootMeanSquaredError: Math.sqrt(mse) };
}
