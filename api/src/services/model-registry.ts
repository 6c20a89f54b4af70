// The model lifecycle: load the active model, train one when there is none, retrain on
// recent traffic, and swap the model the pipeline scores with in one step.
import {
  type CallerFeatureRow,
  type CallRecord,
  computeBatchFeatures,
  DEFAULT_WINDOW_MS,
  evaluate,
  FraudModel,
  generateDataset,
  type Metrics,
  type TrainResult,
  trainModel,
} from '@satark/ml';
import type { Logger } from 'pino';
import type { Db } from '../db';
import type { ModelVersion } from '../generated/prisma/client';
import { AUDITED_TRANSACTION, type AuditActor, type AuditChange, appendAuditIn } from './audit';
import { CALL_ROW_COLUMNS, callFromRow } from './call-rows';
import { ValidationError } from './errors';

/** Labelled generated traffic the model is measured on (and, with no model yet, trained on). */
const HISTORY = { callers: 800, days: 30, fraudRatio: 0.05 } as const;
const HOLDOUT_SEED = 7;
const TRAINING_SEED = 42;

export interface TrainingSummary {
  version: string;
  trainingRows: number;
  source: 'generated-history' | 'recent-traffic';
  metrics: Metrics;
  trainMs: number;
}

/** Holds the model the pipeline scores with; `swap` replaces it atomically between batches. */
export class ModelRegistry {
  private current: FraudModel | null = null;
  private readonly listeners: ((model: FraudModel) => void)[] = [];

  get model(): FraudModel | null {
    return this.current;
  }

  get version(): string | null {
    return this.current?.version ?? null;
  }

  swap(model: FraudModel): void {
    this.current = model;
    for (const listener of this.listeners) listener(model);
  }

  onSwap(listener: (model: FraudModel) => void): void {
    this.listeners.push(listener);
  }
}

export async function loadActiveModel(db: Db): Promise<FraudModel | null> {
  const row = await db.modelVersion.findFirst({ where: { active: true }, orderBy: { createdAt: 'desc' } });
  return row ? FraudModel.fromArtifact(row.artifact) : null;
}

/**
 * Stores a trained model as the only active version. With `audit`, the promotion's audit entry is
 * appended in the same transaction: a model is never active without its entry, nor the reverse.
 */
export async function storeModel(
  db: Db,
  result: TrainResult,
  metrics: Metrics,
  audit?: { who: AuditActor; describe(stored: ModelVersion): AuditChange },
): Promise<ModelVersion> {
  const { artifact, model } = result;
  const data = {
    trainedAt: new Date(artifact.trainedAt),
    active: true,
    params: artifact.params as object,
    metrics: {
      detectionRate: metrics.detectionRate,
      precision: metrics.precision,
      falsePositiveRate: metrics.falsePositiveRate,
      rocAuc: metrics.rocAuc,
      prAuc: metrics.prAuc,
      confusion: metrics.confusion as object,
      threshold: metrics.threshold,
    },
    featureImportances: model.globalImportances(),
    trainingRows: artifact.training.rows,
    artifact: artifact as object,
  };
  return db.$transaction(async (tx) => {
    await tx.modelVersion.updateMany({ where: { active: true }, data: { active: false } });
    const stored = await tx.modelVersion.upsert({
      where: { version: model.version },
      create: { version: model.version, ...data },
      update: data,
    });
    if (audit) await appendAuditIn(tx, audit.who, audit.describe(stored));
    return stored;
  }, AUDITED_TRANSACTION);
}

let holdout: ReturnType<typeof computeBatchFeatures> | null = null;

/** Detection rate, precision, FPR, ROC-AUC and PR-AUC on a labelled generated hold-out set. */
export function measureOnHoldout(model: FraudModel): Metrics {
  holdout ??= computeBatchFeatures(generateDataset({ ...HISTORY, seed: HOLDOUT_SEED }).calls);
  const scores = holdout.map((row) => model.anomalyScore(row.vector));
  return evaluate(
    scores,
    holdout.map((row) => row.label ?? 0),
    scores.map((score) => score > model.threshold),
    model.threshold,
  );
}

/** With no stored model: train on generated labelled history, measure on a hold-out set. */
export function trainOnGeneratedHistory(seed = TRAINING_SEED): TrainResult {
  return trainModel(computeBatchFeatures(generateDataset({ ...HISTORY, seed }).calls));
}

