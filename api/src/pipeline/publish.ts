// Step 5: what was committed goes out: events for the live stream, and the alerts the batch
// triggers. Nothing here runs for a call that was not stored.
import type { AlertRaiser } from '../services/alerts';
import type { CallerScore, CallScore, ValidCall } from '../services/scoring';
import { type ThreatEvent, threatEvent } from '../services/threat-events';
import { type ListHit, streamedScore } from './lists';

export function committedEvents(
  calls: ValidCall[],
  scores: CallScore[],
  committed: ReadonlySet<string>,
  hits?: readonly (ListHit | null)[],
): ThreatEvent[] {
  const events: ThreatEvent[] = [];
  calls.forEach((call, i) => {
    if (committed.has(call.callId)) {
      events.push(threatEvent(call, streamedScore(scores[i] as CallScore, hits?.[i] ?? null)));
    }
  });
  return events;
}

/** A caller whose committed calls turned it DANGEROUS raises one alert, with its top reason. */
export async function raiseDangerAlerts(alerts: AlertRaiser, callers: Iterable<CallerScore>): Promise<void> {
  for (const caller of callers) {
    if (!caller.becameDangerous) continue;
    const why = caller.reasons?.[0]?.text;
    await alerts.raise({
      kind: 'NUMBER_DANGEROUS',
      severity: (caller.riskScore ?? 0) >= 90 ? 'CRITICAL' : 'HIGH',
      title: `${caller.callerId} turned DANGEROUS`,
      message: `Risk ${Math.round(caller.riskScore ?? 0)}/100${caller.category ? `, looks like ${caller.category}` : ''}${why ? `: ${why}` : ''}.`,
      number: caller.callerId,
      dedupeKey: `dangerous:${caller.callerId}`,
    });
  }
}
