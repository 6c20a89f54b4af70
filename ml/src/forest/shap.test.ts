import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random';
import { IsolationForest } from './forest';
import { TreeShapExplainer } from './shap';
import type { ForestNodes } from './tree';

function randomMatrix(rows: number, columns: number, seed: number): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: columns }, (_, c) => (c % 2 === 0 ? random.normal() : random.exponential(2))),
  );
}

/** Path-dependent conditional expectation of one tree: follow x on features in S, average by cover elsewhere. */
function conditionalExpectation(nodes: ForestNodes, node: number, x: number[], inSet: boolean[]): number {
  const f = nodes.feature[node];
  if (f < 0) return nodes.value[node];
  const l = nodes.left[node];
  if (inSet[f]) return conditionalExpectation(nodes, x[f] < nodes.threshold[node] ? l : l + 1, x, inSet);
  return (
    (nodes.cover[l] * conditionalExpectation(nodes, l, x, inSet) +
      nodes.cover[l + 1] * conditionalExpectation(nodes, l + 1, x, inSet)) /
    nodes.cover[node]
  );
}

/** Shapley values by enumerating every coalition (exponential; for a handful of features only). */
function bruteForceShapley(nodes: ForestNodes, x: number[]): number[] {
  const m = x.length;
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Array<number>(m).fill(0);
  const value = (mask: number) => {
    let total = 0;
    const inSet = Array.from({ length: m }, (_, i) => (mask & (1 << i)) !== 0);
    for (const root of nodes.roots) total += conditionalExpectation(nodes, root, x, inSet);
    return total / nodes.roots.length;
  };
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let j = 0; j < m; j++) if (mask & (1 << j)) size++;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[i] += weight * (value(mask | (1 << i)) - value(mask));
    }
  }
  return phi;
}

describe('Tree SHAP over the path length', () => {
  it('is additive: sum(phi) + E[h] equals the mean path length to 1e-9 on random data', () => {
    const data = randomMatrix(1000, 7, 3);
    const forest = new IsolationForest({ nEstimators: 200, randomState: 11 }).fit(data);
    const explainer = new TreeShapExplainer(forest.nodes, forest.columns, forest.heightLimit);
    const probes = [...data.slice(0, 40), ...randomMatrix(40, 7, 99).map((row) => row.map((v) => v * 4))];
    for (const x of probes) {
      const phi = explainer.shapValues(x);
      const sum = phi.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum + explainer.expectedValue - forest.pathLength(x))).toBeLessThan(1e-9);
    }
  });

  it('equals the Shapley values computed by enumerating every coalition', () => {
    const data = randomMatrix(300, 4, 5);
    const forest = new IsolationForest({ nEstimators: 6, maxSamples: 64, randomState: 3 }).fit(data);
    const explainer = new TreeShapExplainer(forest.nodes, forest.columns, forest.heightLimit);
    for (const x of [data[0], data[17], [5, 0.1, -4, 9]]) {
      const fast = Array.from(explainer.shapValues(x));
      const exact = bruteForceShapley(forest.nodes, x);
      for (const [i, v] of fast.entries()) expect(v).toBeCloseTo(exact[i], 10);
    }
  });

  it('gives an expected value equal to the cover-weighted mean leaf path length', () => {
    const data = randomMatrix(200, 3, 8);
    const forest = new IsolationForest({ nEstimators: 10 }).fit(data);
    const explainer = new TreeShapExplainer(forest.nodes, forest.columns, forest.heightLimit);
    // With no feature known, every coalition-free prediction is E[h]: the mean over training points
    // of the subsample they were grown on is exactly the mean of the cover-weighted leaves.
    const { roots, feature, cover, value } = forest.nodes;
    let total = 0;
    roots.forEach((root, t) => {
      const end = t + 1 < roots.length ? roots[t + 1] : feature.length;
      let weighted = 0;
      for (let n = root; n < end; n++) if (feature[n] < 0) weighted += cover[n] * value[n];
      total += weighted / cover[root];
    });
    expect(explainer.expectedValue).toBeCloseTo(total / roots.length, 12);
  });
});
