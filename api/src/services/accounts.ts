// People's accounts: creation, updates, passwords, sign-in with throttling, first-start admin.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db';
import { type Account, Prisma, type Role } from '../generated/prisma/client';
import { AUDITED_TRANSACTION, type InTransaction, type Tx } from './audit';
import {
  AccountDisabledError,
  InvalidCredentialsError,
  PasswordPolicyError,
  RoleNotAllowedError,
} from './auth-errors';
import { NotFoundError, RateLimitError, ValidationError } from './errors';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { createSession, revokeAccountSessions, type SessionPolicy } from './sessions';

export const ADMIN_EMAIL = 'admin@satark.local';
export const roles = ['ANALYST', 'OPERATOR', 'ADMIN', 'AUDITOR'] as const;

/** The account as the API shows it: never its password hash. */
export type PublicAccount = Omit<Account, 'passwordHash' | 'oidcSubject'>;

export function publicAccount(account: Account): PublicAccount {
  const { passwordHash: _hash, oidcSubject: _subject, ...rest } = account;
  return rest;
}

// No whitespace, no control characters (PostgreSQL text cannot even hold NUL).
const emailPattern = /^[^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]{1,189}\.[^\s@\p{Cc}]{2,63}$/u;

export function isEmail(email: string): boolean {
  return email.length <= 254 && emailPattern.test(email);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkEmail(email: string): string {
  const normalised = normaliseEmail(email);
  if (normalised.length > 254 || !emailPattern.test(normalised)) {
    throw new ValidationError('Not an email address', [
      { path: 'email', message: 'an email address such as a@b.in' },
    ]);
  }
  return normalised;
}

function checkDisplayName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100 || /\p{Cc}/u.test(trimmed)) {
    throw new ValidationError('A display name has 1 to 100 characters, none of them control characters', [
      { path: 'displayName', message: '1 to 100 printable characters' },
    ]);
  }
  return trimmed;
}

function checkPassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new PasswordPolicyError(problem);
}

/** Which key roles an owner may hand out: never more than the owner can do; an AUDITOR only reads. */
export function keyRoleAllowed(ownerRole: Role, keyRole: Role): boolean {
  if (ownerRole === 'ADMIN') return true;
  if (ownerRole === 'AUDITOR' || keyRole === 'AUDITOR') return ownerRole === keyRole;
  const rank: Record<Exclude<Role, 'AUDITOR'>, number> = { ANALYST: 1, OPERATOR: 2, ADMIN: 3 };
  return rank[keyRole] <= rank[ownerRole];
}

export async function createAccount(
  db: Db,
  input: {
    email: string;
    displayName: string;
    role: Role;
    password?: string | null;
    mustChangePassword?: boolean;
  },
  inTransaction?: InTransaction<Account>,
): Promise<{ account: Account; oneTimePassword: string | null }> {
  const email = checkEmail(input.email);
  const displayName = checkDisplayName(input.displayName);
  if (input.password != null) checkPassword(input.password, email);
  const oneTimePassword = input.password == null ? generatePassword() : null;
  // scrypt before the transaction: it holds no connection while it hashes.
  const passwordHash = await hashPassword(input.password ?? (oneTimePassword as string));
  try {
    const account = await db.$transaction(async (tx) => {
      const created = await tx.account.create({
        data: {
          email,
          displayName,
          role: input.role,
          passwordHash,
          mustChangePassword: input.mustChangePassword ?? oneTimePassword !== null,
        },
      });
      await inTransaction?.(tx, created);
      return created;
    }, AUDITED_TRANSACTION);
    return { account, oneTimePassword };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ValidationError(`An account with email ${email} exists already`, [
        { path: 'email', message: 'already in use' },
      ]);
    }
    throw error;
  }
}

export async function findAccount(db: Tx, id: string): Promise<Account> {
  const account = /^[0-9a-f-]{36}$/i.test(id) ? await db.account.findUnique({ where: { id } }) : null;
  if (!account) throw new NotFoundError('Account', id);
  return account;
}

