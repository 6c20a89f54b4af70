// Step 4: the calls, their callers' latest state and the per-second/minute counts are stored
// atomically. It returns the ids it inserted: only those count as ingested.
//
// The usual batch is all new calls (the duplicate check ran just before): it goes as ONE
// statement (data-modifying CTEs, its own transaction), a plain INSERT with no ON CONFLICT, so
// the database does no speculative insertion and the client one round trip. A call another
// instance stored in the meantime makes that statement fail as a whole (unique violation, no
// row written); the batch then goes through the transaction below (insert … ON CONFLICT DO
// NOTHING RETURNING, callers of the inserted calls only), which settles the race.
//
// Both run on a pg connection of Prisma's own pool, not through Prisma: a batch is fourteen
// arrays of thousands of values, and Prisma's per-argument work cost more than the database's
// (docs/decisions/025-pipeline-throughput.md).
import type { DatabaseError, PoolClient } from 'pg';
import { type Db, poolOf } from '../db';
import type { CallerScore, CallScore, ValidCall } from '../services/scoring';
import { countIngested, minuteOf, secondOf } from '../services/stats';
import type { ListHit } from './lists';

const CALL_COLUMNS = `"callId","caller","receiver","startedAt","durationSec","originRegion","targetRegion","riskScore","verdict","category","flagged","modelVersion","listKind","listId"`;
const CALL_ROWS = `unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::float8[], $6::text[], $7::text[],
                          $8::float8[], $9::"Verdict"[], $10::"FraudCategory"[], $11::bool[], $12::text[],
                          $13::"ListKind"[], $14::text[])`;

