import type { ForestNodes } from './tree';

/** Deeper trees would make the padded layout too large; they are walked node by node instead. */
export const MAX_COMPLETE_DEPTH = 12;
const INTERLEAVE = 8;

/**
 * The forest re-laid as complete binary trees of one depth, for fast scoring: node i of a
 * tree has children 2i+1 and 2i+2, and a leaf above the bottom becomes pass-through nodes
 * (threshold +Infinity) whose bottom descendants all carry its value. Every walk is then
 * exactly `depth` branch-free steps, and eight trees are walked side by side so the CPU
 * overlaps their memory loads.
 */
export interface CompleteLayout {
  depth: number;
  trees: number;
  /** Internal nodes per tree: 2^depth - 1. */
  internalPerTree: number;
  /** Bottom nodes per tree: 2^depth. */
  leavesPerTree: number;
  feature: Int32Array;
  threshold: Float64Array;
  leafValue: Float64Array;
}

export function buildCompleteLayout(nodes: ForestNodes, depth: number): CompleteLayout {
  const trees = nodes.roots.length;
  const internalPerTree = 2 ** depth - 1;
  const leavesPerTree = 2 ** depth;
  const layout: CompleteLayout = {
    depth,
    trees,
    internalPerTree,
    leavesPerTree,
    feature: new Int32Array(trees * internalPerTree),
    threshold: new Float64Array(trees * internalPerTree),
    leafValue: new Float64Array(trees * leavesPerTree),
  };
  for (let t = 0; t < trees; t++) place(nodes, layout, t, nodes.roots[t], 0, 0);
  return layout;
}

function place(
  nodes: ForestNodes,
  layout: CompleteLayout,
  tree: number,
  node: number,
  slot: number,
  level: number,
): void {
  const { internalPerTree, leavesPerTree } = layout;
  const isLeaf = nodes.feature[node] < 0;
  if (level === layout.depth) {
    if (!isLeaf) throw new RangeError(`tree ${tree} is deeper than its height limit ${layout.depth}`);
    layout.leafValue[tree * leavesPerTree + slot - internalPerTree] = nodes.value[node];
    return;
  }
  const at = tree * internalPerTree + slot;
  if (isLeaf) {
    layout.feature[at] = 0;
    layout.threshold[at] = Number.POSITIVE_INFINITY;
    place(nodes, layout, tree, node, 2 * slot + 1, level + 1);
    place(nodes, layout, tree, node, 2 * slot + 2, level + 1);
    return;
  }
  layout.feature[at] = nodes.feature[node];
  layout.threshold[at] = nodes.threshold[node];
  place(nodes, layout, tree, nodes.left[node], 2 * slot + 1, level + 1);
  place(nodes, layout, tree, nodes.left[node] + 1, 2 * slot + 2, level + 1);
}

/**
 * Mean path length of the row starting at x[offset]; allocates nothing. x < threshold goes
 * left (a NaN goes right), the same rule as the node-by-node walk.
 */
export function completeMeanPathLength(layout: CompleteLayout, x: ArrayLike<number>, offset: number): number {
  const {
    depth,
    trees,
    internalPerTree: ni,
    leavesPerTree: nl,
    feature: f,
    threshold: th,
    leafValue,
  } = layout;
  let total = 0;
  let t = 0;
  for (; t + INTERLEAVE <= trees; t += INTERLEAVE) {
    const b = t * ni;
    let i0 = 0;
    let i1 = 0;
    let i2 = 0;
    let i3 = 0;
    let i4 = 0;
    let i5 = 0;
    let i6 = 0;
    let i7 = 0;
    // Number(bool) compiles to a flag-to-integer move, not a branch: no mispredictions.
    for (let d = 0; d < depth; d++) {
      i0 = 2 * i0 + 2 - Number(x[offset + f[b + i0]] < th[b + i0]);
      i1 = 2 * i1 + 2 - Number(x[offset + f[b + ni + i1]] < th[b + ni + i1]);
      i2 = 2 * i2 + 2 - Number(x[offset + f[b + 2 * ni + i2]] < th[b + 2 * ni + i2]);
      i3 = 2 * i3 + 2 - Number(x[offset + f[b + 3 * ni + i3]] < th[b + 3 * ni + i3]);
      i4 = 2 * i4 + 2 - Number(x[offset + f[b + 4 * ni + i4]] < th[b + 4 * ni + i4]);
      i5 = 2 * i5 + 2 - Number(x[offset + f[b + 5 * ni + i5]] < th[b + 5 * ni + i5]);
      i6 = 2 * i6 + 2 - Number(x[offset + f[b + 6 * ni + i6]] < th[b + 6 * ni + i6]);
      i7 = 2 * i7 + 2 - Number(x[offset + f[b + 7 * ni + i7]] < th[b + 7 * ni + i7]);
    }
    const l = t * nl - ni;
    total +=
      leafValue[l + i0] +
      leafValue[l + nl + i1] +
      leafValue[l + 2 * nl + i2] +
      leafValue[l + 3 * nl + i3] +
      leafValue[l + 4 * nl + i4] +
      leafValue[l + 5 * nl + i5] +
      leafValue[l + 6 * nl + i6] +
      leafValue[l + 7 * nl + i7];
  }
  for (; t < trees; t++) {
    const b = t * ni;
    let i = 0;
    for (let d = 0; d < depth; d++) i = 2 * i + 2 - Number(x[offset + f[b + i]] < th[b + i]);
    total += leafValue[t * nl - ni + i];
  }
  return total / trees;
}
