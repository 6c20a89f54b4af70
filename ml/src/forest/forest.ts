import { SeededRandom } from '../random';
import { averagePathLength } from './average-path';
import {
  buildCompleteLayout,
  type CompleteLayout,
  completeMeanPathLength,
  MAX_COMPLETE_DEPTH,
} from './complete-layout';
import { assertFinite, type DenseMatrix, type MatrixInput, toDenseMatrix } from './matrix';
import { type ForestNodes, ForestNodesBuilder, growIsolationTree, meanPathLength } from './tree';

export interface IsolationForestParams {
  /** Number of trees, t in the paper. */
  nEstimators: number;
  /** Subsample size psi; the data size when smaller. */
  maxSamples: number;
  /** Share of training rows flagged as anomalies, which sets the threshold; 'auto' uses s > 0.5. */
  contamination: number | 'auto';
  /** Seed: the same seed and data give the same model, bit for bit. */
  randomState: number;
}

export const DEFAULT_FOREST_PARAMS: IsolationForestParams = {
  nEstimators: 200,
  maxSamples: 256,
  contamination: 0.05,
  randomState: 42,
};

export interface FitProgress {
  /** Called after each tree is grown. */
  onTree?: (grown: number, total: number) => void;
}

/** The fitted state of a forest as plain JSON (numbers round-trip exactly through JSON). */
export interface SerializedForest {
  params: IsolationForestParams;
  columns: number;
  subsampleSize: number;
  heightLimit: number;
  threshold: number;
  trees: {
    roots: number[];
    feature: number[];
    threshold: number[];
    left: number[];
    cover: number[];
    value: number[];
  };
}

interface FittedForest {
  nodes: ForestNodes;
  /** The fast scoring layout; null for trees too deep to pad (walked node by node). */
  layout: CompleteLayout | null;
  columns: number;
  subsampleSize: number;
  heightLimit: number;
  normaliser: number;
  threshold: number;
}

export function validateForestParams(params: IsolationForestParams): IsolationForestParams {
  const { nEstimators, maxSamples, contamination, randomState } = params;
  if (!Number.isInteger(nEstimators) || nEstimators < 1) {
    throw new RangeError(`nEstimators must be a positive integer, got ${nEstimators}`);
  }
  if (!Number.isInteger(maxSamples) || maxSamples < 1) {
    throw new RangeError(`maxSamples must be a positive integer, got ${maxSamples}`);
  }
  if (contamination !== 'auto' && !(contamination > 0 && contamination <= 0.5)) {
    throw new RangeError(`contamination must be in (0, 0.5] or 'auto', got ${contamination}`);
  }
  if (!Number.isInteger(randomState)) {
    throw new RangeError(`randomState must be an integer, got ${randomState}`);
  }
  return params;
}

/**
 * Isolation forest of Liu, Ting & Zhou (ICDM 2008), shaped like scikit-learn's estimator:
 * scoreSamples returns -s(x) (lower is more abnormal), decisionFunction is negative for
 * anomalies, predict returns -1 for anomalies and 1 for normal rows.
 */
export class IsolationForest {
  readonly params: IsolationForestParams;
  private fitted: FittedForest | null = null;

  constructor(params: Partial<IsolationForestParams> = {}) {
    this.params = validateForestParams({ ...DEFAULT_FOREST_PARAMS, ...params });
  }

