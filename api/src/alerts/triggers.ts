// What the rest of the grid tells the alert rules: facts, never decisions. Each trigger is
// named for what happened; the rules in ./rules decide what it means.
//
// The shapes are the fields the rules read (the services' own types satisfy them), so the
// rules depend on no service and the services depend on the rules only through ./index.ts.
import type { FraudCategory, ListKind, Verdict } from '../generated/prisma/client';

/** A caller as the model sees it after a batch. */
export interface CallerModelView {
  riskScore: number | null;
  category: FraudCategory | null;
  /** True when this caller turned DANGEROUS with this batch. */
  becameDangerous: boolean;
  /** The model's reasons, the strongest first; null when not recomputed with this batch. */
  reasons: readonly { text: string }[] | null;
}

/** A caller with at least one call committed in the batch. */
export interface CommittedCaller {
  callerId: string;
  /** Null when the model did not score the caller (too few calls, or no model). */
  model: CallerModelView | null;
  /** The allow or block list entry deciding the caller, if any. */
  list: ListMatch | null;
}

/** The allow or block list entry that decides a caller. */
export interface ListMatch {
  kind: ListKind;
  listName: string;
  reason: string;
  source: string;
}

/** A campaign as the detector sees it after a round. */
export interface DetectedCampaign {
  id: string;
  type: FraudCategory;
  /** Every number ever assigned, in the order they joined. */
  members: readonly string[];
  /** Edges among the members / possible edges. */
  density: number;
  isNew: boolean;
}

export interface AlertTriggers {
  /** A batch's calls were committed (pipeline/publish step). */
  callsCommitted: { callers: readonly CommittedCaller[] };
  /** Campaign detection created or changed a campaign, now saved (services/campaign-monitor.ts). */
  campaignDetected: { campaign: DetectedCampaign };
  /** A campaign detection round ended: how many calls were flagged since the last one. */
  detectionRound: { flaggedCalls: number; intervalMs: number };
  /** A number's reports changed: a new or changed report, or an analyst verified one. */
  reportsChanged: {
    number: string;
    reports: {
      verdict: Verdict;
      reporters: number;
      /** Reporters that can make a number DANGEROUS (banks' and operators' keys, verified reports). */
      trusted: number;
      /** Most reported category first. */
      byCategory: readonly { category: FraudCategory }[];
    };
  };
}

export type TriggerName = keyof AlertTriggers;
