// Step 3b: allow and block lists decide a call's flag after the model has scored it. The model's
// score (riskScore, verdict) stays on the call row, so an analyst sees what it would have said;
// the list's kind and id go beside it. BLOCK: flagged from the first call, DANGEROUS on the live
// stream, one NUMBER_BLOCKED alert. ALLOW: never flagged, never alerted.
// See docs/decisions/016-lists.md.
import type { AlertRaiser } from '../services/alerts';
import type { ListKindName, ListMatcher, MatchedEntry } from '../services/list-matcher';
import type { CallerScore, CallScore, ValidCall } from '../services/scoring';

export interface ListHit {
  kind: ListKindName;
  listId: string;
}

export interface ListDecisions {
  /** Per call: the deciding list, or null. */
  hits: (ListHit | null)[];
  /** Per call: the score as stored and streamed (flag decided by the list when there is one). */
  scores: CallScore[];
  /** BLOCK callers of the batch and the entry that blocks each. */
  blocked: Map<string, MatchedEntry>;
  /** ALLOW callers of the batch. */
  allowed: Set<string>;
}

export function decideByLists(
  calls: readonly ValidCall[],
  scores: readonly CallScore[],
  matcher: ListMatcher,
): ListDecisions {
  const hits: (ListHit | null)[] = new Array(calls.length).fill(null);
  const decided = scores.slice();
  const blocked = new Map<string, MatchedEntry>();
  const allowed = new Set<string>();
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
    const score = scores[i] as CallScore;
    if (entry.kind === 'BLOCK') {
      blocked.set(call.callerId, entry);
      decided[i] = { ...score, flagged: true };
    } else {
      allowed.add(call.callerId);
      decided[i] = { ...score, flagged: false };
    }
  });
  return { hits, scores: decided, blocked, allowed };
}

/** What the live stream shows of a call: a blocked caller's calls read DANGEROUS. */
export function streamedScore(score: CallScore, hit: ListHit | null): CallScore {
  return hit?.kind === 'BLOCK' ? { ...score, verdict: 'DANGEROUS', flagged: true } : score;
}

/** ALLOW callers raise no model alert. */
export function withoutAllowed(callers: CallerScore[], allowed: ReadonlySet<string>): CallerScore[] {
  return allowed.size === 0 ? callers : callers.filter((caller) => !allowed.has(caller.callerId));
}

/**
 * One NUMBER_BLOCKED alert per blocked caller (the raiser dedupes by key for an hour; this
 * remembers the callers it raised for, so a busy blocked caller costs no query per batch).
 */
export class BlockedAlerts {
  private readonly raisedAt = new Map<string, number>();

  constructor(
    private readonly alerts: AlertRaiser,
    private readonly rememberMs = 600_000,
  ) {}

  async raise(
    blocked: ReadonlyMap<string, MatchedEntry>,
    committedCallers: ReadonlySet<string>,
  ): Promise<void> {
    const now = Date.now();
    if (this.raisedAt.size > 100_000) this.raisedAt.clear();
    for (const [number, entry] of blocked) {
      if (!committedCallers.has(number)) continue;
      const last = this.raisedAt.get(number);
      if (last !== undefined && now - last < this.rememberMs) continue;
      this.raisedAt.set(number, now);
      await this.alerts.raise({
        kind: 'NUMBER_BLOCKED',
        severity: 'HIGH',
        title: `${number} is on block list ${entry.listName}`,
        message: `A call from ${number}, blocked by list "${entry.listName}": ${entry.reason} (source: ${entry.source}).`,
        number,
        dedupeKey: `blocked:${number}`,
      });
    }
  }
}