/** The callers' upsert, its arrays from parameter `$first` on (eleven of them). */
const upsertCallersSql = (first: number, after = '') => {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO "PhoneNumber" ("number","region","firstSeen","lastSeen","callCount","riskScore","verdict","category","features","reasons","modelVersion","scoredAt")
     SELECT n, r, f, l, c, rs, v, cat, feat, rea, mv, CASE WHEN rs IS NULL THEN NULL ELSE now() END
     FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::timestamp(3)[], ${p(3)}::timestamp(3)[], ${p(4)}::int[], ${p(5)}::float8[], ${p(6)}::"Verdict"[],
                 ${p(7)}::"FraudCategory"[], ${p(8)}::jsonb[], ${p(9)}::jsonb[], ${p(10)}::text[]) AS u(n, r, f, l, c, rs, v, cat, feat, rea, mv)
     ${after}
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
       "scoredAt" = coalesce(EXCLUDED."scoredAt", "PhoneNumber"."scoredAt")`;
};

/** Adds to one counter table's row (`StatSecond`, `StatMinute`), as `countIngested` does. */
const countSql = (table: 'StatSecond' | 'StatMinute', at: number, counts: number, after: string) =>
  `INSERT INTO "${table}" ("at", "calls", "flagged", "dangerous")
     SELECT $${at}::timestamp(3), $${counts}::int, $${counts + 1}::int, $${counts + 2}::int ${after}
     ON CONFLICT ("at") DO UPDATE SET "calls" = "${table}"."calls" + EXCLUDED."calls",
       "flagged" = "${table}"."flagged" + EXCLUDED."flagged",
       "dangerous" = "${table}"."dangerous" + EXCLUDED."dangerous"`;

// Each step waits for the one before (its InitPlan reads the step's RETURNING), so the rows are
// locked in the order of the transaction below: calls, callers (sorted), counts. Two instances
// committing at once, by either path, cannot deadlock on each other's order.
const ALL_NEW_SQL = `WITH calls AS (
    INSERT INTO "CallRecord" (${CALL_COLUMNS}) SELECT * FROM ${CALL_ROWS} RETURNING 1
  ), callers AS (
    ${upsertCallersSql(15, 'WHERE (SELECT count(*) FROM calls) >= 0')} RETURNING 1
  ), seconds AS (
    ${countSql('StatSecond', 26, 28, 'WHERE (SELECT count(*) FROM callers) >= 0')} RETURNING 1
  ), minutes AS (
    ${countSql('StatMinute', 27, 28, 'WHERE (SELECT count(*) FROM seconds) >= 0')} RETURNING 1
  )
  SELECT count(*)::int AS n FROM minutes`;

export async function commitCalls(
  db: Db,
  calls: ValidCall[],
  scores: CallScore[],
  callers: Map<string, CallerScore>,
  lists?: readonly (ListHit | null)[],
): Promise<Set<string>> {
  const column = <T>(pick: (call: ValidCall, score: CallScore) => T) =>
    calls.map((c, i) => pick(c, scores[i] as CallScore));
  const callRows = [
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
    calls.map((_, i) => lists?.[i]?.kind ?? null),
    calls.map((_, i) => lists?.[i]?.listId ?? null),
  ];
  const all = calls.map((call, i) => ({ call, score: scores[i] as CallScore }));
  if (calls.length > 0) {
    const now = new Date();
    try {
      await poolOf(db).query(ALL_NEW_SQL, [
        ...callRows,
        ...callerRows(all, callers),
        secondOf(now).toISOString(),
        minuteOf(now).toISOString(),
        ...countsOf(all),
      ]);
      return new Set(calls.map((call) => call.callId));
    } catch (error) {
      // Another instance stored one of these calls first: nothing was written; settle it below.
      if (!isCallConflict(error)) throw error;
    }
  }
  return inTransaction(db, async (tx) => {
    const inserted = await tx.query<{ callId: string }>(
      `INSERT INTO "CallRecord" (${CALL_COLUMNS}) SELECT * FROM ${CALL_ROWS}
       ON CONFLICT ("callId") DO NOTHING RETURNING "callId"`,
      callRows,
    );
    const insertedIds = new Set(inserted.rows.map((row) => row.callId));
    const kept = all.filter(({ call }) => insertedIds.has(call.callId));
    const [calls, flagged, dangerous] = countsOf(kept);
    if (kept.length > 0) await tx.query(upsertCallersSql(1), callerRows(kept, callers));
    await countIngested(executeRawOn(tx), new Date(), { calls, flagged, dangerous });
    return insertedIds;
  });
}

/** The insert of calls met one already stored (23505 on the call key). */
function isCallConflict(error: unknown): boolean {
  const e = error as Partial<DatabaseError> | null;
  return e?.code === '23505' && e.constraint === 'CallRecord_pkey';
}

function countsOf(kept: { score: CallScore }[]): [number, number, number] {
  let flagged = 0;
  let dangerous = 0;
  for (const { score } of kept) {
    if (score.flagged) flagged++;
    if (score.verdict === 'DANGEROUS') dangerous++;
  }
  return [kept.length, flagged, dangerous];
}

/** BEGIN … COMMIT on one pooled connection; ROLLBACK on any error (a broken connection is dropped). */
async function inTransaction<T>(db: Db, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Prisma's `$executeRaw` tagged template on a pg connection, so shared statements (the
 * per-second counts) are written once. Dates go as UTC ISO text, as Prisma writes timestamps.
 */
function executeRawOn(tx: PoolClient): Pick<Db, '$executeRaw'> {
  const executeRaw = async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`);
    const result = await tx.query(
      text,
      values.map((value) => (value instanceof Date ? value.toISOString() : value)),
    );
    return result.rowCount ?? 0;
  };
  return { $executeRaw: executeRaw } as unknown as Pick<Db, '$executeRaw'>;
}

/** The callers' upsert arrays: per caller its calls in `kept`, first/last time, latest state. */
function callerRows(
  kept: { call: ValidCall; score: CallScore }[],
  callers: Map<string, CallerScore>,
): unknown[] {
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
  // Sorted, so concurrent batches (several workers) lock the rows in one order: no deadlocks.
  const numbers = [...byCaller.keys()].sort();
  const entries = numbers.map(
    (n) => byCaller.get(n) as { first: number; last: number; calls: number; region: string },
  );
  const state = numbers.map((n) => callers.get(n));
  return [
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
  ];
}
