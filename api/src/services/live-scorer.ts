// Scores every call as it arrives: the caller's online features, then the current model.
import {
  categoryOfRow,
  FEATURE_NAMES,
  FRAUD_CATEGORIES,
  type FraudCategory,
  type FraudModel,
  featureRecord,
  OnlineFeatureStore,
  type Verdict,
  verdictFor,
} from '@satark/ml';
import type { Db } from '../db';
import { CALL_ROW_COLUMNS, callFromRow } from './call-rows';
import type { ModelRegistry } from './model-registry';
import type { Reason } from './numbers';
import type { CallerScore, CallScore, CallScorer, ScoredBatch, ValidCall } from './scoring';

/**
 * A caller is scored from its fifth call in the window on: with fewer, rates and ratios say
 * little (one long call is not a pattern) and every new subscriber would look odd.
 */
export const MIN_CALLS_TO_SCORE = 5;

export interface FlaggedCaller {
  callerId: string;
  riskScore: number;
  verdict: Verdict;
  category: FraudCategory | null;
  /** Simulated or real time of the caller's latest call. */
  lastCallAt: number;
}

export interface LiveScorerOptions {
  minCalls?: number;
  windowMs?: number;
  maxCallers?: number;
}

const NOT_SCORED: CallScore = {
  riskScore: null,
  verdict: null,
  category: null,
  flagged: false,
  modelVersion: null,
};

const round1 = (value: number) => Math.round(value * 10) / 10;
const WIDTH = FEATURE_NAMES.length;
const NO_ROW = -1;
/** A category's slot in the interned scores (0: none). */
const CATEGORY_SLOT = new Map<FraudCategory | null, number>([
  [null, 0],
  ...FRAUD_CATEGORIES.map((category, i) => [category, i + 1] as const),
]);

export class LiveScorer implements CallScorer {
  readonly store: OnlineFeatureStore;
  readonly minCalls: number;
  private readonly vector = new Float64Array(WIDTH);
  /** The batch's feature vectors, one row per scored call (reused from batch to batch). */
  private matrix = new Float64Array(0);
  /** Callers whose last verdict was DANGEROUS: the model flags them. */
  private readonly flagged = new Map<string, FlaggedCaller>();
  /**
   * A call's score depends only on its rounded risk, its category and the model, so equal
   * scores are one frozen object per model, not one object per call.
   */
  private interned: { model: FraudModel; scores: (CallScore | undefined)[] } | null = null;

  constructor(
    private readonly registry: ModelRegistry,
    options: LiveScorerOptions = {},
  ) {
    this.minCalls = options.minCalls ?? MIN_CALLS_TO_SCORE;
    this.store = new OnlineFeatureStore({ windowMs: options.windowMs, maxCallers: options.maxCallers });
  }

  get modelVersion(): string | null {
    return this.registry.version;
  }

