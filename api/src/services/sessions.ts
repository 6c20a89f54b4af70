// Signed-in sessions: an opaque token `ses_<random>`; only its SHA-256 is stored. A session
// ends at expiresAt (SESSION_TTL_HOURS), after SESSION_IDLE_MINUTES without a request, on
// logout, and when its account is disabled or its password changed.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { Account, Session } from '../generated/prisma/client';
import type { Tx } from './audit';

export const SESSION_PREFIX = 'ses_';
/** lastSeenAt is written at most this often: one write a minute per active session, not per request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionPolicy {
  ttlMs: number;
  idleMs: number;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Tx,
  accountId: string,
  client: string,
  policy: SessionPolicy,
): Promise<{ token: string; session: Session }> {
  const token = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = new Date();
  const session = await db.session.create({
    data: {
      accountId,
      hash: hashSessionToken(token),
      client,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.ttlMs),
    },
  });
  return { token, session };
}

/** When the session ends if nothing else happens: the earlier of its TTL and its idle timeout. */
export function sessionEndsAt(
  session: Pick<Session, 'expiresAt' | 'lastSeenAt'>,
  policy: SessionPolicy,
): Date {
  return new Date(Math.min(session.expiresAt.getTime(), session.lastSeenAt.getTime() + policy.idleMs));
}

/** The live session of a token with its (enabled) account, or null; refreshes lastSeenAt lazily. */
export async function findLiveSession(
  db: Db,
  token: string,
  policy: SessionPolicy,
  now = new Date(),
): Promise<(Session & { account: Account }) | null> {
  const session = await db.session.findUnique({
    where: { hash: hashSessionToken(token) },
    include: { account: true },
  });
  if (!session || session.revokedAt || !session.account.enabled) return null;
  if (sessionEndsAt(session, policy) <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
    session.lastSeenAt = now;
  }
  return session;
}

export async function revokeSession(db: Tx, id: string): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

/** Revokes every open session of an account (but one, when given); returns the ids revoked. */
export async function revokeAccountSessions(db: Tx, accountId: string, exceptId?: string): Promise<string[]> {
  const open = await db.session.findMany({
    where: { accountId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  const ids = open.map((session) => session.id);
  if (ids.length) {
    await db.session.updateMany({
      where: { id: { in: ids }, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
  return ids;
}

/** Sessions that ended (expired or revoked) over a week ago are of no use to anyone: deleted. */
export async function deleteEndedSessions(db: Db, now = Date.now()): Promise<number> {
  const weekAgo = new Date(now - 7 * 86_400_000);
  const result = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: weekAgo } }, { revokedAt: { lt: weekAgo } }] },
  });
  return result.count;
}