export async function findAccountByEmail(db: Db, email: string): Promise<Account | null> {
  return db.account.findUnique({ where: { email: normaliseEmail(email) } });
}

export function listAccounts(db: Db, page: { offset: number; limit: number }): Promise<Account[]> {
  return db.account.findMany({
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    skip: page.offset,
    take: page.limit,
  });
}

/**
 * Changes name, role or enabled. Disabling revokes every session (the caller closes sockets).
 * An administrator cannot disable or demote the last enabled ADMIN: nobody could administer then.
 */
export async function updateAccount(
  db: Db,
  id: string,
  changes: { displayName?: string | null; role?: Role | null; enabled?: boolean | null },
  inTransaction?: InTransaction<{ before: Account; after: Account; revokedSessionIds: string[] }>,
): Promise<{ before: Account; after: Account; revokedSessionIds: string[] }> {
  const data: Prisma.AccountUpdateInput = {};
  if (changes.displayName != null) data.displayName = checkDisplayName(changes.displayName);
  if (changes.role != null) data.role = changes.role;
  if (changes.enabled != null) data.enabled = changes.enabled;
  await findAccount(db, id);
  return db.$transaction(async (tx) => {
    // The row locked: two administrators demoting the last two ADMINs cannot both pass the count.
    await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "role" = 'ADMIN' AND "enabled" FOR UPDATE`;
    const before = await findAccount(tx, id);
    const losesAdmin =
      before.role === 'ADMIN' &&
      before.enabled &&
      ((data.role !== undefined && data.role !== 'ADMIN') || data.enabled === false);
    if (losesAdmin) {
      const admins = await tx.account.count({ where: { role: 'ADMIN', enabled: true } });
      if (admins <= 1) throw new RoleNotAllowedError('The last enabled ADMIN cannot be disabled or demoted');
    }
    const after = await tx.account.update({ where: { id }, data });
    const revokedSessionIds = after.enabled ? [] : await revokeAccountSessions(tx, id);
    const result = { before, after, revokedSessionIds };
    await inTransaction?.(tx, result);
    return result;
  }, AUDITED_TRANSACTION);
}

/** A new one-time password; the account must change it at next sign-in; its sessions end. */
export async function resetPassword(
  db: Db,
  id: string,
  inTransaction?: InTransaction<{ account: Account; revokedSessionIds: string[] }>,
): Promise<{ account: Account; oneTimePassword: string; revokedSessionIds: string[] }> {
  await findAccount(db, id);
  const oneTimePassword = generatePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const reset = await db.$transaction(async (tx) => {
    const account = await tx.account.update({
      where: { id },
      data: { passwordHash, mustChangePassword: true },
    });
    const result = { account, revokedSessionIds: await revokeAccountSessions(tx, id) };
    await inTransaction?.(tx, result);
    return result;
  }, AUDITED_TRANSACTION);
  return { ...reset, oneTimePassword };
}

/** Changes one's own password; other sessions of the account end. */
export async function changePassword(
  db: Db,
  accountId: string,
  currentSessionId: string | null,
  currentPassword: string,
  newPassword: string,
  inTransaction?: InTransaction<{ account: Account; revokedSessionIds: string[] }>,
): Promise<{ account: Account; revokedSessionIds: string[] }> {
  const existing = await findAccount(db, accountId);
  if (!(await verifyPassword(currentPassword, existing.passwordHash))) throw new InvalidCredentialsError();
  checkPassword(newPassword, existing.email);
  if (newPassword === currentPassword) throw new PasswordPolicyError('must differ from the current password');
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    const account = await tx.account.update({
      where: { id: accountId },
      data: { passwordHash, mustChangePassword: false },
    });
    const result = {
      account,
      revokedSessionIds: await revokeAccountSessions(tx, accountId, currentSessionId ?? undefined),
    };
    await inTransaction?.(tx, result);
    return result;
  }, AUDITED_TRANSACTION);
}

/**
 * Failed sign-ins counted per account and per client in fixed windows; past either limit every
 * attempt is refused with a RateLimitError until the window ends, even with the right password.
 * With Redis (RedisLoginThrottle) the counts are shared by every instance; without, per process.
 */
export interface LoginThrottle {
  /** Throws RateLimitError when the account or the client is over its limit; `null` checks the client only. */
  check(email: string | null, client: string): Promise<void>;
  fail(email: string | null, client: string): Promise<void>;
  succeed(email: string): Promise<void>;
}

function throttleKeys(email: string | null, client: string): string[] {
  return email === null ? [`client:${client}`] : [`account:${email}`, `client:${client}`];
}

/** The per-process throttle: for an instance without Redis, and while Redis is away. */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly failures = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perAccount: number,
    private readonly perClient: number,
    private readonly windowMs = 15 * 60_000,
  ) {}

  checkNow(email: string | null, client: string, now = Date.now()): void {
    for (const key of throttleKeys(email, client)) {
      const limit = key.startsWith('account:') ? this.perAccount : this.perClient;
      const window = this.failures.get(key);
      if (window && now - window.start < this.windowMs && window.count >= limit) {
        throw new RateLimitError(Math.ceil((window.start + this.windowMs - now) / 1000));
      }
    }
  }

  failNow(email: string | null, client: string, now = Date.now()): void {
    if (this.failures.size > 100_000) {
      for (const [key, window] of this.failures)
        if (now - window.start >= this.windowMs) this.failures.delete(key);
    }
    for (const key of throttleKeys(email, client)) {
      const window = this.failures.get(key);
      if (!window || now - window.start >= this.windowMs) this.failures.set(key, { start: now, count: 1 });
      else window.count += 1;
    }
  }

  async check(email: string | null, client: string): Promise<void> {
    this.checkNow(email, client);
  }

  async fail(email: string | null, client: string): Promise<void> {
    this.failNow(email, client);
  }

  async succeed(email: string): Promise<void> {
    this.failures.delete(`account:${email}`);
  }
}

/** The commands RedisLoginThrottle needs (an ioredis client has them). */
export interface ThrottleRedis {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
}

// One round trip per attempt, atomic on the server: INCR starts the window (PEXPIRE) on the
// first failure, so every instance counts into the same window and none can reset it.
const FAIL_SCRIPT = `
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ttl) end
end
return 1`;

// For each key: its count and the milliseconds left of its window ({count, pttl} pairs).
const CHECK_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  out[#out + 1] = tonumber(redis.call('GET', key) or '0')
  out[#out + 1] = redis.call('PTTL', key)
end
return out`;

/**
 * Shared by every instance: a Redis counter per account and per client
 * (`<prefix>:account:<email>`, `<prefix>:client:<address>`) that expires with its window.
 * When Redis does not answer, the instance falls back to its own memory rather than letting
 * every attempt through or refusing everyone.
 */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly fallback: MemoryLoginThrottle;

  constructor(
    private readonly redis: ThrottleRedis,
    private readonly prefix: string,
    private readonly perAccount: number,
    private readonly perClient: number,
    private readonly windowMs = 15 * 60_000,
    private readonly onRedisError: (error: unknown) => void = () => {},
  ) {
    this.fallback = new MemoryLoginThrottle(perAccount, perClient, windowMs);
  }

  private key(key: string): string {
    // An email or address cannot reach outside the prefix: Redis keys are binary-safe strings.
    return `${this.prefix}:${key}`;
  }

  async check(email: string | null, client: string): Promise<void> {
    const keys = throttleKeys(email, client);
    let reply: unknown;
    try {
      reply = await this.redis.eval(CHECK_SCRIPT, keys.length, ...keys.map((key) => this.key(key)));
    } catch (error) {
      this.onRedisError(error);
      this.fallback.checkNow(email, client);
      return;
    }
    const values = Array.isArray(reply) ? reply.map(Number) : [];
    keys.forEach((key, index) => {
      const count = values[index * 2] ?? 0;
      const pttl = values[index * 2 + 1] ?? -2;
      const limit = key.startsWith('account:') ? this.perAccount : this.perClient;
      if (count >= limit) {
        // A key without a TTL (-1) cannot happen through fail(); it is treated as a full window.
        const left = pttl > 0 ? pttl : this.windowMs;
        throw new RateLimitError(Math.max(1, Math.ceil(left / 1000)));
      }
    });
  }

  async fail(email: string | null, client: string): Promise<void> {
    const keys = throttleKeys(email, client);
    try {
      await this.redis.eval(FAIL_SCRIPT, keys.length, ...keys.map((key) => this.key(key)), this.windowMs);
    } catch (error) {
      this.onRedisError(error);
      this.fallback.failNow(email, client);
    }
  }

  async succeed(email: string): Promise<void> {
    try {
      await this.redis.del(this.key(`account:${email}`));
    } catch (error) {
      this.onRedisError(error);
    }
    await this.fallback.succeed(email);
  }
}

export interface LoginDeps {
  db: Db;
  throttle: LoginThrottle;
  sessions: SessionPolicy;
}

/** Email + password → a new session. Throws the typed errors a client shows. */
export async function loginWithPassword(
  deps: LoginDeps,
  input: { email: string; password: string; client: string },
  inTransaction?: InTransaction<Account>,
): Promise<{ token: string; expiresAt: Date; account: Account }> {
  const email = normaliseEmail(input.email).slice(0, 254);
  await deps.throttle.check(email, input.client);
  // Something that cannot be an email (a NUL byte would even break the query) is no account.
  const account = emailPattern.test(email) ? await findAccountByEmail(deps.db, email) : null;
  // verifyPassword spends the same time on an unknown account, so emails cannot be probed by timing.
  const valid = await verifyPassword(input.password.slice(0, 1024), account?.passwordHash ?? null);
  if (!account || !valid) {
    await deps.throttle.fail(email, input.client);
    throw new InvalidCredentialsError();
  }
  if (!account.enabled) throw new AccountDisabledError();
  await deps.throttle.succeed(email);
  return startSession(deps, account, input.client, inTransaction);
}

export async function startSession(
  deps: Pick<LoginDeps, 'db' | 'sessions'>,
  account: Account,
  client: string,
  inTransaction?: InTransaction<Account>,
): Promise<{ token: string; expiresAt: Date; account: Account }> {
  return deps.db.$transaction(async (tx) => {
    const { token, session } = await createSession(tx, account.id, client, deps.sessions);
    const updated = await tx.account.update({
      where: { id: account.id },
      data: { lastLoginAt: new Date() },
    });
    await inTransaction?.(tx, updated);
    return { token, expiresAt: session.expiresAt, account: updated };
  }, AUDITED_TRANSACTION);
}

/**
 * First start: with no accounts at all, creates `admin` with a random password, logs it once
 * and writes it to <dataDir>/admin-password (0600). Never touches an existing account.
 */
export async function bootstrapAdmin(db: Db, dataDir: string, logger: Logger): Promise<Account | null> {
  if ((await db.account.count()) > 0) return null;
  let created: { account: Account; oneTimePassword: string | null };
  try {
    created = await createAccount(db, { email: ADMIN_EMAIL, displayName: 'admin', role: 'ADMIN' });
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (error instanceof ValidationError) return null;
    throw error;
  }
  const file = path.join(dataDir, 'admin-password');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${created.oneTimePassword}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  logger.warn(
    { email: ADMIN_EMAIL, password: created.oneTimePassword, file },
    'First start: created the admin account. Sign in with this password (shown once) and change it.',
  );
  return created.account;
}
