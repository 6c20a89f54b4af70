// The seam between ingestion and the model: what a scorer tells about each call.
import type { CallFields } from '@satark/ml';
import type { FraudCategory, Verdict } from '../generated/prisma/client';
import type { Reason } from './numbers';

/** A validated CDR, in the shape the ml package consumes (no generator ground truth). */
export type ValidCall = CallFields;

export interface CallScore {
  /** null: not scored yet (too few calls from the caller, or no model). */
  riskScore: number | null;
  verdict: Verdict | null;
  category: FraudCategory | null;
  flagged: boolean;
  modelVersion: string | null;
}

export interface CallerScore extends CallScore {
  callerId: string;
  features: Record<string, number> | null;
  /** Top reasons, when recomputed with this batch; null keeps the stored ones. */
  reasons: Reason[] | null;
  /** True when this caller turned DANGEROUS with this batch. */
  becameDangerous: boolean;
}

/** A batch scored before it is stored; `settle` tells the scorer which calls were stored. */
export interface ScoredBatch {
  calls: CallScore[];
  callers: Map<string, CallerScore>;
  /**
   * Called once, after the transaction: the scorer keeps counting exactly the committed calls
   * (none, when the transaction failed) and forgets the rest.
   */
  settle(committed: ReadonlySet<string>): void;
}

export interface CallScorer {
  /** Scores new calls in time order; returns one score per call and the callers' latest state. */
  score(calls: ValidCall[]): ScoredBatch;
}
