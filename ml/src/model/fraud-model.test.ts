import { describe, expect, it } from 'vitest';
import { computeBatchFeatures } from '../features/batch';
import { FEATURE_NAMES } from '../features/definitions';
import { generateDataset } from '../simulate/generate';
import { parseModelArtifact } from './artifact';
import { riskFromScore, THRESHOLD_RISK } from './calibration';
import { categoryFor } from './category';
import { FraudModel } from './fraud-model';
import { describeFeature } from './reasons';
import { trainModel } from './train';
import { verdictFor } from './verdict';

const training = computeBatchFeatures(generateDataset({ callers: 500, days: 6, seed: 21 }).calls);
const heldOut = computeBatchFeatures(generateDataset({ callers: 500, days: 6, seed: 22 }).calls);
const { model, artifact, metrics } = trainModel(training, { nEstimators: 100 });

describe('trainModel and FraudModel', () => {
  it('catches the fraudsters of an unseen generated data set with few false alarms', () => {
    const flagged = heldOut.filter((r) => model.isFlagged(r.vector));
    const caught = flagged.filter((r) => r.label === 1).length;
    const fraudsters = heldOut.filter((r) => r.label === 1).length;
    expect(caught / fraudsters).toBeGreaterThanOrEqual(0.85);
    expect(caught / flagged.length).toBeGreaterThanOrEqual(0.9);
    expect(metrics?.rocAuc).toBeGreaterThan(0.95);
  });

  it('maps the contamination threshold to risk 70 exactly, monotonically, so DANGEROUS means flagged', () => {
    expect(riskFromScore(artifact.calibration, artifact.threshold)).toBe(THRESHOLD_RISK);
    let previous = -1;
    for (let s = 0; s <= 1; s += 0.01) {
      const risk = riskFromScore(artifact.calibration, s);
      expect(risk).toBeGreaterThan(previous);
      previous = risk;
    }
    for (const row of heldOut) {
      expect(verdictFor(model.risk(row.vector)) === 'DANGEROUS').toBe(model.isFlagged(row.vector));
    }
  });

  it('loads back from its JSON artifact to identical scores, risks and version', () => {
    const loaded = FraudModel.fromArtifact(JSON.parse(JSON.stringify(model.toArtifact())));
    expect(loaded.version).toBe(model.version);
    expect(loaded.version).toMatch(/^[0-9a-f]{12}$/);
    for (const row of heldOut) {
      expect(loaded.pathLength(row.vector)).toBe(model.pathLength(row.vector));
      expect(loaded.risk(row.vector)).toBe(model.risk(row.vector));
    }
  });

  it('keeps its version when a store reorders the artifact’s keys (as PostgreSQL jsonb does)', () => {
    const reversed = JSON.parse(JSON.stringify(model.toArtifact()), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    );
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(model.toArtifact()));
    expect(FraudModel.fromArtifact(reversed).version).toBe(model.version);
  });

  it('keeps the version for the same training and changes it for another seed', () => {
    const again = trainModel(training, { nEstimators: 100 });
    const other = trainModel(training, { nEstimators: 100, randomState: 7 });
    expect(again.model.version).toBe(model.version);
    expect(other.model.version).not.toBe(model.version);
  });

  it('explains a caller with contributions that add up to how much shorter its path is than expected', () => {
    const fraudster = heldOut.find((r) => r.label === 1);
    expect(fraudster).toBeDefined();
    const vector = fraudster?.vector ?? new Float64Array(FEATURE_NAMES.length);
    const contributions = model.explain(vector);
    expect(contributions.map((c) => c.feature).sort()).toEqual([...FEATURE_NAMES].sort());
    const total = contributions.reduce((a, c) => a + c.contribution, 0);
    expect(Math.abs(total - (model.expectedPathLength - model.pathLength(vector)))).toBeLessThan(1e-9);
    for (let i = 1; i < contributions.length; i++) {
      expect(Math.abs(contributions[i - 1].contribution)).toBeGreaterThanOrEqual(
        Math.abs(contributions[i].contribution),
      );
    }
    expect(total).toBeGreaterThan(0);
  });

  it("gives a fraudster's reasons in the product's words, only for features that raise the risk", () => {
    const wangiri = heldOut.find((r) => r.category === 'WANGIRI');
    const reasons = model.reasons(wangiri?.vector ?? [], 3);
    expect(reasons.length).toBe(3);
    for (const reason of reasons) {
      expect(reason.contribution).toBeGreaterThan(0);
      expect(reason.text.length).toBeGreaterThan(10);
      expect(reason.label).not.toBe(reason.feature);
    }
    expect(describeFeature('short_call_ratio', 0.71, 0, 86_400_000)).toBe('71% of calls shorter than 3 s');
    expect(describeFeature('total_calls', 132, 5, 86_400_000)).toBe(
      '132 calls in the last 24 h (typical: 5)',
    );
  });

  it('explains a SAFE subscriber by what looks normal, in plain units, and every feature when all are asked for', () => {
    const normal = heldOut.find((r) => r.label === 0 && verdictFor(model.risk(r.vector)) === 'SAFE');
    expect(normal).toBeDefined();
    const vector = (normal as (typeof heldOut)[number]).vector;
    const reasons = model.reasonsForAnyVerdict(vector, { safe: true });
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((r) => r.contribution <= 0 && r.text.endsWith(', like most subscribers'))).toBe(
      true,
    );
    expect(reasons.every((r) => !r.text.includes('typical:'))).toBe(true);
    const all = model.reasonsForAnyVerdict(vector, { all: true });
    expect(all.map((r) => r.feature).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(all.map((r) => r.contribution)).toEqual([...all.map((r) => r.contribution)].sort((x, y) => y - x));
    expect(describeFeature('avg_call_duration', 150, 170, 86_400_000)).toBe(
      'Calls last 2.5 min on average (typical: 2.8 min)',
    );
  });

  it('explains a vector it explained before the same way, whatever callers did with the first answer', () => {
    const vector = (heldOut[0] as (typeof heldOut)[number]).vector;
    const fresh = model.explain(vector);
    const first = model.reasonsForAnyVerdict(vector, { all: true });
    for (const reason of first) {
      reason.contribution = 999;
      reason.text = 'changed by a caller';
    }
    first.length = 0;
    const again = model.reasonsForAnyVerdict(vector, { all: true });
    expect(again).toHaveLength(FEATURE_NAMES.length);
    const byFeature = new Map(fresh.map((c) => [c.feature, c.contribution]));
    for (const reason of again) expect(reason.contribution).toBe(byFeature.get(reason.feature));
    expect(again.some((reason) => reason.text === 'changed by a caller')).toBe(false);
    // Another vector is another explanation, not the remembered one.
    const other = (heldOut[1] as (typeof heldOut)[number]).vector;
    const otherFresh = new Map(model.explain(other).map((c) => [c.feature, c.contribution]));
    for (const reason of model.reasonsForAnyVerdict(other, { all: true }))
      expect(reason.contribution).toBe(otherFresh.get(reason.feature));
  });

  it('reports global importances as shares that sum to 1, largest first', () => {
    const importances = model.globalImportances();
    expect(importances).toHaveLength(FEATURE_NAMES.length);
    expect(importances.reduce((a, f) => a + f.importance, 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < importances.length; i++) {
      expect(importances[i - 1].importance).toBeGreaterThanOrEqual(importances[i].importance);
    }
  });

  it('refuses an artifact of another format or with missing trees, saying what is wrong', () => {
    expect(() => parseModelArtifact({ ...artifact, formatVersion: 99 })).toThrow(
      /format 99 is not supported/,
    );
    expect(() => parseModelArtifact({ ...artifact, trees: { ...artifact.trees, value: 'x' } })).toThrow(
      /trees.value/,
    );
    expect(() => FraudModel.fromArtifact('model')).toThrow(/JSON object/);
  });
});

describe('verdictFor and categoryFor', () => {
  it('turns risk into SAFE below 40, SUSPICIOUS from 40 and DANGEROUS from 70', () => {
    expect(verdictFor(39.9)).toBe('SAFE');
    expect(verdictFor(40)).toBe('SUSPICIOUS');
    expect(verdictFor(69.99)).toBe('SUSPICIOUS');
    expect(verdictFor(70)).toBe('DANGEROUS');
  });

  it("guesses the generated fraudsters' types from behaviour alone, and no type for a normal caller", () => {
    const fraudsters = [...training, ...heldOut].filter((r) => r.label === 1);
    const right = fraudsters.filter((r) => categoryFor(r.features) === r.category).length;
    expect(right / fraudsters.length).toBeGreaterThanOrEqual(0.9);
    const normals = heldOut.filter((r) => r.label === 0);
    const typed = normals.filter((r) => categoryFor(r.vector) !== null).length;
    expect(typed / normals.length).toBeLessThan(0.05);
  });
});
