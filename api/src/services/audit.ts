// The audit trail: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and
// tamper-evident: each entry's hash covers the previous entry's hash and its own fields, so
// changing, removing or reordering entries breaks the chain at the first place it happened.
import { createHash, randomUUID } from 'node:crypto';
import type { Viewer } from '../auth';
import type { Db } from '../db';
import { Prisma } from '../db';
import type { AuditEntry } from '../generated/prisma/client';

export const GENESIS_HASH = '0'.repeat(64);
/** Any constant: every writer of the audit log takes this transaction-level advisory lock. */
const AUDIT_LOCK_KEY = 0x5a7a_4a0d;

/** Who did it and from where: the request's viewer, or a command line / the system. */
export interface AuditActor {
  actor: string;
  actorRole: string;
  accountId?: string | null;
  keyId?: string | null;
  client?: string | null;
  requestId?: string | null;
}

export interface AuditChange {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** What the hash covers: every field but seq (the chain itself fixes the order). */
type HashedFields = Omit<AuditEntry, 'seq' | 'hash' | 'prevHash'>;

/** JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(prevHash: string, entry: HashedFields): string {
  const fields = {
    id: entry.id,
    at: entry.at,
    actor: entry.actor,
    actorRole: entry.actorRole,
    accountId: entry.accountId,
    keyId: entry.keyId,
    client: entry.client,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId,
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}

export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/** Plain JSON (dates as ISO strings), as jsonb will give it back, so the hash verifies later. */
function toJson(value: unknown): Prisma.JsonValue {
  if (value === undefined || value === null) return null;
  // jsonb cannot hold \u0000: a hostile input quoted in an entry must not make the append fail.
  return JSON.parse(JSON.stringify(value), (_key, v) =>
    typeof v === 'string' ? withoutNul(v) : v,
  ) as Prisma.JsonValue;
}

function forDb(value: Prisma.JsonValue): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

/** A transaction's client (`db.$transaction(async (tx) => …)`). */
export type Tx = Prisma.TransactionClient;

/**
 * Appends one entry in its own transaction: for what changes nothing in the database (a failed
 * sign-in). A change and its entry go together with appendAuditIn or audited instead.
 */
export async function appendAudit(db: Db, who: AuditActor, change: AuditChange): Promise<AuditEntry> {
  return db.$transaction((tx) => appendAuditIn(tx, who, change));
}

/**
 * Appends one entry inside the caller's transaction, so the change and its entry commit or roll
 * back together: a failed append undoes the change, a crash before the commit loses both.
 * Serialised across every instance by a transaction-level advisory lock (held until the commit),
 * so seq stays gap-free and the chain never forks. Call it last in the transaction: the lock is
 * then held only for the append and the commit.
 */
export async function appendAuditIn(tx: Tx, who: AuditActor, change: AuditChange): Promise<AuditEntry> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)`;
  const last = await tx.auditEntry.findFirst({
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true },
  });
  const before = toJson(change.before);
  const after = toJson(change.after);
  const fields: HashedFields = {
    id: randomUUID(),
    at: new Date(),
    actor: withoutNul(who.actor),
    actorRole: who.actorRole,
    accountId: who.accountId ?? null,
    keyId: who.keyId ?? null,
    client: who.client ?? null,
    action: change.action,
    targetType: change.targetType ?? null,
    targetId: change.targetId ?? null,
    before,
    after,
    requestId: who.requestId ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  return tx.auditEntry.create({
    data: {
      ...fields,
      before: forDb(before),
      after: forDb(after),
      seq: (last?.seq ?? 0) + 1,
      prevHash,
      hash: entryHash(prevHash, fields),
    },
  });
}

/** A step run inside a change's transaction once the change is written: its audit entry. */
export type InTransaction<T> = (tx: Tx, result: T) => Promise<unknown>;

/** The InTransaction step that appends `describe(result)` (nothing when it gives null). */
export function auditIn<T>(who: AuditActor, describe: (result: T) => AuditChange | null): InTransaction<T> {
  return async (tx, result) => {
    const entry = describe(result);
    if (entry) await appendAuditIn(tx, who, entry);
  };
}

/** Long enough for a busy machine; the audit lock queue is the usual wait. */
export const AUDITED_TRANSACTION = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Runs `change` and appends its audit entry in one transaction: both or neither. `describe`
 * turns the change's result into the entry; null records nothing (nothing changed).
 */
export function auditedTransaction<T>(
  db: Db,
  who: AuditActor,
  change: (tx: Tx) => Promise<T>,
  describe: (result: T) => AuditChange | null,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const result = await change(tx);
    const entry = describe(result);
    if (entry) await appendAuditIn(tx, who, entry);
    return result;
  }, AUDITED_TRANSACTION);
}

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export function auditWhere(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  return {
    ...(filter.actor ? { actor: withoutNul(filter.actor) } : {}),
    ...(filter.action ? { action: withoutNul(filter.action) } : {}),
    ...(filter.targetType ? { targetType: withoutNul(filter.targetType) } : {}),
    ...(filter.targetId ? { targetId: withoutNul(filter.targetId) } : {}),
    ...(filter.from || filter.to
      ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  };
}

/** Newest first. */
export function listAudit(
  db: Db,
  filter: AuditFilter,
  page: { offset: number; limit: number },
): Promise<AuditEntry[]> {
  return db.auditEntry.findMany({
    where: auditWhere(filter),
    orderBy: { seq: 'desc' },
    skip: page.offset,
    take: page.limit,
  });
}

export function countAudit(db: Db, filter: AuditFilter): Promise<number> {
  return db.auditEntry.count({ where: auditWhere(filter) });
}

export type VerifyResult =
  | { ok: true; count: number }
  | {
      ok: false;
      count: number;
      problem: 'changed' | 'removed' | 'reordered';
      seq: number;
      id: string | null;
      message: string;
    };

/** Walks the chain in seq order and names the first entry that was changed, removed or reordered. */
export async function verifyAuditChain(db: Db, batchSize = 2000): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  // Hashes seen so far, to tell a reordered entry (its predecessor exists elsewhere) from a removed one.
  const seen = new Map<string, number>();
  let all: Pick<AuditEntry, 'hash' | 'seq'>[] | null = null;
  const whoHas = async (hash: string): Promise<number | null> => {
    if (seen.has(hash)) return seen.get(hash) ?? null;
    all ??= await db.auditEntry.findMany({ select: { hash: true, seq: true } });
    return all.find((entry) => entry.hash === hash)?.seq ?? null;
  };
  for (;;) {
    const batch = await db.auditEntry.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: 'asc' },
      take: batchSize,
    });
    if (batch.length === 0) return { ok: true, count };
    for (const entry of batch) {
      if (entry.seq !== expectedSeq) {
        return {
          ok: false,
          count,
          problem: 'removed',
          seq: expectedSeq,
          id: null,
          message: `entry ${expectedSeq}${entry.seq - 1 > expectedSeq ? `–${entry.seq - 1}` : ''} was removed (the log jumps from ${expectedSeq - 1} to ${entry.seq})`,
        };
      }
      const { seq: _seq, hash, prevHash: storedPrev, ...fields } = entry;
      if (entryHash(storedPrev, fields) !== hash) {
        return {
          ok: false,
          count,
          problem: 'changed',
          seq: entry.seq,
          id: entry.id,
          message: `entry ${entry.seq} (${entry.id}) was changed: its fields no longer match its hash`,
        };
      }
      if (storedPrev !== prevHash) {
        const predecessor = await whoHas(storedPrev);
        const reordered = predecessor !== null && predecessor !== entry.seq - 1;
        return {
          ok: false,
          count,
          problem: reordered ? 'reordered' : 'removed',
          seq: entry.seq,
          id: entry.id,
          message: reordered
            ? `entry ${entry.seq} (${entry.id}) was reordered: it was written after entry ${predecessor}, not ${entry.seq - 1}`
            : `the entry written before entry ${entry.seq} (${entry.id}) was removed or replaced`,
        };
      }
      seen.set(hash, entry.seq);
      prevHash = hash;
      expectedSeq += 1;
      count += 1;
    }
  }
}

/** The request's viewer as the audit log records it. */
export function auditActorOf(context: { viewer: Viewer; requestId: string }): AuditActor {
  const { viewer } = context;
  return {
    actor: viewer.actor,
    actorRole: viewer.role,
    accountId: viewer.accountId,
    keyId: viewer.keyId,
    client: viewer.client,
    requestId: context.requestId,
  };
}

/**
 * The one call each mutation of the schema makes: its change (on the transaction client) and
 * the entry describing it (who from the context; what, before and after from `describe`),
 * committed together.
 */
export function audited<T>(
  context: { viewer: Viewer; requestId: string; app: { db: Db } },
  change: (tx: Tx) => Promise<T>,
  describe: (result: T) => AuditChange | null,
): Promise<T> {
  return auditedTransaction(context.app.db, auditActorOf(context), change, describe);
}

/** An entry for what changes nothing in the database (a failed sign-in), in its own transaction. */
export function recordAudit(
  context: { viewer: Viewer; requestId: string; app: { db: Db } },
  change: AuditChange,
): Promise<AuditEntry> {
  return appendAudit(context.app.db, auditActorOf(context), change);
}

/** The newest entry: write `<seq>:<hash>` down elsewhere to detect later removal of the tail. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  return db.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
}

/**
 * The chain alone cannot show that its newest entries were cut off (a shorter chain is still a
 * chain). An anchor `<seq>:<hash>` noted earlier can: the entry must still be there, unchanged.
 */
export async function checkAnchor(db: Db, anchor: string): Promise<string | null> {
  const match = /^(\d{1,12}):([0-9a-f]{64})$/.exec(anchor.trim());
  if (!match) throw new RangeError('An anchor is <seq>:<64 hex digits>, as `verify` prints it');
  const seq = Number(match[1]);
  const entry = await db.auditEntry.findUnique({ where: { seq }, select: { hash: true } });
  if (!entry) {
    const head = await auditHead(db);
    return `entry ${seq} was removed: the log now ends at ${head?.seq ?? 0}`;
  }
  return entry.hash === match[2] ? null : `entry ${seq} is not the one anchored: its hash changed`;
}
