// Batches of CDRs: validate, score, store exactly once, count, and hand to the live stream.
import { z } from 'zod';
import type { Db } from '../db';
import type { AlertRaiser } from './alerts';
import { ValidationError } from './errors';
import { InvalidNumberError, toE164 } from './phone-numbers';
import type { CallerScore, CallScore, CallScorer, ValidCall } from './scoring';
import { countIngested } from './stats';
import type { ThreatEvent } from './threat-events';

export interface CallRecordInput {
  callId: string;
  caller: string;
  receiver: string;
  startedAt: Date;
  durationSec: number;
  originRegion?: string | null;
  targetRegion?: string | null;
}

export interface CallRejection {
  index: number;
  callId: string | null;
  reason: string;
}

export interface IngestResult {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejections: CallRejection[];
  /** The events of the calls accepted now, for the live stream. */
  events: ThreatEvent[];
}

const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const OLDEST_ACCEPTED_MS = 366 * 24 * 3600_000;

const recordSchema = z.object({
  callId: z
    .string()
    .min(1, 'callId is empty')
    .max(128, 'callId is longer than 128 characters')
    .regex(/^[\w.:-]+$/, 'callId may hold only letters, digits and . : _ -'),
  durationSec: z.number().finite().min(0, 'durationSec is negative').max(86_400, 'durationSec is over a day'),
  originRegion: z.string().trim().max(64, 'originRegion is longer than 64 characters').nullish(),
  targetRegion: z.string().trim().max(64, 'targetRegion is longer than 64 characters').nullish(),
});

function validateCall(input: CallRecordInput, now: number): ValidCall | string {
  const checked = recordSchema.safeParse(input);
  if (!checked.success) return checked.error.issues.map((issue) => issue.message).join('; ');
  const time = input.startedAt instanceof Date ? input.startedAt.getTime() : Number.NaN;
  if (Number.isNaN(time)) return 'startedAt is not a valid time';
  if (time > now + MAX_CLOCK_SKEW_MS) return 'startedAt is in the future';
  if (time < now - OLDEST_ACCEPTED_MS) return 'startedAt is more than a year ago';
  let caller: string;
  let receiver: string;
  try {
    caller = toE164(input.caller);
    receiver = toE164(input.receiver);
  } catch (error) {
    if (error instanceof InvalidNumberError) return error.message;
    throw error;
  }
  return {
    callId: checked.data.callId,
    callerId: caller,
    receiverId: receiver,
    durationSec: checked.data.durationSec,
    timestamp: time,
    originRegion: checked.data.originRegion || 'Unknown',
    targetRegion: checked.data.targetRegion || 'Unknown',
  };
}

export interface IngestDeps {
  db: Db;
  scorer: CallScorer;
  alerts: AlertRaiser;
  maxBatch: number;
}

export async function ingestCalls(deps: IngestDeps, inputs: CallRecordInput[]): Promise<IngestResult> {
  const { db, maxBatch } = deps;
  if (inputs.length > maxBatch) {
    throw new ValidationError(`A batch holds at most ${maxBatch} calls; this one has ${inputs.length}`, [
      { path: 'calls', message: `at most ${maxBatch} items` },
    ]);
  }
  const now = Date.now();
  const rejections: CallRejection[] = [];
  const seen = new Set<string>();
  const candidates: ValidCall[] = [];
  let duplicate = 0;
  inputs.forEach((input, index) => {
    const valid = validateCall(input, now);
    if (typeof valid === 'string') {
      rejections.push({
        index,
        callId: typeof input.callId === 'string' ? input.callId.slice(0, 128) : null,
        reason: valid,
      });
    } else if (seen.has(valid.callId)) {
      duplicate += 1;
    } else {
      seen.add(valid.callId);
      candidates.push(valid);
    }
  });

  // One array parameter, not one bind parameter per id: a batch holds thousands.
  const stored = candidates.length
    ? await db.$queryRaw<{ callId: string }[]>`
        SELECT "callId" FROM "CallRecord" WHERE "callId" = ANY(${candidates.map((c) => c.callId)}::text[])`
    : [];
  const storedIds = new Set(stored.map((row) => row.callId));
  const fresh = candidates
    .filter((call) => !storedIds.has(call.callId))
    .sort((a, b) => a.timestamp - b.timestamp);
  duplicate += candidates.length - fresh.length;

  const scored = deps.scorer.score(fresh);
  const insertedIds = fresh.length
    ? await persist(db, fresh, scored.calls, scored.callers)
    : new Set<string>();
  duplicate += fresh.length - insertedIds.size;

  const events: ThreatEvent[] = [];
  fresh.forEach((call, i) => {
    if (!insertedIds.has(call.callId)) return;
    const score = scored.calls[i] as CallScore;
    events.push({
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
    });
  });
  await raiseDangerAlerts(deps.alerts, scored.callers);
  return { accepted: insertedIds.size, duplicate, rejected: rejections.length, rejections, events };
}

