import { describe, expect, it } from 'vitest';
import { averagePrecision, confusionMatrix, evaluate, rocAuc, rocCurve } from './metrics';

describe('evaluation metrics', () => {
  it('computes ROC-AUC as the share of anomaly/normal pairs ranked correctly, ties counting half', () => {
    expect(rocAuc([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
    // Pairs: (0.8 vs 0.7) right, (0.8 vs 0.5) right, (0.4 vs 0.7) wrong, (0.4 vs 0.5) wrong -> 2/4.
    expect(rocAuc([0.8, 0.4, 0.7, 0.5], [1, 1, 0, 0])).toBe(0.5);
    expect(rocAuc([0.5, 0.5], [1, 0])).toBe(0.5);
  });

  it('computes average precision the way scikit-learn does', () => {
    // sklearn.metrics.average_precision_score([1,0,1,0],[0.9,0.8,0.7,0.1]) = 0.8333...
    expect(averagePrecision([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 12);
    expect(averagePrecision([0.9, 0.8], [1, 0])).toBe(1);
  });

  it('draws the ROC curve from (0,0) to (1,1) through one corner per distinct score', () => {
    const curve = rocCurve([0.9, 0.8, 0.7, 0.1], [1, 0, 1, 0]);
    expect(curve).toEqual([
      { falsePositiveRate: 0, truePositiveRate: 0 },
      { falsePositiveRate: 0, truePositiveRate: 0.5 },
      { falsePositiveRate: 0.5, truePositiveRate: 0.5 },
      { falsePositiveRate: 0.5, truePositiveRate: 1 },
      { falsePositiveRate: 1, truePositiveRate: 1 },
    ]);
  });

  it('derives detection rate, precision and false-positive rate from the confusion matrix', () => {
    const labels = [1, 1, 1, 0, 0, 0, 0, 0];
    const flagged = [true, true, false, true, false, false, false, false];
    expect(confusionMatrix(labels, flagged)).toEqual({ tp: 2, fp: 1, tn: 4, fn: 1 });
    const metrics = evaluate([9, 8, 1, 7, 2, 3, 4, 5], labels, flagged, 0.6);
    expect(metrics.detectionRate).toBeCloseTo(2 / 3, 12);
    expect(metrics.precision).toBeCloseTo(2 / 3, 12);
    expect(metrics.falsePositiveRate).toBe(1 / 5);
    expect(metrics.threshold).toBe(0.6);
  });

  it('reads -1 as "flagged" in predictions shaped like scikit-learn predict()', () => {
    const metrics = evaluate([0.9, 0.1], [1, 0], Int8Array.from([-1, 1]));
    expect(metrics.confusion).toEqual({ tp: 1, fp: 0, tn: 1, fn: 0 });
  });
});
