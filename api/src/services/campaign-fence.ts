// The store's side of fencing campaign writes (docs/decisions/024-campaigns-once-for-the-grid.md):
// every write of a campaign-detection leader runs in a transaction that first raises its lease's
// row of "CampaignFence" to the leader's token, or finds a higher one there and is refused. The
// row lock the upsert takes orders two leaders' transactions, so once a newer leader has written, an
// older one (stalled past its lease, cut off from Redis) can write nothing more.
import type { Db } from '../db';

/** The transaction client Prisma hands to an interactive transaction. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** A write refused because a leader with a higher fencing token has written since. */
export class StaleFenceError extends Error {
  constructor(
    readonly token: number,
    readonly highest: number,
  ) {
    super(`campaign write refused: fencing token ${token} is below ${highest}, another leader has written`);
    this.name = 'StaleFenceError';
  }
}

/**
 * Runs `write` in one transaction with the fence check: the row goes to `token` when it holds at
 * most that, else the transaction is rolled back with StaleFenceError (nothing of `write` is kept).
 */
export async function fencedWrite<T>(
  db: Db,
  fence: { lease: string; token: number },
  write: (tx: Tx) => Promise<T>,
): Promise<T> {
  const { lease, token } = fence;
  if (!Number.isSafeInteger(token) || token <= 0) throw new Error(`invalid fencing token ${token}`);
  return db.$transaction(async (tx) => {
    const raised = await tx.$queryRaw<{ token: bigint }[]>`
      INSERT INTO "CampaignFence" ("lease", "token", "updatedAt") VALUES (${lease}, ${BigInt(token)}, now())
      ON CONFLICT ("lease") DO UPDATE SET "token" = EXCLUDED."token", "updatedAt" = now()
      WHERE "CampaignFence"."token" <= EXCLUDED."token"
      RETURNING "token"`;
    if (raised.length === 0) throw new StaleFenceError(token, await highestFence(tx, lease));
    return write(tx);
  });
}

/** The highest token any leader of this lease has written with (0 when none has). */
export async function highestFence(db: Db | Tx, lease: string): Promise<number> {
  const [row] = await db.$queryRaw<{ token: bigint }[]>`
    SELECT "token" FROM "CampaignFence" WHERE "lease" = ${lease}`;
  return row ? Number(row.token) : 0;
}
