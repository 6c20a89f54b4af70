// Step 4: one transaction stores the calls, their callers' latest state and the per-minute
// counts. It returns the ids it inserted: only those count as ingested (ON CONFLICT makes a
// call another instance stored first a duplicate here).
//
// The transaction runs on a pg connection of Prisma's own pool, not through Prisma: a batch is
// fourteen arrays of thousands of values, and Prisma's per-argument work cost more than the
// database's (docs/decisions/025-pipeline-throughput.md).
import type { PoolClient } from 'pg';
import { type Db, poolOf } from '../db';
import type { CallerScore, CallScore, ValidCall } from '../services/scoring';
import { countIngested } from '../services/stats';
import type { ListHit } from './lists';

export async function commitCalls(
  db: Db,
  calls: ValidCall[],
  scores: CallScore[],
  callers: Map<string, CallerScore>,
  lists?: readonly (ListHit | null)[],
): Promise<Set<string>> {
  const column = <T>(pick: (call: ValidCall, score: CallScore) => T) =>
    calls.map((c, i) => pick(c, scores[i] as CallScore));
  return inTransaction(db, async (tx) => {
    const inserted = await tx.query<{ callId: string }>(
      `INSERT INTO "CallRecord" ("callId","caller","receiver","startedAt","durationSec","originRegion","targetRegion","riskScore","verdict","category","flagged","modelVersion","listKind","listId")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::float8[], $6::text[], $7::text[],
                            $8::float8[], $9::"Verdict"[], $10::"FraudCategory"[], $11::bool[], $12::text[],
                            $13::"ListKind"[], $14::text[])
       ON CONFLICT ("callId") DO NOTHING RETURNING "callId"`,
      [
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
      ],
    );
    const insertedIds = new Set(inserted.rows.map((row) => row.callId));
    const kept = calls
      .map((call, i) => ({ call, score: scores[i] as CallScore }))
      .filter(({ call }) => insertedIds.has(call.callId));
    await upsertCallers(tx, kept, callers);
    await countIngested(executeRawOn(tx), new Date(), {
      calls: kept.length,
      flagged: kept.filter(({ score }) => score.flagged).length,
      dangerous: kept.filter(({ score }) => score.verdict === 'DANGEROUS').length,
    });
    return insertedIds;
  });
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

async function upsertCallers(
  tx: PoolClient,
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
  await tx.query(
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
    [
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
    ],
  );
}
