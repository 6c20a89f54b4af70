// The live event shape shared by threatStream, recentEvents and the pub/sub payloads.
// Payloads cross Redis as JSON, so timestamps are ISO strings.
import type { Db } from '../db';
import type { CallRecord, FraudCategory, Verdict } from '../generated/prisma/client';
import { callFromRow } from './call-rows';
import { type ListKindName, listedScore } from './list-matcher';
import { maskCallId, maskDigits, maskNumber } from './masking';
import type { CallScore, ValidCall } from './scoring';
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

/**
 * The one place a ThreatEvent is made: a call, its score as stored (the model's, the flag a
 * list's when one decides) and the kind of list deciding the caller (null: none), shown as
 * listedScore says, whether the call was just committed or is read back from its row.
 */
export function threatEvent(
  call: ValidCall,
  stored: Omit<CallScore, 'modelVersion'>,
  listKind: ListKindName | null,
): ThreatEvent {
  const score = listedScore(stored, listKind);
  return {
    id: call.callId,
    timestamp: new Date(call.timestamp).toISOString(),
    caller: call.callerId,
    receiver: call.receiverId,
    durationSec: call.durationSec,
    riskScore: score.riskScore,
    verdict: score.verdict,
    category: score.category,
    region: call.originRegion,
    targetRegion: call.targetRegion,
    flagged: score.flagged,
  };
}

/** A stored call as a ThreatEvent: the row keeps the model's verdict and the deciding list's kind. */
export function threatEventFromCall(call: CallRecord): ThreatEvent {
  return threatEvent(callFromRow(call), call, call.listKind);
}

/** The stored calls with these ids as events, in the order asked; null where none is stored. */
export async function storedCallEvents(db: Db, ids: readonly string[]): Promise<(ThreatEvent | null)[]> {
  // Text PostgreSQL cannot hold (a NUL) is no stored call's id: not worth a query, nor an error.
  const storable = [...new Set(ids)].filter((id) => !id.includes('\0'));
  if (storable.length === 0) return ids.map(() => null);
  const rows = await db.callRecord.findMany({ where: { callId: { in: storable } } });
  const byId = new Map(rows.map((row) => [row.callId, threatEventFromCall(row)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export function maskEvent(event: ThreatEvent): ThreatEvent {
  return {
    ...event,
    // A call id and the regions are the integrator's text: they might carry a number in any shape.
    id: maskCallId(event.id),
    caller: maskNumber(event.caller),
    receiver: maskNumber(event.receiver),
    region: maskDigits(event.region),
    targetRegion: maskDigits(event.targetRegion),
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
