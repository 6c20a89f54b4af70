import { LRUCache } from 'lru-cache';
import { IsolationForest } from '../forest/forest';
import { TreeShapExplainer } from '../forest/shap';
import { artifactVersion, forestOf, type ModelArtifact, parseModelArtifact } from './artifact';
import { riskFromScore } from './calibration';
import { type Contribution, describeFeature, featureLabel, type Reason } from './reasons';

/** Explanations a model remembers (docs/decisions/026-number-lookup-cost.md): about 10 MB. */
const EXPLANATIONS_KEPT = 20_000;

/** The model as the API uses it at run time: forest, fixed calibration and explanations. */
export class FraudModel {
  readonly version: string;
  readonly featureNames: readonly string[];
  private readonly artifact: ModelArtifact;
  private readonly forest: IsolationForest;
  private explainer: TreeShapExplainer | null = null;
  private readonly phi: Float64Array;
  /**
   * SHAP contributions of the vectors explained to people (reasonsForAnyVerdict), by their
   * values: a model is immutable, so the same features always get the same explanation, and a
   * number looked up again is not explained again. Scoring's `reasons` stays uncached, so heavy
   * ingestion does not push lookups' explanations out.
   */
  private readonly explained = new LRUCache<string, readonly Contribution[]>({ max: EXPLANATIONS_KEPT });

  private constructor(artifact: ModelArtifact, forest: IsolationForest) {
    this.artifact = artifact;
    this.forest = forest;
    this.featureNames = artifact.featureNames;
    this.version = artifactVersion(artifact);
    this.phi = new Float64Array(artifact.featureNames.length);
  }

  static fromArtifact(artifact: ModelArtifact | unknown): FraudModel {
    const checked = parseModelArtifact(artifact);
    return new FraudModel(checked, IsolationForest.fromJSON(forestOf(checked)));
  }

  /** For trainModel: a model around a forest that is already fitted. */
  static fromFittedForest(artifact: ModelArtifact, forest: IsolationForest): FraudModel {
    return new FraudModel(artifact, forest);
  }

  toArtifact(): ModelArtifact {
    return structuredClone(this.artifact);
  }

  get threshold(): number {
    return this.artifact.threshold;
  }

  get windowMs(): number {
    return this.artifact.featureWindow.windowMs ?? Number.POSITIVE_INFINITY;
  }

  /** Mean path length over the trees; allocation-free. */
  pathLength(vector: ArrayLike<number>): number {
    return this.forest.pathLength(vector);
  }

  /** s(x) in (0, 1]; allocation-free. */
  anomalyScore(vector: ArrayLike<number>): number {
    return this.forest.anomalyScore(vector);
  }

  /** 0–100 through the calibration fixed at training; the threshold maps to 70. Allocation-free. */
  risk(vector: ArrayLike<number>): number {
    return riskFromScore(this.artifact.calibration, this.forest.anomalyScore(vector));
  }

  /** risk() of every row of a flat row-major matrix of feature vectors (batch scoring). */
  risks(vectors: Float64Array): Float64Array {
    const scores = this.forest.anomalyScores(vectors, this.featureNames.length);
    for (let i = 0; i < scores.length; i++)
      scores[i] = riskFromScore(this.artifact.calibration, scores[i] as number);
    return scores;
  }

  /** True when the forest flags the vector (s(x) above the contamination threshold). */
  isFlagged(vector: ArrayLike<number>): boolean {
    return this.forest.anomalyScore(vector) > this.artifact.threshold;
  }

  /** E[h] over the training subsamples: the base value the contributions start from. */
  get expectedPathLength(): number {
    return this.shap().expectedValue;
  }

  /**
   * Exact Tree SHAP per feature, sorted by |contribution|, largest first. contribution is
   * minus the feature's SHAP value of the path length, so positive means riskier and
   * sum(contribution) = expectedPathLength - pathLength(vector).
   */
  explain(vector: ArrayLike<number>): Contribution[] {
    this.checkLength(vector);
    const phi = this.shap().shapValues(vector, this.phi);
    return this.featureNames
      .map((feature, i) => ({ feature, value: vector[i], contribution: -phi[i] }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  }

  /** The top features that push this caller towards risky, in the product's words. */
  reasons(vector: ArrayLike<number>, topN = 3): Reason[] {
    const medians = this.artifact.training.featureMedians;
    return this.explain(vector)
      .filter((c) => c.contribution > 0)
      .slice(0, topN)
      .map((c) => ({
        ...c,
        label: featureLabel(c.feature),
        text: describeFeature(c.feature, c.value, medians[c.feature] ?? 0, this.windowMs),
      }));
  }

  /**
   * Reasons for any verdict, SAFE included. A risky caller gets what pushes towards risky (as
   * `reasons`); a SAFE one (`safe`), or one with nothing risky, gets what looks normal, in plain
   * units ("Calls last 2.5 min on average, like most subscribers"). `all`: every feature, most
   * risky first.
   */
  reasonsForAnyVerdict(
    vector: ArrayLike<number>,
    options: { all?: boolean; topN?: number; safe?: boolean } = {},
  ): Reason[] {
    const medians = this.artifact.training.featureMedians;
    const explained = this.explainRemembered(vector).map((c) => {
      const typical = medians[c.feature] ?? 0;
      const text = describeFeature(c.feature, c.value, typical, this.windowMs);
      return {
        ...c,
        label: featureLabel(c.feature),
        text:
          c.contribution > 0 ? text : `${text.replace(/ \(typical: [^)]*\)$/, '')}, like most subscribers`,
      };
    });
    if (options.all) return explained.sort((a, b) => b.contribution - a.contribution);
    const risky = explained.filter((c) => c.contribution > 0);
    const reassuring = explained
      .filter((c) => c.contribution <= 0)
      .sort((a, b) => a.contribution - b.contribution);
    const chosen = options.safe
      ? reassuring.length > 0
        ? reassuring
        : explained
      : risky.length > 0
        ? risky
        : reassuring;
    return chosen.slice(0, options.topN ?? 3);
  }

  globalImportances(): { feature: string; label: string; importance: number }[] {
    return this.artifact.featureImportances.map((f) => ({ ...f, label: featureLabel(f.feature) }));
  }

  /** `explain`, remembered by the vector's values (the cached array is never handed out). */
  private explainRemembered(vector: ArrayLike<number>): readonly Contribution[] {
    const key = Array.prototype.join.call(vector, ',');
    let contributions = this.explained.get(key);
    if (!contributions) {
      contributions = this.explain(vector);
      this.explained.set(key, contributions);
    }
    return contributions;
  }

  private shap(): TreeShapExplainer {
    if (this.explainer === null) {
      this.explainer = new TreeShapExplainer(this.forest.nodes, this.forest.columns, this.forest.heightLimit);
    }
    return this.explainer;
  }

  private checkLength(vector: ArrayLike<number>): void {
    if (vector.length !== this.featureNames.length) {
      throw new RangeError(`expected ${this.featureNames.length} features, got ${vector.length}`);
    }
  }
}
