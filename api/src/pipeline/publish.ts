// Step 5: what was committed goes out: events for the live stream, and the facts the alert
// rules decide on (alerts/). Nothing here runs for a call that was not stored.
import type { AlertTriggers } from '../alerts';
import type { MatchedEntry } from '../services/list-matcher';
import type { CallerScore, CallScore, ValidCall } from '../services/scoring';
import { type ThreatEvent, threatEvent } from '../services/threat-events';
import type { ListHit } from './lists';

export function committedEvents(
  calls: ValidCall[],
  scores: CallScore[],
  committed: ReadonlySet<string>,
  hits?: readonly (ListHit | null)[],
): ThreatEvent[] {
  const events: ThreatEvent[] = [];
  calls.forEach((call, i) => {
    if (committed.has(call.callId)) {
      events.push(threatEvent(call, scores[i] as CallScore, hits?.[i]?.kind ?? null));
    }
  });
  return events;
}

/** What the alert rules are told of a batch: each caller with a committed call, its score and its list entry. */
export function callsCommitted(
  calls: readonly ValidCall[],
  committed: ReadonlySet<string>,
  scores: ReadonlyMap<string, CallerScore>,
  listed: ReadonlyMap<string, MatchedEntry> | undefined,
): AlertTriggers['callsCommitted'] {
  const callerIds = new Set<string>();
  for (const call of calls) if (committed.has(call.callId)) callerIds.add(call.callerId);
  return {
    callers: [...callerIds].map((callerId) => ({
      callerId,
      model: scores.get(callerId) ?? null,
      list: listed?.get(callerId) ?? null,
    })),
  };
}
