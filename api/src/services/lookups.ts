// Lookup history: every checkNumber by a signed-in person or a key (who, when, which number,
// the verdict given), kept LOOKUP_HISTORY_DAYS.
import type { Viewer } from '../auth';
import type { Db } from '../db';
import type { NumberLookup, Verdict } from '../generated/prisma/client';

export async function recordLookup(
  db: Db,
  viewer: Viewer,
  check: { number: string; verdict: Verdict; riskScore: number | null },
): Promise<void> {
  if (viewer.role === 'ANONYMOUS') return;
  await db.numberLookup.create({
    data: {
      number: check.number,
      verdict: check.verdict,
      riskScore: check.riskScore,
      actor: viewer.actor,
      accountId: viewer.accountId,
      keyId: viewer.keyId,
    },
  });
}

export function listLookups(
  db: Db,
  number: string,
  page: { offset: number; limit: number },
): Promise<NumberLookup[]> {
  return db.numberLookup.findMany({
    where: { number },
    orderBy: [{ at: 'desc' }, { id: 'asc' }],
    skip: page.offset,
    take: page.limit,
  });
}

export function countLookups(db: Db, number: string): Promise<number> {
  return db.numberLookup.count({ where: { number } });
}

export async function deleteOldLookups(db: Db, days: number, now = Date.now()): Promise<number> {
  const result = await db.numberLookup.deleteMany({
    where: { at: { lt: new Date(now - days * 86_400_000) } },
  });
  return result.count;
}
