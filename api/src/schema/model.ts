import { builder } from '../builder';
import { activeModelInfo, type ModelInfo } from '../services/models';

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
    resolve: (_root, _args, context) => activeModelInfo(context.app.db),
  }),
);
