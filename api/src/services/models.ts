// Trained model versions as stored; exactly one is active.
import { z } from 'zod';
import type { Db } from '../db';
import type { ModelVersion } from '../generated/prisma/client';

export interface ModelInfo {
  version: string;
  trainedAt: Date;
  active: boolean;
  parameters: { nEstimators: number; maxSamples: number; contamination: number; randomState: number };
  metrics: {
    detectionRate: number;
    precision: number;
    falsePositiveRate: number;
    rocAuc: number;
    prAuc: number;
  } | null;
  featureImportances: { feature: string; label: string; importance: number }[];
  trainingRows: number;
}

const paramsSchema = z.object({
  nEstimators: z.number(),
  maxSamples: z.number(),
  contamination: z.number(),
  randomState: z.number(),
});
const metricsSchema = z.object({
  detectionRate: z.number(),
  precision: z.number(),
  falsePositiveRate: z.number(),
  rocAuc: z.number(),
  prAuc: z.number(),
});
const importancesSchema = z.array(
  z.object({ feature: z.string(), label: z.string(), importance: z.number() }),
);

export function modelInfo(row: ModelVersion): ModelInfo {
  const metrics = metricsSchema.safeParse(row.metrics);
  return {
    version: row.version,
    trainedAt: row.trainedAt,
    active: row.active,
    parameters: paramsSchema.parse(row.params),
    metrics: metrics.success ? metrics.data : null,
    featureImportances: importancesSchema.parse(row.featureImportances),
    trainingRows: row.trainingRows,
  };
}

export async function activeModelInfo(db: Db): Promise<ModelInfo | null> {
  const row = await db.modelVersion.findFirst({ where: { active: true }, orderBy: { createdAt: 'desc' } });
  return row ? modelInfo(row) : null;
}
