// Step 3b: allow and block lists decide a call's flag after the model has scored it. The model's
// score (riskScore, verdict) stays on the call row, so an analyst sees what it would have said;
// the list's kind and id go beside it. BLOCK: flagged from the first call, DANGEROUS wherever the
// call is shown. ALLOW: SAFE and never flagged wherever it is shown (as checkNumber says: the list
// comes first). What a call shows is `listedScore` (services/list-matcher.ts) of the model's score and
// the list's kind, and nothing else: the ingestCalls answer and the live stream (from the batch's
// hits), calls(ids) and recentEvents (from the stored row's listKind) all agree. What a list match
// alerts is the alert rules' decision (alerts/rules/number-blocked.ts, number-dangerous.ts). See
// docs/decisions/016-lists.md.
import {
  type ListKindName,
  type ListMatcher,
  listedScore,
  type MatchedEntry,
} from '../services/list-matcher';
import type { CallScore, ValidCall } from '../services/scoring';

export interface ListHit {
  kind: ListKindName;
  listId: string;
}

export interface ListDecisions {
  /** Per call: the deciding list, or null. */
  hits: (ListHit | null)[];
  /** Per call: the score as stored: the model's, with the flag the list decides (listedScore). */
  scores: CallScore[];
  /** The callers of the batch a list decides, and the entry deciding each. */
  listed: Map<string, MatchedEntry>;
}

export function decideByLists(
  calls: readonly ValidCall[],
  scores: readonly CallScore[],
  matcher: ListMatcher,
): ListDecisions {
  const hits: (ListHit | null)[] = new Array(calls.length).fill(null);
  const decided = scores.slice();
  const listed = new Map<string, MatchedEntry>();
  const now = Date.now();
  const byCaller = new Map<string, MatchedEntry | null>();
  calls.forEach((call, i) => {
    let entry = byCaller.get(call.callerId);
    if (entry === undefined) {
      entry = matcher.verdict(call.callerId, now);
      byCaller.set(call.callerId, entry);
    }
    if (!entry) return;
    hits[i] = { kind: entry.kind, listId: entry.listId };
    listed.set(call.callerId, entry);
    const score = scores[i] as CallScore;
    decided[i] = { ...score, flagged: listedScore(score, entry.kind).flagged };
  });
  return { hits, scores: decided, listed };
}