  fit(X: MatrixInput, columns?: number, progress: FitProgress = {}): this {
    const matrix = toDenseMatrix(X, columns);
    if (matrix.rows < 1 || matrix.columns < 1) throw new RangeError('cannot fit on an empty matrix');
    assertFinite(matrix);
    const { nEstimators, maxSamples, randomState } = this.params;
    const subsampleSize = Math.min(maxSamples, matrix.rows);
    const heightLimit = Math.ceil(Math.log2(Math.max(subsampleSize, 2)));
    const random = new SeededRandom(randomState);
    const builder = new ForestNodesBuilder(nEstimators * (2 * subsampleSize - 1));
    const roots = new Int32Array(nEstimators);
    const permutation = new Int32Array(matrix.rows);
    for (let i = 0; i < permutation.length; i++) permutation[i] = i;
    const sample = new Int32Array(subsampleSize);
    const featureOrder = new Int32Array(matrix.columns);
    for (let c = 0; c < featureOrder.length; c++) featureOrder[c] = c;
    for (let t = 0; t < nEstimators; t++) {
      drawWithoutReplacement(permutation, sample, random);
      roots[t] = growIsolationTree(builder, {
        data: matrix.data,
        columns: matrix.columns,
        sample,
        heightLimit,
        random,
        featureOrder,
      });
      progress.onTree?.(t + 1, nEstimators);
    }
    const nodes = builder.build(roots);
    const fitted: FittedForest = {
      nodes,
      layout: heightLimit <= MAX_COMPLETE_DEPTH ? buildCompleteLayout(nodes, heightLimit) : null,
      columns: matrix.columns,
      subsampleSize,
      heightLimit,
      normaliser: averagePathLength(subsampleSize),
      threshold: 0.5,
    };
    this.fitted = fitted;
    if (this.params.contamination !== 'auto') {
      const scores = this.anomalyScoresOf(matrix);
      fitted.threshold = percentile(scores, 1 - this.params.contamination);
    }
    return this;
  }

  get isFitted(): boolean {
    return this.fitted !== null;
  }

  /** Anomaly score s(x) above which a row is flagged (scikit-learn's -offset_). */
  get threshold(): number {
    return this.state().threshold;
  }

  /** scikit-learn's offset_: decisionFunction = scoreSamples - offset. */
  get offset(): number {
    return -this.state().threshold;
  }

  get columns(): number {
    return this.state().columns;
  }

  get subsampleSize(): number {
    return this.state().subsampleSize;
  }

  get heightLimit(): number {
    return this.state().heightLimit;
  }

  /** The trees' flat arrays (read them, do not change them). */
  get nodes(): ForestNodes {
    return this.state().nodes;
  }

  /** E[h(x)]: the mean path length of x over the trees. Allocates nothing. */
  pathLength(x: ArrayLike<number>, offset = 0): number {
    const { layout, nodes } = this.state();
    return layout === null ? meanPathLength(nodes, x, offset) : completeMeanPathLength(layout, x, offset);
  }

  /** s(x) = 2^(-E[h(x)] / c(psi)) in (0, 1]; near 1 is anomalous. Allocates nothing. */
  anomalyScore(x: ArrayLike<number>): number {
    return 2 ** (-this.pathLength(x) / this.state().normaliser);
  }

  /** Mean path length for a path-length value given by another route (e.g. Tree SHAP). */
  scoreFromPathLength(pathLength: number): number {
    return 2 ** (-pathLength / this.state().normaliser);
  }

  pathLengths(X: MatrixInput, columns?: number): Float64Array {
    return this.pathLengthsOf(this.checkedMatrix(X, columns));
  }

  private pathLengthsOf(matrix: DenseMatrix): Float64Array {
    const out = new Float64Array(matrix.rows);
    for (let r = 0; r < matrix.rows; r++) out[r] = this.pathLength(matrix.data, r * matrix.columns);
    return out;
  }

  /** s(x) for every row. */
  anomalyScores(X: MatrixInput, columns?: number): Float64Array {
    return this.anomalyScoresOf(this.checkedMatrix(X, columns));
  }

  /** -s(x) for every row, as scikit-learn's score_samples. */
  scoreSamples(X: MatrixInput, columns?: number): Float64Array {
    const scores = this.anomalyScores(X, columns);
    for (let i = 0; i < scores.length; i++) scores[i] = -scores[i];
    return scores;
  }

