// LiveScorer against a plain reference: the same store updates call by call, the model's single
// vector score per call, categories and reasons computed on the spot. The scorer's batch forest
// pass, interned scores and reasons explained when read must change nothing it tells.
import {
  type CallRecord,
  categoryFor,
  FEATURE_NAMES,
  featureRecord,
  OnlineFeatureStore,
  streamTraffic,
  verdictFor,
} from '@satark/ml';
import { beforeAll, describe, expect, it } from 'vitest';
import { LiveScorer, MIN_CALLS_TO_SCORE, reasonsFor } from './live-scorer';
import { ModelRegistry, trainOnGeneratedHistory } from './model-registry';

const BATCH = 2000;

function traffic(count: number): CallRecord[] {
  const calls: CallRecord[] = [];
  const start = Date.UTC(2026, 0, 5);
  for (const cdr of streamTraffic({ seed: 11, start, callers: 600, fraudRatio: 0.03 })) {
    if (calls.length === count) break;
    calls.push(cdr);
  }
  return calls;
}

describe('LiveScorer', () => {
  let registry: ModelRegistry;
  let calls: CallRecord[];
  beforeAll(() => {
    registry = new ModelRegistry();
    registry.swap(trainOnGeneratedHistory().model);
    calls = traffic(12_000);
  });

  it('scores every call as the model scores its vector alone, and callers as their last call', () => {
    const model = registry.model;
    if (!model) throw new Error('no model');
    const scorer = new LiveScorer(registry);
    const reference = new OnlineFeatureStore();
    const flagged = new Set<string>();
    let dangerousTurns = 0;
    for (let from = 0; from < calls.length; from += BATCH) {
      const batch = calls.slice(from, from + BATCH);
      const scored = scorer.score(batch);
      const last = new Map<string, Float64Array>();
      batch.forEach((call, i) => {
        reference.update(call);
        const score = scored.calls[i];
        if (reference.callCount(call.callerId, call.timestamp) < MIN_CALLS_TO_SCORE) {
          expect(score?.riskScore).toBeNull();
          return;
        }
        const vector = reference.features(call.callerId, call.timestamp) as Float64Array;
        const risk = Math.round(model.risk(vector) * 10) / 10;
        const verdict = verdictFor(risk);
        expect(score).toEqual({
          riskScore: risk,
          verdict,
          category: verdict === 'SAFE' ? null : categoryFor(vector),
          flagged: verdict === 'DANGEROUS',
          modelVersion: model.version,
        });
        last.set(call.callerId, vector);
      });
      expect([...scored.callers.keys()].sort()).toEqual([...last.keys()].sort());
      for (const [callerId, vector] of last) {
        const caller = scored.callers.get(callerId);
        const risk = Math.round(model.risk(vector) * 10) / 10;
        const dangerous = verdictFor(risk) === 'DANGEROUS';
        const becameDangerous = dangerous && !flagged.has(callerId);
        expect(caller?.riskScore).toBe(risk);
        expect(caller?.features).toEqual(featureRecord(vector));
        expect(Object.keys(caller?.features ?? {})).toEqual([...FEATURE_NAMES]);
        expect(caller?.becameDangerous).toBe(becameDangerous);
        // Explained only on the turn to DANGEROUS, with the reasons of that very vector.
        expect(caller?.reasons).toEqual(becameDangerous ? reasonsFor(model, vector) : null);
        if (becameDangerous) {
          dangerousTurns++;
          expect(caller?.reasons?.length).toBeGreaterThan(0);
          // Read twice, explained once: the same array.
          expect(caller?.reasons).toBe(caller?.reasons);
        }
        if (dangerous) flagged.add(callerId);
        else flagged.delete(callerId);
      }
      scored.settle(new Set(batch.map((call) => call.callId)));
    }
    expect(dangerousTurns).toBeGreaterThan(0);
  });

  it('keeps reasons across a spread (as the alert and commit steps may copy a caller)', () => {
    const scorer = new LiveScorer(registry);
    let turned: { reasons: unknown } | undefined;
    for (let from = 0; from < calls.length && !turned; from += BATCH) {
      const batch = calls.slice(from, from + BATCH);
      const scored = scorer.score(batch);
      for (const caller of scored.callers.values()) if (caller.becameDangerous) turned ??= { ...caller };
      scored.settle(new Set(batch.map((call) => call.callId)));
    }
    expect(Array.isArray(turned?.reasons)).toBe(true);
  });
});
