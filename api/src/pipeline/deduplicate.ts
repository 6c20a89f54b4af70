// Step 2: a call is stored once. Repeats within the batch and calls already stored are set
// aside before scoring; the insert's ON CONFLICT settles races with other instances.
import type { Db } from '../db';
import type { IndexedCall } from './validate';

export async function dropDuplicates(
  db: Db,
  calls: IndexedCall[],
): Promise<{ fresh: IndexedCall[]; duplicates: number }> {
  const seen = new Set<string>();
  const unique: IndexedCall[] = [];
  for (const call of calls) {
    if (seen.has(call.callId)) continue;
    seen.add(call.callId);
    unique.push(call);
  }
  // One array parameter, not one bind parameter per id: a batch holds thousands.
  const stored = unique.length ? await storedCallIds(db, [...seen]) : new Set<string>();
  const fresh = unique
    .filter((call) => !stored.has(call.callId))
    .sort((a, b) => a.timestamp - b.timestamp || a.index - b.index);
  return { fresh, duplicates: calls.length - fresh.length };
}

/** Which of these call ids are stored. */
export async function storedCallIds(db: Db, callIds: string[]): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ callId: string }[]>`
    SELECT "callId" FROM "CallRecord" WHERE "callId" = ANY(${callIds}::text[])`;
  return new Set(rows.map((row) => row.callId));
}