async function persist(
  db: Db,
  calls: ValidCall[],
  scores: CallScore[],
  callers: Map<string, CallerScore>,
): Promise<Set<string>> {
  const column = <T>(pick: (call: ValidCall, score: CallScore) => T) =>
    calls.map((c, i) => pick(c, scores[i] as CallScore));
  return db.$transaction(async (tx) => {
    const inserted = await tx.$queryRawUnsafe<{ callId: string }[]>(
      `INSERT INTO "CallRecord" ("callId","caller","receiver","startedAt","durationSec","originRegion","targetRegion","riskScore","verdict","category","flagged","modelVersion")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::float8[], $6::text[], $7::text[],
                            $8::float8[], $9::"Verdict"[], $10::"FraudCategory"[], $11::bool[], $12::text[])
       ON CONFLICT ("callId") DO NOTHING RETURNING "callId"`,
      column((c) => c.callId),
      column((c) => c.callerId),
      column((c) => c.receiverId),
      column((c) => new Date(c.timestamp).toISOString()),
      column((c) => c.durationSec),
      column((c) => c.originRegion),
      column((c) => c.targetRegion),
      column((_, s) => s.riskScore),
      column((_, s) => s.verdict),
      column((_, s) => s.category),
      column((_, s) => s.flagged),
      column((_, s) => s.modelVersion),
    );
    const insertedIds = new Set(inserted.map((row) => row.callId));
    const kept = calls
      .map((call, i) => ({ call, score: scores[i] as CallScore }))
      .filter(({ call }) => insertedIds.has(call.callId));
    await upsertCallers(tx, kept, callers);
    await countIngested(tx, new Date(), {
      calls: kept.length,
      flagged: kept.filter(({ score }) => score.flagged).length,
      dangerous: kept.filter(({ score }) => score.verdict === 'DANGEROUS').length,
    });
    return insertedIds;
  });
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

async function upsertCallers(
  tx: Tx,
  kept: { call: ValidCall; score: CallScore }[],
  callers: Map<string, CallerScore>,
) {
  const byCaller = new Map<string, { first: number; last: number; calls: number; region: string }>();
  for (const { call } of kept) {
    const entry = byCaller.get(call.callerId);
    if (entry) {
      entry.first = Math.min(entry.first, call.timestamp);
      entry.last = Math.max(entry.last, call.timestamp);
      entry.calls += 1;
      entry.region = call.originRegion;
    } else {
      byCaller.set(call.callerId, {
        first: call.timestamp,
        last: call.timestamp,
        calls: 1,
        region: call.originRegion,
      });
    }
  }
  if (byCaller.size === 0) return;
  // Sorted, so concurrent batches (several workers) lock the rows in one order: no deadlocks.
  const numbers = [...byCaller.keys()].sort();
  const entries = numbers.map(
    (n) => byCaller.get(n) as { first: number; last: number; calls: number; region: string },
  );
  const state = numbers.map((n) => callers.get(n));
  await tx.$executeRawUnsafe(
    `INSERT INTO "PhoneNumber" ("number","region","firstSeen","lastSeen","callCount","riskScore","verdict","category","features","reasons","modelVersion","scoredAt")
     SELECT n, r, f, l, c, rs, v, cat, feat, rea, mv, CASE WHEN rs IS NULL THEN NULL ELSE now() END
     FROM unnest($1::text[], $2::text[], $3::timestamp(3)[], $4::timestamp(3)[], $5::int[], $6::float8[], $7::"Verdict"[],
                 $8::"FraudCategory"[], $9::jsonb[], $10::jsonb[], $11::text[]) AS u(n, r, f, l, c, rs, v, cat, feat, rea, mv)
     ON CONFLICT ("number") DO UPDATE SET
       "region" = coalesce(EXCLUDED."region", "PhoneNumber"."region"),
       "firstSeen" = least(coalesce("PhoneNumber"."firstSeen", EXCLUDED."firstSeen"), EXCLUDED."firstSeen"),
       "lastSeen" = greatest(coalesce("PhoneNumber"."lastSeen", EXCLUDED."lastSeen"), EXCLUDED."lastSeen"),
       "callCount" = "PhoneNumber"."callCount" + EXCLUDED."callCount",
       "riskScore" = coalesce(EXCLUDED."riskScore", "PhoneNumber"."riskScore"),
       "verdict" = coalesce(EXCLUDED."verdict", "PhoneNumber"."verdict"),
       "category" = coalesce(EXCLUDED."category", "PhoneNumber"."category"),
       "features" = coalesce(EXCLUDED."features", "PhoneNumber"."features"),
       "reasons" = coalesce(EXCLUDED."reasons", "PhoneNumber"."reasons"),
       "modelVersion" = coalesce(EXCLUDED."modelVersion", "PhoneNumber"."modelVersion"),
       "scoredAt" = coalesce(EXCLUDED."scoredAt", "PhoneNumber"."scoredAt")`,
    numbers,
    entries.map((e) => e.region),
    entries.map((e) => new Date(e.first).toISOString()),
    entries.map((e) => new Date(e.last).toISOString()),
    entries.map((e) => e.calls),
    state.map((s) => s?.riskScore ?? null),
    state.map((s) => s?.verdict ?? null),
    state.map((s) => s?.category ?? null),
    state.map((s) => (s?.features ? JSON.stringify(s.features) : null)),
    state.map((s) => (s?.reasons ? JSON.stringify(s.reasons) : null)),
    state.map((s) => s?.modelVersion ?? null),
  );
}

async function raiseDangerAlerts(alerts: AlertRaiser, callers: Map<string, CallerScore>): Promise<void> {
  for (const caller of callers.values()) {
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
