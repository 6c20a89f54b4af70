import type { ForestNodes } from './tree';

/**
 * Exact path-dependent Tree SHAP (Lundberg, Erion & Lee 2018, Algorithm 2) over the path
 * length: a leaf outputs depth + c(size), a node's cover is the number of training
 * subsample points that reached it. For a row x, sum(phi) + expectedValue equals the
 * forest's mean path length for x. Phi is in path-length units: negative values shorten the
 * path, i.e. push towards "anomalous".
 */
export class TreeShapExplainer {
  readonly expectedValue: number;
  private readonly nodes: ForestNodes;
  private readonly columns: number;
  // The unique path of every recursion depth, stored one after the other (depth d starts at
  // d(d+1)/2 + ... ): one element per feature seen on the path.
  private readonly pathFeature: Int32Array;
  private readonly pathZero: Float64Array;
  private readonly pathOne: Float64Array;
  private readonly pathWeight: Float64Array;
  private readonly treePhi: Float64Array;

  constructor(nodes: ForestNodes, columns: number, maxDepth: number) {
    this.nodes = nodes;
    this.columns = columns;
    const slots = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.pathFeature = new Int32Array(slots);
    this.pathZero = new Float64Array(slots);
    this.pathOne = new Float64Array(slots);
    this.pathWeight = new Float64Array(slots);
    this.treePhi = new Float64Array(columns);
    let total = 0;
    for (let t = 0; t < nodes.roots.length; t++) total += this.expectedPathLength(nodes.roots[t]);
    this.expectedValue = total / nodes.roots.length;
  }

  /** Writes the per-feature contributions for x into phi (length = columns) and returns phi. */
  shapValues(x: ArrayLike<number>, phi: Float64Array = new Float64Array(this.columns)): Float64Array {
    phi.fill(0);
    const { roots } = this.nodes;
    for (let t = 0; t < roots.length; t++) {
      this.treePhi.fill(0);
      this.recurse(x, roots[t], 0, 0, 1, 1, -1);
      for (let f = 0; f < this.columns; f++) phi[f] += this.treePhi[f];
    }
    for (let f = 0; f < this.columns; f++) phi[f] /= roots.length;
    return phi;
  }

  private expectedPathLength(node: number): number {
    const { feature, left, cover, value } = this.nodes;
    if (feature[node] < 0) return value[node];
    const l = left[node];
    return (
      (cover[l] * this.expectedPathLength(l) + cover[l + 1] * this.expectedPathLength(l + 1)) / cover[node]
    );
  }

  private recurse(
    x: ArrayLike<number>,
    node: number,
    parentStart: number,
    uniqueDepth: number,
    parentZero: number,
    parentOne: number,
    parentFeature: number,
  ): void {
    const { feature, threshold, left, cover, value } = this.nodes;
    const start = parentStart + uniqueDepth;
    // The root call's "parent" path is empty; later calls copy the parent's path forward.
    if (uniqueDepth > 0) {
      this.pathFeature.copyWithin(start, parentStart, parentStart + uniqueDepth);
      this.pathZero.copyWithin(start, parentStart, parentStart + uniqueDepth);
      this.pathOne.copyWithin(start, parentStart, parentStart + uniqueDepth);
      this.pathWeight.copyWithin(start, parentStart, parentStart + uniqueDepth);
    }
    this.extend(start, uniqueDepth, parentZero, parentOne, parentFeature);
    const split = feature[node];
    if (split < 0) {
      for (let i = 1; i <= uniqueDepth; i++) {
        const w = this.unwoundSum(start, uniqueDepth, i);
        const f = this.pathFeature[start + i];
        this.treePhi[f] += w * (this.pathOne[start + i] - this.pathZero[start + i]) * value[node];
      }
      return;
    }
    const l = left[node];
    const hot = x[split] < threshold[node] ? l : l + 1;
    const cold = hot === l ? l + 1 : l;
    let incomingZero = 1;
    let incomingOne = 1;
    let depth = uniqueDepth;
    let pathIndex = 0;
    while (pathIndex <= depth && this.pathFeature[start + pathIndex] !== split) pathIndex++;
    if (pathIndex !== depth + 1) {
      incomingZero = this.pathZero[start + pathIndex];
      incomingOne = this.pathOne[start + pathIndex];
      this.unwind(start, depth, pathIndex);
      depth -= 1;
    }
    const total = cover[node];
    this.recurse(x, hot, start, depth + 1, (cover[hot] / total) * incomingZero, incomingOne, split);
    this.recurse(x, cold, start, depth + 1, (cover[cold] / total) * incomingZero, 0, split);
  }

  private extend(start: number, depth: number, zero: number, one: number, featureIndex: number): void {
    const w = this.pathWeight;
    this.pathFeature[start + depth] = featureIndex;
    this.pathZero[start + depth] = zero;
    this.pathOne[start + depth] = one;
    w[start + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      w[start + i + 1] += (one * w[start + i] * (i + 1)) / (depth + 1);
      w[start + i] = (zero * w[start + i] * (depth - i)) / (depth + 1);
    }
  }

  private unwind(start: number, depth: number, pathIndex: number): void {
    const w = this.pathWeight;
    const one = this.pathOne[start + pathIndex];
    const zero = this.pathZero[start + pathIndex];
    let nextOnePortion = w[start + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = w[start + i];
        w[start + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
        nextOnePortion = tmp - (w[start + i] * zero * (depth - i)) / (depth + 1);
      } else {
        w[start + i] = (w[start + i] * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = pathIndex; i < depth; i++) {
      this.pathFeature[start + i] = this.pathFeature[start + i + 1];
      this.pathZero[start + i] = this.pathZero[start + i + 1];
      this.pathOne[start + i] = this.pathOne[start + i + 1];
    }
  }

  private unwoundSum(start: number, depth: number, pathIndex: number): number {
    const w = this.pathWeight;
    const one = this.pathOne[start + pathIndex];
    const zero = this.pathZero[start + pathIndex];
    let nextOnePortion = w[start + depth];
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
        total += tmp;
        nextOnePortion = w[start + i] - (tmp * zero * (depth - i)) / (depth + 1);
      } else if (zero !== 0) {
        total += w[start + i] / zero / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }
}
