import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random';
import { averagePathLength } from './average-path';
import { IsolationForest, percentile } from './forest';
import { meanPathLength } from './tree';

function gaussianBlob(rows: number, columns: number, seed: number): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => random.normal()));
}

describe('averagePathLength', () => {
  it('follows the paper: c(1) = 0, c(2) = 1 and 2H(n-1) - 2(n-1)/n beyond', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    const h = Math.log(255) + 0.5772156649015329;
    expect(averagePathLength(256)).toBeCloseTo(2 * h - (2 * 255) / 256, 12);
  });
});

describe('IsolationForest', () => {
  const data = gaussianBlob(600, 4, 1);

  it('gives an obvious outlier a higher anomaly score than the centre of the data', () => {
    const forest = new IsolationForest({ nEstimators: 100 }).fit(data);
    expect(forest.anomalyScore([8, 8, -8, 8])).toBeGreaterThan(0.65);
    expect(forest.anomalyScore([0, 0, 0, 0])).toBeLessThan(0.45);
  });

  it('builds the same model bit for bit from the same seed, and a different one from another seed', () => {
    const a = new IsolationForest({ randomState: 7 }).fit(data);
    const b = new IsolationForest({ randomState: 7 }).fit(data);
    const c = new IsolationForest({ randomState: 8 }).fit(data);
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    expect(Array.from(a.scoreSamples(data))).toEqual(Array.from(b.scoreSamples(data)));
    expect(Array.from(a.scoreSamples(data))).not.toEqual(Array.from(c.scoreSamples(data)));
  });

  it('grows trees on psi rows no deeper than ceil(log2 psi), and uses all rows when there are fewer than psi', () => {
    const forest = new IsolationForest({ nEstimators: 20, maxSamples: 100 }).fit(data);
    expect(forest.subsampleSize).toBe(100);
    expect(forest.heightLimit).toBe(7);
    const { roots, cover } = forest.nodes;
    for (const root of roots) expect(cover[root]).toBe(100);
    const small = new IsolationForest({ nEstimators: 5 }).fit(data.slice(0, 50));
    expect(small.subsampleSize).toBe(50);
    expect(small.heightLimit).toBe(6);
  });

  it('flags the contamination share of the training rows, with scikit-learn sign conventions', () => {
    const forest = new IsolationForest({ contamination: 0.1 }).fit(data);
    const predictions = forest.predict(data);
    const flagged = predictions.filter((p) => p === -1).length;
    expect(flagged).toBe(60);
    const decisions = forest.decisionFunction(data);
    const samples = forest.scoreSamples(data);
    for (let i = 0; i < data.length; i++) {
      expect(decisions[i] < 0).toBe(predictions[i] === -1);
      expect(samples[i]).toBeCloseTo(decisions[i] + forest.offset, 15);
      expect(samples[i]).toBeLessThan(0);
    }
  });

  it('scores a row the same alone, in a batch, through the node-by-node walk and after a JSON round trip', () => {
    const forest = new IsolationForest({ nEstimators: 50 }).fit(data);
    const restored = IsolationForest.fromJSON(JSON.parse(JSON.stringify(forest.toJSON())));
    const batch = forest.pathLengths(data);
    const restoredScores = restored.anomalyScores(data);
    const scores = forest.anomalyScores(data);
    data.forEach((row, i) => {
      expect(forest.pathLength(row)).toBe(batch[i]);
      expect(meanPathLength(forest.nodes, row)).toBeCloseTo(batch[i], 12);
      expect(restoredScores[i]).toBe(scores[i]);
    });
  });

  it('matches the paper path length on a hand-checkable forest of one point per leaf', () => {
    // Two distinct points: the only split separates them, each leaf holds one point: h = 1.
    const forest = new IsolationForest({ nEstimators: 3, maxSamples: 2 }).fit([
      [0, 0],
      [1, 1],
    ]);
    expect(forest.pathLength([0, 0])).toBe(1);
    expect(forest.anomalyScore([0, 0])).toBe(0.5);
  });

  it('refuses bad parameters and non-finite training data with a message naming the problem', () => {
    expect(() => new IsolationForest({ nEstimators: 0 })).toThrow(/nEstimators/);
    expect(() => new IsolationForest({ contamination: 0.7 })).toThrow(/contamination/);
    expect(() => new IsolationForest().fit([[1, Number.NaN]])).toThrow(/row 0, column 1/);
    expect(() => new IsolationForest().scoreSamples(data)).toThrow(/not fitted/);
  });

  it('computes percentiles with linear interpolation like numpy', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 0, 5], 0.95)).toBeCloseTo(9.5, 12);
  });
});
