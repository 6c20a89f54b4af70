import type { SeededRandom } from '../random';
import { averagePathLength } from './average-path';

/**
 * All trees of a forest in flat typed arrays. Node n splits on feature[n] (-1 at a leaf):
 * x[feature] < threshold goes to left[n], otherwise to left[n] + 1 (children are allocated
 * in pairs). value[n] at a leaf is the path length it adds: depth + c(size).
 */
export interface ForestNodes {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  cover: Int32Array;
  value: Float64Array;
}

export class ForestNodesBuilder {
  private count = 0;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly cover: Int32Array;
  readonly value: Float64Array;

  constructor(capacity: number) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.cover = new Int32Array(capacity);
    this.value = new Float64Array(capacity);
  }

  allocate(nodes: number): number {
    const first = this.count;
    this.count += nodes;
    if (this.count > this.feature.length) throw new RangeError('forest node capacity exceeded');
    return first;
  }

  build(roots: Int32Array): ForestNodes {
    const n = this.count;
    return {
      roots,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      cover: this.cover.slice(0, n),
      value: this.value.slice(0, n),
    };
  }
}

/** Data a tree is grown on: the training matrix and the subsample's row indices (reordered in place). */
export interface TreeGrowth {
  data: Float64Array;
  columns: number;
  sample: Int32Array;
  heightLimit: number;
  random: SeededRandom;
  /** Scratch: a permutation of the column indices used to draw split features without replacement. */
  featureOrder: Int32Array;
}

/** Grows one isolation tree (Liu et al. 2008, Algorithm 2) and returns its root node. */
export function growIsolationTree(nodes: ForestNodesBuilder, growth: TreeGrowth): number {
  const root = nodes.allocate(1);
  growNode(nodes, growth, root, 0, growth.sample.length, 0);
  return root;
}

function growNode(
  nodes: ForestNodesBuilder,
  growth: TreeGrowth,
  node: number,
  start: number,
  end: number,
  depth: number,
): void {
  const size = end - start;
  nodes.cover[node] = size;
  if (depth >= growth.heightLimit || size <= 1 || !chooseSplit(nodes, growth, node, start, end)) {
    nodes.feature[node] = -1;
    nodes.value[node] = depth + averagePathLength(size);
    return;
  }
  const { data, columns, sample } = growth;
  const feature = nodes.feature[node];
  const threshold = nodes.threshold[node];
  let mid = start;
  for (let i = start; i < end; i++) {
    const row = sample[i];
    if (data[row * columns + feature] < threshold) {
      sample[i] = sample[mid];
      sample[mid] = row;
      mid++;
    }
  }
  const left = nodes.allocate(2);
  nodes.left[node] = left;
  growNode(nodes, growth, left, start, mid, depth + 1);
  growNode(nodes, growth, left + 1, mid, end, depth + 1);
}

/**
 * Draws a feature uniformly among those not constant in the node (a constant feature cannot
 * isolate anything; drawing again is the paper's draw conditioned on a useful split) and a
 * split value uniformly between its min and max. Returns false when every feature is constant.
 */
function chooseSplit(
  nodes: ForestNodesBuilder,
  growth: TreeGrowth,
  node: number,
  start: number,
  end: number,
): boolean {
  const { data, columns, sample, random, featureOrder } = growth;
  for (let k = 0; k < columns; k++) {
    const j = k + random.nextInt(columns - k);
    const feature = featureOrder[j];
    featureOrder[j] = featureOrder[k];
    featureOrder[k] = feature;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = start; i < end; i++) {
      const v = data[sample[i] * columns + feature];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (max > min) {
      let threshold = min + random.nextOpenFloat() * (max - min);
      // Rounding can land on an end point; max still leaves points on both sides.
      if (!(threshold > min) || threshold > max) threshold = max;
      nodes.feature[node] = feature;
      nodes.threshold[node] = threshold;
      return true;
    }
  }
  return false;
}

/** Mean path length of one row over all trees; allocates nothing. */
export function meanPathLength(nodes: ForestNodes, x: ArrayLike<number>, offset = 0): number {
  const { roots, feature, threshold, left, value } = nodes;
  let total = 0;
  for (let t = 0; t < roots.length; t++) {
    let n = roots[t];
    let f = feature[n];
    while (f >= 0) {
      n = x[offset + f] < threshold[n] ? left[n] : left[n] + 1;
      f = feature[n];
    }
    total += value[n];
  }
  return total / roots.length;
}
