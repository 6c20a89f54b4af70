import { z } from 'zod';
import { builder } from '../builder';
import { COST } from '../guard/field-costs';
import { auditActorOf } from '../services/audit';
import { ValidationError } from '../services/errors';
import type { TrainingSummary } from '../services/model-registry';
import { activeModelInfo, type ModelInfo } from '../services/models';

const WINDOW_HOURS = 'windowHours must be between 1 and 720';

const ModelMetricsRef = builder.objectRef<NonNullable<ModelInfo['metrics']>>('ModelMetrics').implement({
  fields: (t) => ({
    detectionRate: t.exposeFloat('detectionRate'),
    precision: t.exposeFloat('precision'),
    falsePositiveRate: t.exposeFloat('falsePositiveRate'),
    rocAuc: t.exposeFloat('rocAuc'),
    prAuc: t.exposeFloat('prAuc'),
  }),
});

const FeatureImportanceRef = builder
  .objectRef<ModelInfo['featureImportances'][number]>('FeatureImportance')
  .implement({
    fields: (t) => ({
      feature: t.exposeString('feature'),
      label: t.exposeString('label'),
      importance: t.exposeFloat('importance'),
    }),
  });

const ModelParametersRef = builder.objectRef<ModelInfo['parameters']>('ModelParameters').implement({
  fields: (t) => ({
    nEstimators: t.exposeInt('nEstimators'),
    maxSamples: t.exposeInt('maxSamples'),
    contamination: t.exposeFloat('contamination'),
    randomState: t.exposeInt('randomState'),
  }),
});

export const ModelInfoRef = builder.objectRef<ModelInfo>('ModelInfo').implement({
  fields: (t) => ({
    version: t.exposeString('version'),
    trainedAt: t.expose('trainedAt', { type: 'DateTime' }),
    active: t.exposeBoolean('active'),
    parameters: t.field({ type: ModelParametersRef, resolve: (model) => model.parameters }),
    metrics: t.field({ type: ModelMetricsRef, nullable: true, resolve: (model) => model.metrics }),
    featureImportances: t.field({
      type: [FeatureImportanceRef],
      resolve: (model) => model.featureImportances,
    }),
    trainingRows: t.exposeInt('trainingRows'),
  }),
});

builder.queryField('model', (t) =>
  t.field({
    type: ModelInfoRef,
    nullable: true,
    description: 'The active model: null until one has been trained.',
    complexity: COST.lookup,
    resolve: (_root, _args, context) => activeModelInfo(context.app.db),
  }),
);

const RetrainResultRef = builder.objectRef<TrainingSummary>('RetrainResult').implement({
  fields: (t) => ({
    version: t.exposeString('version', { description: 'The new active model version.' }),
    trainingRows: t.exposeInt('trainingRows', { description: 'Callers (feature rows) trained on.' }),
    trainMs: t.exposeInt('trainMs'),
    metrics: t.field({
      type: ModelMetricsRef,
      description: 'Measured on a labelled generated hold-out set.',
      resolve: (summary) => summary.metrics,
    }),
    model: t.field({
      type: ModelInfoRef,
      nullable: true,
      resolve: (_summary, _args, context) => activeModelInfo(context.app.db),
    }),
  }),
});

builder.mutationField('retrainModel', (t) =>
  t.field({
    type: RetrainResultRef,
    authScopes: { admin: true },
    description:
      'Retrains the isolation forest on the stored calls of the last `windowHours` (default 24) and swaps it in atomically: every call scored after the swap records the new version.',
    args: {
      windowHours: t.arg.int({
        required: false,
        description: 'Hours of stored calls to learn from: 1 to 720',
        validate: { schema: z.number().int().min(1, WINDOW_HOURS).max(720, WINDOW_HOURS) },
      }),
    },
    errors: { types: [ValidationError] },
    resolve: async (_root, args, context) => {
      const hours = args.windowHours ?? 24;
      return context.app.retrain({ windowMs: hours * 3600_000, auditedAs: auditActorOf(context) });
    },
  }),
);
