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
import type { ModelRegistry } from './model-registry';
import type { Reason } from './numbers';
import type { CallerScore, CallScore, CallScorer, ValidCall } from './scoring';

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

  score(calls: ValidCall[]): { calls: CallScore[]; callers: Map<string, CallerScore> } {
    // One model for the whole batch, so a swap never splits a batch between versions.
    const model = this.registry.model;
    const scores: CallScore[] = new Array(calls.length);
    /** Scored callers and the time of their last call in this batch. */
    const touched = new Map<string, number>();
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i] as ValidCall;
      this.store.update(call);
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
      touched.set(call.callerId, call.timestamp);
    }

    const callers = new Map<string, CallerScore>();
    if (model !== null) {
      for (const [callerId, at] of touched) callers.set(callerId, this.callerState(model, callerId, at));
    }
    return { calls: scores, callers };
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
      select: {
        callId: true,
        caller: true,
        receiver: true,
        durationSec: true,
        startedAt: true,
        originRegion: true,
        targetRegion: true,
      },
    });
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows[i] as (typeof rows)[number];
      this.store.update({
        callId: row.callId,
        callerId: row.caller,
        receiverId: row.receiver,
        durationSec: row.durationSec,
        timestamp: row.startedAt.getTime(),
        originRegion: row.originRegion ?? 'Unknown',
        targetRegion: row.targetRegion ?? 'Unknown',
      });
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

  private callerState(model: FraudModel, callerId: string, at: number): CallerScore {
    const vector = this.store.featuresInto(callerId, this.vector, at) ?? this.vector;
    const riskScore = round1(model.risk(vector));
    const verdict = verdictFor(riskScore);
    const category = verdict === 'SAFE' ? null : categoryFor(vector);
    const becameDangerous = verdict === 'DANGEROUS' && !this.flagged.has(callerId);
    if (verdict === 'DANGEROUS') {
      this.flagged.set(callerId, { callerId, riskScore, verdict, category, lastCallAt: at });
    } else {
      this.flagged.delete(callerId);
    }
    return {
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
  }
}

/** The top reasons in the product's words, from exact Tree SHAP. */
export function reasonsFor(model: FraudModel, vector: ArrayLike<number>): Reason[] {
  return model
    .reasons(vector)
    .map(({ feature, label, value, contribution, text }) => ({ feature, label, value, contribution, text }));
}
