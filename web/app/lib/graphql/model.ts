import { graphql, type ResultOf } from './graphql';

export const modelQuery = graphql(`
  query Model {
    model {
      version
      trainedAt
      active
      trainingRows
      parameters { nEstimators maxSamples contamination randomState }
      metrics { detectionRate precision falsePositiveRate rocAuc prAuc }
      featureImportances { feature label importance }
    }
  }
`);

export type ModelInfo = NonNullable<ResultOf<typeof modelQuery>['model']>;
