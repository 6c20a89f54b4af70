// The live event shape shared by threatStream, recentEvents and the pub/sub payloads.
// Payloads cross Redis as JSON, so timestamps are ISO strings.
import type { CallRecord, FraudCategory, Verdict } from '../generated/prisma/client';
import { maskNumber, maskNumbersIn } from './masking';
import type { StatsSnapshot } from './stats';

export interface ThreatEvent {
  id: string;
  timestamp: string;
  caller: string;
  receiver: string;
  durationSec: number;
  riskScore: number | null;
  verdict: Verdict | null;
  category: FraudCategory | null;
  region: string;
  targetRegion: string;
  flagged: boolean;
}

export interface ThreatBatch {
  events: ThreatEvent[];
  stats: StatsSnapshot;
}

export function threatEventFromCall(call: CallRecord): ThreatEvent {
  return {
    id: call.callId,
    timestamp: call.startedAt.toISOString(),
    caller: call.caller,
    receiver: call.receiver,
    durationSec: call.durationSec,
    riskScore: call.riskScore,
    verdict: call.verdict,
    category: call.category,
    region: call.originRegion ?? 'Unknown',
    targetRegion: call.targetRegion ?? 'Unknown',
    flagged: call.flagged,
  };
}

export function maskEvent(event: ThreatEvent): ThreatEvent {
  return {
    ...event,
    // A call id is the integrator's: it might carry a number too.
    id: maskNumbersIn(event.id),
    caller: maskNumber(event.caller),
    receiver: maskNumber(event.receiver),
  };
}

export function selectEvents(
  events: ThreatEvent[],
  filter: { minRisk?: number | null; region?: string | null; masked: boolean },
): ThreatEvent[] {
  const { minRisk, region, masked } = filter;
  const selected = events.filter(
    (event) =>
      (minRisk == null || (event.riskScore != null && event.riskScore >= minRisk)) &&
      (region == null || event.region.toLowerCase() === region.toLowerCase()),
  );
  return masked ? selected.map(maskEvent) : selected;
}