  /** scoreSamples - offset: negative for anomalies. */
  decisionFunction(X: MatrixInput, columns?: number): Float64Array {
    const scores = this.anomalyScores(X, columns);
    const threshold = this.state().threshold;
    for (let i = 0; i < scores.length; i++) scores[i] = threshold - scores[i];
    return scores;
  }

  /** -1 for anomalies (s(x) above the threshold), 1 for normal rows. */
  predict(X: MatrixInput, columns?: number): Int8Array {
    const scores = this.anomalyScores(X, columns);
    const threshold = this.state().threshold;
    const out = new Int8Array(scores.length);
    for (let i = 0; i < scores.length; i++) out[i] = scores[i] > threshold ? -1 : 1;
    return out;
  }

  toJSON(): SerializedForest {
    const fitted = this.state();
    const { nodes } = fitted;
    return {
      params: { ...this.params },
      columns: fitted.columns,
      subsampleSize: fitted.subsampleSize,
      heightLimit: fitted.heightLimit,
      threshold: fitted.threshold,
      trees: {
        roots: Array.from(nodes.roots),
        feature: Array.from(nodes.feature),
        threshold: Array.from(nodes.threshold),
        left: Array.from(nodes.left),
        cover: Array.from(nodes.cover),
        value: Array.from(nodes.value),
      },
    };
  }

  static fromJSON(json: SerializedForest): IsolationForest {
    const forest = new IsolationForest(json.params);
    const { trees } = json;
    const size = trees.feature.length;
    for (const [name, values] of Object.entries(trees)) {
      if (name !== 'roots' && values.length !== size) {
        throw new RangeError(
          `serialised forest is inconsistent: trees.${name} has ${values.length} nodes, expected ${size}`,
        );
      }
    }
    if (trees.roots.length !== json.params.nEstimators) {
      throw new RangeError(
        `serialised forest has ${trees.roots.length} trees, expected ${json.params.nEstimators}`,
      );
    }
    const nodes: ForestNodes = {
      roots: Int32Array.from(trees.roots),
      feature: Int32Array.from(trees.feature),
      threshold: Float64Array.from(trees.threshold),
      left: Int32Array.from(trees.left),
      cover: Int32Array.from(trees.cover),
      value: Float64Array.from(trees.value),
    };
    forest.fitted = {
      nodes,
      layout: json.heightLimit <= MAX_COMPLETE_DEPTH ? buildCompleteLayout(nodes, json.heightLimit) : null,
      columns: json.columns,
      subsampleSize: json.subsampleSize,
      heightLimit: json.heightLimit,
      normaliser: averagePathLength(json.subsampleSize),
      threshold: json.threshold,
    };
    return forest;
  }

  private anomalyScoresOf(matrix: DenseMatrix): Float64Array {
    const { normaliser } = this.state();
    const lengths = this.pathLengthsOf(matrix);
    for (let i = 0; i < lengths.length; i++) lengths[i] = 2 ** (-lengths[i] / normaliser);
    return lengths;
  }

  private checkedMatrix(X: MatrixInput, columns?: number): DenseMatrix {
    const matrix = toDenseMatrix(X, columns ?? this.state().columns);
    if (matrix.columns !== this.state().columns) {
      throw new RangeError(`expected ${this.state().columns} columns, got ${matrix.columns}`);
    }
    return matrix;
  }

  private state(): FittedForest {
    if (this.fitted === null) throw new Error('the isolation forest is not fitted yet: call fit() first');
    return this.fitted;
  }
}

/** Partial Fisher–Yates: the first sample.length entries of a uniform random permutation. */
function drawWithoutReplacement(permutation: Int32Array, sample: Int32Array, random: SeededRandom): void {
  const n = permutation.length;
  for (let i = 0; i < sample.length; i++) {
    const j = i + random.nextInt(n - i);
    const chosen = permutation[j];
    permutation[j] = permutation[i];
    permutation[i] = chosen;
    sample[i] = chosen;
  }
}

/** Percentile with linear interpolation between order statistics (numpy's default). */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const fraction = position - lower;
  return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
}
