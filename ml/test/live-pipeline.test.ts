// Imported by the package name, the way the API imports it.
import {
  computeBatchFeatures,
  FEATURE_NAMES,
  FraudModel,
  generateDataset,
  OnlineFeatureStore,
  streamTraffic,
  trainModel,
  verdictFor,
} from '@satark/ml';
import { describe, expect, it } from 'vitest';

const DAY_MS = 86_400_000;
/** The API scores a caller once it has this many calls in the window. */
const ENOUGH_CALLS = 5;

describe('the live pipeline through the public API', () => {
  it('scores streamed traffic from an empty store: fraudsters with enough calls turn DANGEROUS, normal callers stay mostly SAFE', () => {
    const { artifact } = trainModel(
      computeBatchFeatures(generateDataset({ callers: 600, days: 14, seed: 31 }).calls),
      {
        nEstimators: 100,
      },
    );
    const model = FraudModel.fromArtifact(JSON.parse(JSON.stringify(artifact)));
    const start = Date.UTC(2026, 0, 1);
    const store = new OnlineFeatureStore();
    const truth = new Map<string, number>();
    const buffer = new Float64Array(FEATURE_NAMES.length);
    let riskyScored = 0;
    for (const cdr of streamTraffic({ seed: 8, start, callers: 600 })) {
      if (cdr.timestamp > start + 2 * DAY_MS) break;
      store.update(cdr);
      truth.set(cdr.callerId, cdr.trueLabel ?? 0);
      // What the API does per call: the caller's features now, then its risk.
      if (
        store.callCount(cdr.callerId) >= ENOUGH_CALLS &&
        model.risk(store.featuresInto(cdr.callerId, buffer) ?? buffer) >= 70
      ) {
        riskyScored++;
      }
    }
    const verdicts = { fraud: { DANGEROUS: 0, other: 0 }, normal: { SAFE: 0, DANGEROUS: 0, other: 0 } };
    for (const callerId of store.trackedCallers()) {
      if (store.callCount(callerId) < ENOUGH_CALLS) continue;
      const verdict = verdictFor(model.risk(store.featuresInto(callerId, buffer) ?? buffer));
      if (truth.get(callerId) === 1) {
        if (verdict === 'DANGEROUS') verdicts.fraud.DANGEROUS++;
        else verdicts.fraud.other++;
      } else if (verdict === 'SAFE') verdicts.normal.SAFE++;
      else if (verdict === 'DANGEROUS') verdicts.normal.DANGEROUS++;
      else verdicts.normal.other++;
    }
    const fraudsters = verdicts.fraud.DANGEROUS + verdicts.fraud.other;
    const normals = verdicts.normal.SAFE + verdicts.normal.DANGEROUS + verdicts.normal.other;
    expect(fraudsters).toBeGreaterThan(10);
    expect(verdicts.fraud.DANGEROUS / fraudsters).toBeGreaterThanOrEqual(0.8);
    expect(verdicts.normal.SAFE / normals).toBeGreaterThanOrEqual(0.75);
    expect(verdicts.normal.DANGEROUS / normals).toBeLessThanOrEqual(0.03);
    expect(riskyScored).toBeGreaterThan(0);
    expect(store.bytesPerCaller()).toBeLessThan(4_000);
  });
});
