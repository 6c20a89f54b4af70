// Reasons for a number's stored score, from the model that made it: checkNumber's evidence.
// Every scored number is explained, SAFE ones too (what looks normal, in plain units).
import { SUSPICIOUS_FROM } from '@satark/ml';
import type { ModelRegistry } from './model-registry';
import type { NumberExplainer } from './numbers';

/** Explains with the model in use; null when the score came from another model or no features. */
export function createNumberExplainer(models: ModelRegistry): NumberExplainer {
  return (phone, options) => {
    const model = models.model;
    if (!model || phone.modelVersion !== model.version || phone.riskScore == null) return null;
    const features = phone.features as Record<string, unknown> | null;
    if (!features) return null;
    const vector = model.featureNames.map((name) => Number(features[name]));
    if (!vector.every(Number.isFinite)) return null;
    return model.reasonsForAnyVerdict(vector, {
      all: options?.all ?? false,
      safe: phone.riskScore < SUSPICIOUS_FROM,
    });
  };
}
