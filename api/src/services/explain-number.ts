// Reasons for a number's stored score, from the model that made it: checkNumber's evidence.
// Every scored number is explained, SAFE ones too (what looks normal, in plain units).
import { type FraudModel, SUSPICIOUS_FROM } from '@satark/ml';
import { LRUCache } from 'lru-cache';
import type { ModelRegistry } from './model-registry';
import type { NumberExplainer, Reason } from './numbers';

/** Top reasons remembered per model, as the model remembers its explanations (decision 026). */
const ANSWERS_KEPT = 20_000;

/**
 * Explains with the model in use; null when the score came from another model or no features.
 *
 * A lookup's top reasons are remembered per model by (verdict side, feature values): a model is
 * immutable, so the same values always get the same words, and a repeated lookup skips
 * describing and sorting every feature (5 % of the API's CPU under bench:api). The remembered
 * answers are frozen, so no caller can change what the next one is given. Every reason (`all`)
 * is rare and not remembered.
 */
export function createNumberExplainer(models: ModelRegistry): NumberExplainer {
  const answers = new WeakMap<FraudModel, LRUCache<string, readonly Reason[]>>();
  return (phone, options) => {
    const model = models.model;
    if (!model || phone.modelVersion !== model.version || phone.riskScore == null) return null;
    const features = phone.features as Record<string, unknown> | null;
    if (!features) return null;
    const vector = model.featureNames.map((name) => Number(features[name]));
    if (!vector.every(Number.isFinite)) return null;
    const safe = phone.riskScore < SUSPICIOUS_FROM;
    if (options?.all) return model.reasonsForAnyVerdict(vector, { all: true, safe });
    let remembered = answers.get(model);
    if (!remembered) {
      remembered = new LRUCache({ max: ANSWERS_KEPT });
      answers.set(model, remembered);
    }
    const key = `${safe ? 's' : 'r'}${vector.join(',')}`;
    let reasons = remembered.get(key);
    if (!reasons) {
      reasons = Object.freeze(
        model.reasonsForAnyVerdict(vector, { all: false, safe }).map((reason) => Object.freeze(reason)),
      );
      remembered.set(key, reasons);
    }
    return reasons as Reason[];
  };
}
