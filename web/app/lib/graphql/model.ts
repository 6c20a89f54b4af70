import { gql, type TypedDocumentNode } from '@urql/core';
import type { ModelInfo } from './types';

export const modelQuery: TypedDocumentNode<{ model: ModelInfo | null }, Record<string, never>> = gql`
  query Model {
    model {
      version
      trainedAt
      active
      trainingRows
      parameters {
        nEstimators
        maxSamples
        contamination
        randomState
      }
      metrics {
        detectionRate
        precision
        falsePositiveRate
        rocAuc
        prAuc
      }
      featureImportances {
        feature
        label
        importance
      }
    }
  }
`;