  /**
   * Scores a batch before it is stored. The feature store counts the calls at once (later calls
   * of a caller are judged with its earlier ones), and `settle` then keeps exactly the calls
   * that committed: the callers of any call that did not are put back and their committed calls
   * counted again. Callers' flagged state changes only for calls that committed.
   *
   * The calls' vectors are gathered into one matrix and the forest scores them in one pass
   * (`FraudModel.risks`). Reasons (exact Tree SHAP) are not computed here: a caller that turned
   * DANGEROUS gets them when its `reasons` are first read, which the commit does only for the
   * callers whose calls were stored.
   */
  score(calls: ValidCall[]): ScoredBatch {
    // One model for the whole batch, so a swap never splits a batch between versions.
    const model = this.registry.model;
    const checkpoint = this.store.checkpoint();
    const scores: CallScore[] = new Array(calls.length);
    /** Per call: its row in the matrix, or NO_ROW when it is not scored. */
    const rowOf = new Int32Array(calls.length);
    /** Each scored caller's last scored call in this batch (its index). */
    const lastCall = new Map<string, number>();
    if (this.matrix.length < calls.length * WIDTH) this.matrix = new Float64Array(calls.length * WIDTH);
    const matrix = this.matrix;
    let rows = 0;
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i] as ValidCall;
      // Features as of this call: each caller is judged on its own clock (see the store).
      const inWindow = this.store.update(call, checkpoint);
      if (model === null || inWindow < this.minCalls) {
        rowOf[i] = NO_ROW;
        continue;
      }
      this.store.featuresInto(call.callerId, this.vector, call.timestamp);
      matrix.set(this.vector, rows * WIDTH);
      rowOf[i] = rows++;
      lastCall.set(call.callerId, i);
    }

    const callers = new Map<string, CallerScore>();
    /** Each scored caller's flagged state after this batch (null: not flagged). */
    const flags = new Map<string, FlaggedCaller | null>();
    if (model === null) {
      scores.fill(NOT_SCORED);
    } else {
      const risks = model.risks(matrix.subarray(0, rows * WIDTH));
      for (let i = 0; i < calls.length; i++) {
        const row = rowOf[i] as number;
        scores[i] = row === NO_ROW ? NOT_SCORED : this.callScore(model, round1(risks[row] as number), row);
      }
      for (const [callerId, i] of lastCall) {
        const call = calls[i] as ValidCall;
        const row = rowOf[i] as number;
        const { score, flag } = this.callerState(
          model,
          callerId,
          call.timestamp,
          round1(risks[row] as number),
          row,
        );
        callers.set(callerId, score);
        flags.set(callerId, flag);
      }
    }
    let settled = false;
    const settle = (committed: ReadonlySet<string>) => {
      if (settled) throw new Error('A scored batch is settled once');
      settled = true;
      const uncommitted = new Set<string>();
      for (const call of calls) if (!committed.has(call.callId)) uncommitted.add(call.callerId);
      if (!calls.some((call) => committed.has(call.callId))) {
        this.store.restore(checkpoint);
      } else if (uncommitted.size > 0) {
        this.store.restore(checkpoint, uncommitted);
        for (const call of calls) {
          if (uncommitted.has(call.callerId) && committed.has(call.callId)) this.store.update(call);
        }
      }
      this.store.release(checkpoint);
      for (const [callerId, flag] of flags) {
        if (uncommitted.has(callerId)) continue;
        if (flag) this.flagged.set(callerId, flag);
        else this.flagged.delete(callerId);
      }
    };
    return { calls: scores, callers, settle };
  }

  /**
   * Refills the feature windows from the stored calls of the last window (after a restart),
   * oldest first, without scoring them again. Returns the calls replayed.
   */
  async warmUp(db: Db, maxCalls = 300_000): Promise<number> {
    const newest = await db.callRecord.findFirst({
      orderBy: { startedAt: 'desc' },
      select: { startedAt: true },
    });
    if (!newest) return 0;
    const since = new Date(newest.startedAt.getTime() - this.store.windowMs);
    const rows = await db.callRecord.findMany({
      where: { startedAt: { gte: since } },
      orderBy: { startedAt: 'desc' },
      take: maxCalls,
      select: CALL_ROW_COLUMNS,
    });
    for (let i = rows.length - 1; i >= 0; i--) {
      this.store.update(callFromRow(rows[i] as (typeof rows)[number]));
    }
    return rows.length;
  }

  /** Callers whose latest verdict is DANGEROUS and who are still in the window. */
  flaggedCallers(): FlaggedCaller[] {
    const result: FlaggedCaller[] = [];
    for (const [callerId, state] of this.flagged) {
      if (this.store.callCount(callerId, state.lastCallAt) === 0) {
        this.flagged.delete(callerId);
        continue;
      }
      result.push(state);
    }
    return result;
  }

  /** The caller's distinct receivers in the window. */
  receiversOf(callerId: string): string[] {
    const at = this.flagged.get(callerId)?.lastCallAt;
    const receivers = this.store.receivers(callerId, at);
    return receivers ? [...receivers] : [];
  }

  /** The score of a call of this risk whose vector is the matrix's row `row`. */
  private callScore(model: FraudModel, riskScore: number, row: number): CallScore {
    const verdict = verdictFor(riskScore);
    const category = verdict === 'SAFE' ? null : categoryOfRow(this.matrix, row * WIDTH);
    if (this.interned?.model !== model) this.interned = { model, scores: [] };
    const key =
      Math.round(riskScore * 10) * (FRAUD_CATEGORIES.length + 1) + (CATEGORY_SLOT.get(category) ?? 0);
    let score = this.interned.scores[key];
    if (score === undefined) {
      score = Object.freeze({
        riskScore,
        verdict,
        category,
        flagged: verdict === 'DANGEROUS',
        modelVersion: model.version,
      });
      this.interned.scores[key] = score;
    }
    return score;
  }

  /**
   * A caller's state after the batch is the one its last call in the batch was judged on (the
   * same vector and risk, not computed a second time), so the number's row and its latest call
   * agree. A receiver calling back later in the same batch counts from the caller's next call.
   */
  private callerState(
    model: FraudModel,
    callerId: string,
    at: number,
    riskScore: number,
    row: number,
  ): { score: CallerScore; flag: FlaggedCaller | null } {
    const offset = row * WIDTH;
    const verdict = verdictFor(riskScore);
    const category = verdict === 'SAFE' ? null : categoryOfRow(this.matrix, offset);
    const dangerous = verdict === 'DANGEROUS';
    const becameDangerous = dangerous && !this.flagged.has(callerId);
    const flag = dangerous ? { callerId, riskScore, verdict, category, lastCallAt: at } : null;
    const features = featureRecord(this.matrix, offset);
    const modelVersion = model.version;
    const score: CallerScore = {
      callerId,
      riskScore,
      verdict,
      category,
      flagged: dangerous,
      modelVersion,
      features,
      reasons: null,
      becameDangerous,
    };
    if (becameDangerous) {
      // Exact Tree SHAP costs ~100x a score: explain only the turn to DANGEROUS (for the alert
      // and the number's row), and only when they are read: the commit reads them for the
      // callers whose calls were stored. checkNumber explains any number on demand.
      const vector = this.matrix.slice(offset, offset + WIDTH);
      let reasons: Reason[] | undefined;
      Object.defineProperty(score, 'reasons', {
        enumerable: true,
        get: () => {
          reasons ??= reasonsFor(model, vector);
          return reasons;
        },
      });
    }
    return { score, flag };
  }
}

/** The top reasons in the product's words, from exact Tree SHAP. */
export function reasonsFor(model: FraudModel, vector: ArrayLike<number>): Reason[] {
  return model
    .reasons(vector)
    .map(({ feature, label, value, contribution, text }) => ({ feature, label, value, contribution, text }));
}
