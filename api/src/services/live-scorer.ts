// Scores every call as it arrives: the caller's online features, then the current model.
import {
  categoryFor,
  FEATURE_NAMES,
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

interface ScoredVector {
  at: number;
  riskScore: number;
  vector: Float64Array;
}

export class LiveScorer implements CallScorer {
  readonly store: OnlineFeatureStore;
  readonly minCalls: number;
  private readonly vector = new Float64Array(FEATURE_NAMES.length);
  /** Callers whose last verdict was DANGEROUS: the model flags them. */
  private readonly flagged = new Map<string, FlaggedCaller>();

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
   */
  score(calls: ValidCall[]): ScoredBatch {
    // One model for the whole batch, so a swap never splits a batch between versions.
    const model = this.registry.model;
    const checkpoint = this.store.checkpoint();
    const scores: CallScore[] = new Array(calls.length);
    /** Each scored caller's last scored call in this batch: its time, vector and risk. */
    const touched = new Map<string, ScoredVector>();
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i] as ValidCall;
      this.store.update(call, checkpoint);
      // Features as of this call: each caller is judged on its own clock (see the store).
      if (model === null || this.store.callCount(call.callerId, call.timestamp) < this.minCalls) {
        scores[i] = NOT_SCORED;
        continue;
      }
      const vector = this.store.featuresInto(call.callerId, this.vector, call.timestamp) ?? this.vector;
      const riskScore = round1(model.risk(vector));
      const verdict = verdictFor(riskScore);
      scores[i] = {
        riskScore,
        verdict,
        category: verdict === 'SAFE' ? null : categoryFor(vector),
        flagged: verdict === 'DANGEROUS',
        modelVersion: model.version,
      };
      const last = touched.get(call.callerId);
      if (last) {
        last.at = call.timestamp;
        last.riskScore = riskScore;
        last.vector.set(vector);
      } else {
        touched.set(call.callerId, { at: call.timestamp, riskScore, vector: Float64Array.from(vector) });
      }
    }

    const callers = new Map<string, CallerScore>();
    /** Each scored caller's flagged state after this batch (null: not flagged). */
    const flags = new Map<string, FlaggedCaller | null>();
    if (model !== null) {
      for (const [callerId, last] of touched) {
        const { score, flag } = this.callerState(model, callerId, last);
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

  /**
   * A caller's state after the batch is the one its last call in the batch was judged on (the
   * same vector and risk, not computed a second time), so the number's row and its latest call
   * agree. A receiver calling back later in the same batch counts from the caller's next call.
   */
  private callerState(
    model: FraudModel,
    callerId: string,
    { at, riskScore, vector }: ScoredVector,
  ): { score: CallerScore; flag: FlaggedCaller | null } {
    const verdict = verdictFor(riskScore);
    const category = verdict === 'SAFE' ? null : categoryFor(vector);
    const becameDangerous = verdict === 'DANGEROUS' && !this.flagged.has(callerId);
    const flag = verdict === 'DANGEROUS' ? { callerId, riskScore, verdict, category, lastCallAt: at } : null;
    const score: CallerScore = {
      callerId,
      riskScore,
      verdict,
      category,
      flagged: verdict === 'DANGEROUS',
      modelVersion: model.version,
      features: featureRecord(vector),
      // Exact Tree SHAP costs ~100x a score: explain only the turn to DANGEROUS (for the
      // alert); checkNumber explains any number on demand from its stored features.
      reasons: becameDangerous ? reasonsFor(model, vector) : null,
      becameDangerous,
    };
    return { score, flag };
  }
}

/** The top reasons in the product's words, from exact Tree SHAP. */
export function reasonsFor(model: FraudModel, vector: ArrayLike<number>): Reason[] {
  return model
    .reasons(vector)
    .map(({ feature, label, value, contribution, text }) => ({ feature, label, value, contribution, text }));
}
