import { evaluate, type Metrics } from '../evaluate/metrics';
import type { CallerFeatureRow } from '../features/batch';
import { DEFAULT_MAX_CALLS_PER_CALLER, DEFAULT_WINDOW_MS, FEATURE_NAMES } from '../features/definitions';
import { type FitProgress, IsolationForest, type IsolationForestParams, percentile } from '../forest/forest';
import { TreeShapExplainer } from '../forest/shap';
import {
  ARTIFACT_FORMAT_VERSION,
  ARTIFACT_KIND,
  type FeatureImportance,
  type ModelArtifact,
} from './artifact';
import { fitCalibration } from './calibration';
import { FraudModel } from './fraud-model';

/** Training rows explained to estimate global importances. */
const IMPORTANCE_SAMPLE = 200;

export interface TrainOptions extends FitProgress {
  /** The feature window the rows were computed with (saved so scoring uses the same). */
  featureWindow?: { windowMs: number; maxCallsPerCaller: number };
  /** Override the training time (for reproducible artifacts in tests). */
  trainedAt?: Date;
}

export interface TrainResult {
  model: FraudModel;
  artifact: ModelArtifact;
  /** On the training rows, when every row has a label. */
  metrics?: Metrics;
}

export function trainModel(
  rows: readonly CallerFeatureRow[],
  params: Partial<IsolationForestParams> = {},
  options: TrainOptions = {},
): TrainResult {
  if (rows.length === 0) throw new RangeError('cannot train on no rows');
  const columns = FEATURE_NAMES.length;
  const data = new Float64Array(rows.length * columns);
  rows.forEach((row, r) => {
    if (row.vector.length !== columns) {
      throw new RangeError(`row for ${row.callerId} has ${row.vector.length} features, expected ${columns}`);
    }
    data.set(row.vector, r * columns);
  });
  const forest = new IsolationForest(params);
  const fitStart = performance.now();
  forest.fit(data, columns, options);
  const fitMs = performance.now() - fitStart;
  const threshold = forest.threshold;
  const scores = forest.anomalyScores(data, columns);
  const explainer = new TreeShapExplainer(forest.nodes, columns, forest.heightLimit);
  const labelled = rows.every((row) => row.label !== undefined);
  const labels = rows.map((row) => row.label ?? 0);
  const metrics = labelled
    ? evaluate(
        scores,
        labels,
        Array.from(scores, (s) => s > threshold),
        threshold,
      )
    : undefined;
  const window = options.featureWindow ?? {
    windowMs: DEFAULT_WINDOW_MS,
    maxCallsPerCaller: DEFAULT_MAX_CALLS_PER_CALLER,
  };
  const serialised = forest.toJSON();
  const artifact: ModelArtifact = {
    formatVersion: ARTIFACT_FORMAT_VERSION,
    kind: ARTIFACT_KIND,
    featureNames: [...FEATURE_NAMES],
    featureWindow: {
      windowMs: Number.isFinite(window.windowMs) ? window.windowMs : null,
      maxCallsPerCaller: window.maxCallsPerCaller,
    },
    params: forest.params,
    threshold,
    calibration: fitCalibration(scores, threshold),
    trainedAt: (options.trainedAt ?? new Date()).toISOString(),
    training: {
      rows: rows.length,
      anomalies: labelled ? labels.filter((l) => l === 1).length : null,
      subsampleSize: forest.subsampleSize,
      heightLimit: forest.heightLimit,
      fitMs,
      expectedPathLength: explainer.expectedValue,
      featureMedians: Object.fromEntries(
        FEATURE_NAMES.map((name, c) => [
          name,
          percentile(
            Array.from(rows, (row) => row.vector[c]),
            0.5,
          ),
        ]),
      ),
    },
    ...(metrics ? { metrics } : {}),
    featureImportances: globalImportances(explainer, data, columns),
    trees: serialised.trees,
  };
  return { model: FraudModel.fromFittedForest(artifact, forest), artifact, ...(metrics ? { metrics } : {}) };
}

/** Mean |SHAP| per feature over evenly spaced training rows, as shares of the total. */
function globalImportances(
  explainer: TreeShapExplainer,
  data: Float64Array,
  columns: number,
): FeatureImportance[] {
  const rows = data.length / columns;
  const step = Math.max(1, rows / IMPORTANCE_SAMPLE);
  const totals = new Float64Array(columns);
  const phi = new Float64Array(columns);
  for (let position = 0; Math.floor(position) < rows; position += step) {
    const r = Math.floor(position);
    explainer.shapValues(data.subarray(r * columns, (r + 1) * columns), phi);
    for (let c = 0; c < columns; c++) totals[c] += Math.abs(phi[c]);
  }
  const sum = totals.reduce((a, b) => a + b, 0);
  return FEATURE_NAMES.map((feature, c) => ({
    feature,
    importance: sum === 0 ? 0 : totals[c] / sum,
  })).sort((a, b) => b.importance - a.importance);
}