/** How much stored traffic a retrain learns from by default. */
const RETRAIN_WINDOW_MS = 24 * 3600_000;

export interface RetrainOptions {
  /** Calls started within this long before the newest stored call; default 24 h. */
  windowMs?: number;
  /** At most this many of the newest calls; default 500,000. */
  maxCalls?: number;
  /** Fewer caller-days than this is too little to learn what normal looks like. */
  minCallers?: number;
  /**
   * Who asked: the promotion is audited in the transaction that stores the model, and the model
   * is swapped in only once both are committed.
   */
  auditedAs?: AuditActor;
}

/** Trains on the stored CDRs of the last window (one row per caller), as the live features see them. */
export async function trainOnRecentTraffic(db: Db, options: RetrainOptions = {}): Promise<TrainResult> {
  const windowMs = options.windowMs ?? RETRAIN_WINDOW_MS;
  const maxCalls = options.maxCalls ?? 500_000;
  const minCallers = options.minCallers ?? 100;
  const newest = await db.callRecord.findFirst({
    orderBy: { startedAt: 'desc' },
    select: { startedAt: true },
  });
  if (!newest) throw new ValidationError('There are no stored calls to retrain on yet.');
  const since = new Date(newest.startedAt.getTime() - windowMs);
  const rows = await db.callRecord.findMany({
    where: { startedAt: { gte: since } },
    orderBy: { startedAt: 'desc' },
    take: maxCalls,
    select: CALL_ROW_COLUMNS,
  });
  const calls: CallRecord[] = rows.map(callFromRow);
  // One row per caller per day of the range, each with the live scorer's 24-hour window, so
  // the model learns on the same features it will score.
  const features: CallerFeatureRow[] = [];
  const newestAt = newest.startedAt.getTime();
  for (let at = newestAt; at > newestAt - windowMs; at -= DEFAULT_WINDOW_MS) {
    features.push(...computeBatchFeatures(calls, { windowMs: DEFAULT_WINDOW_MS, at }));
  }
  if (features.length < minCallers) {
    throw new ValidationError(
      `Retraining needs at least ${minCallers} caller-days of calls in the last ${windowMs / 3600_000} h; there are ${features.length}.`,
    );
  }
  return trainModel(features);
}

/** At start: the active stored model, or a new one trained on generated history and stored. */
export async function ensureModel(db: Db, logger: Logger): Promise<FraudModel> {
  const stored = await loadActiveModel(db);
  if (stored) {
    logger.info({ modelVersion: stored.version }, 'Loaded the active model');
    return stored;
  }
  logger.info('No model stored yet: training one on generated history (a few seconds)');
  const started = performance.now();
  const result = trainOnGeneratedHistory();
  const metrics = measureOnHoldout(result.model);
  await storeModel(db, result, metrics);
  logger.info(
    {
      modelVersion: result.model.version,
      trainMs: Math.round(performance.now() - started),
      detectionRate: metrics.detectionRate,
      precision: metrics.precision,
      rocAuc: metrics.rocAuc,
    },
    'Trained and stored a model',
  );
  return result.model;
}

/** Retrains on recent traffic, stores the new version and swaps it in. */
export async function retrain(
  db: Db,
  registry: ModelRegistry,
  options: RetrainOptions = {},
): Promise<TrainingSummary> {
  const started = performance.now();
  const result = await trainOnRecentTraffic(db, options);
  const metrics = measureOnHoldout(result.model);
  const before = registry.version;
  const { auditedAs } = options;
  await storeModel(
    db,
    result,
    metrics,
    auditedAs && {
      who: auditedAs,
      describe: (stored) => ({
        action: 'model.retrain_and_promote',
        targetType: 'ModelVersion',
        targetId: stored.version,
        before: { activeVersion: before },
        after: {
          activeVersion: stored.version,
          windowHours: Math.round((options.windowMs ?? RETRAIN_WINDOW_MS) / 3600_000),
          trainingRows: stored.trainingRows,
          metrics,
        },
      }),
    },
  );
  registry.swap(result.model);
  return {
    version: result.model.version,
    trainingRows: result.artifact.training.rows,
    source: 'recent-traffic',
    metrics,
    trainMs: Math.round(performance.now() - started),
  };
}
