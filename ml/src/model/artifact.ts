import { createHash } from 'node:crypto';
import type { Metrics } from '../evaluate/metrics';
import type { IsolationForestParams, SerializedForest } from '../forest/forest';
import { type RiskCalibration, validateCalibration } from './calibration';

export const ARTIFACT_FORMAT_VERSION = 1;
export const ARTIFACT_KIND = 'satark-isolation-forest';

export interface FeatureImportance {
  feature: string;
  /** Share of the mean |SHAP| over a sample of training rows; the shares sum to 1. */
  importance: number;
}

/** The saved model: everything needed to score, calibrate and explain, as plain JSON. */
export interface ModelArtifact {
  formatVersion: number;
  kind: typeof ARTIFACT_KIND;
  /** Input vector layout, in order. */
  featureNames: string[];
  /** The window the features were computed over; scoring must use the same one. */
  featureWindow: { windowMs: number | null; maxCallsPerCaller: number };
  params: IsolationForestParams;
  /** Anomaly score s(x) above which a caller is flagged. */
  threshold: number;
  calibration: RiskCalibration;
  trainedAt: string;
  training: {
    rows: number;
    anomalies: number | null;
    subsampleSize: number;
    heightLimit: number;
    fitMs: number;
    /** E[h] over the training subsamples: the Tree SHAP base value. */
    expectedPathLength: number;
    /** Median of each feature over the training rows ("typical" in reasons). */
    featureMedians: Record<string, number>;
  };
  metrics?: Metrics;
  featureImportances: FeatureImportance[];
  trees: SerializedForest['trees'];
}

/**
 * The fields that decide every score, in a fixed order: what the version is a hash of. Object
 * keys are sorted, so the version survives stores that reorder them (PostgreSQL's jsonb does).
 */
export function artifactVersion(artifact: ModelArtifact): string {
  const content = canonicalJson([
    artifact.formatVersion,
    artifact.featureNames,
    artifact.featureWindow,
    artifact.params,
    artifact.threshold,
    artifact.calibration,
    artifact.trees,
  ]);
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/** JSON with every object's keys sorted. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((k) => [k, inner[k]]),
        )
      : inner,
  );
}

export function forestOf(artifact: ModelArtifact): SerializedForest {
  return {
    params: artifact.params,
    columns: artifact.featureNames.length,
    subsampleSize: artifact.training.subsampleSize,
    heightLimit: artifact.training.heightLimit,
    threshold: artifact.threshold,
    trees: artifact.trees,
  };
}

export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

/** Checks parsed JSON is a model artifact this code can load; errors name the bad field. */
export function parseModelArtifact(json: unknown): ModelArtifact {
  if (!isRecord(json)) throw new ArtifactError('model artifact must be a JSON object');
  if (json.kind !== ARTIFACT_KIND)
    throw new ArtifactError(`not a Satark model artifact (kind: ${String(json.kind)})`);
  if (json.formatVersion !== ARTIFACT_FORMAT_VERSION) {
    throw new ArtifactError(
      `model artifact format ${String(json.formatVersion)} is not supported (this code reads format ${ARTIFACT_FORMAT_VERSION})`,
    );
  }
  const names = json.featureNames;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
    throw new ArtifactError('featureNames must be a non-empty list of strings');
  }
  if (typeof json.threshold !== 'number') throw new ArtifactError('threshold must be a number');
  if (!isRecord(json.params)) throw new ArtifactError('params must be an object');
  if (!isRecord(json.training) || typeof json.training.subsampleSize !== 'number') {
    throw new ArtifactError('training.subsampleSize must be a number');
  }
  if (
    !isRecord(json.calibration) ||
    !isNumberArray(json.calibration.scores) ||
    !isNumberArray(json.calibration.risks)
  ) {
    throw new ArtifactError('calibration must have numeric scores and risks');
  }
  const trees = json.trees;
  if (!isRecord(trees)) throw new ArtifactError('trees must be an object');
  for (const field of ['roots', 'feature', 'threshold', 'left', 'cover', 'value']) {
    if (!isNumberArray(trees[field])) throw new ArtifactError(`trees.${field} must be a list of numbers`);
  }
  const artifact = json as unknown as ModelArtifact;
  try {
    validateCalibration(artifact.calibration);
  } catch (error) {
    throw new ArtifactError((error as Error).message);
  }
  return artifact;
}
