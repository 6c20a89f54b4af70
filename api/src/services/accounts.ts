// People's accounts: creation, updates, passwords, sign-in with throttling, first-start admin.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db';
import { type Account, Prisma, type Role } from '../generated/prisma/client';
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
): Promise<{ account: Account; oneTimePassword: string | null }> {
  const email = checkEmail(input.email);
  const displayName = checkDisplayName(input.displayName);
  if (input.password != null) checkPassword(input.password, email);
  const oneTimePassword = input.password == null ? generatePassword() : null;
  try {
    const account = await db.account.create({
      data: {
        email,
        displayName,
        role: input.role,
        passwordHash: await hashPassword(input.password ?? (oneTimePassword as string)),
        mustChangePassword: input.mustChangePassword ?? oneTimePassword !== null,
      },
    });
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

export async function findAccount(db: Db, id: string): Promise<Account> {
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
): Promise<{ before: Account; after: Account; revokedSessionIds: string[] }> {
  const before = await findAccount(db, id);
  const data: Prisma.AccountUpdateInput = {};
  if (changes.displayName != null) data.displayName = checkDisplayName(changes.displayName);
  if (changes.role != null) data.role = changes.role;
  if (changes.enabled != null) data.enabled = changes.enabled;
  const losesAdmin =
    before.role === 'ADMIN' &&
    before.enabled &&
    ((data.role !== undefined && data.role !== 'ADMIN') || data.enabled === false);
  if (losesAdmin) {
    const admins = await db.account.count({ where: { role: 'ADMIN', enabled: true } });
    if (admins <= 1) throw new RoleNotAllowedError('The last enabled ADMIN cannot be disabled or demoted');
  }
  const after = await db.account.update({ where: { id }, data });
  const revokedSessionIds = after.enabled ? [] : await revokeAccountSessions(db, id);
  return { before, after, revokedSessionIds };
}

/** A new one-time password; the account must change it at next sign-in; its sessions end. */
export async function resetPassword(
  db: Db,
  id: string,
): Promise<{ account: Account; oneTimePassword: string; revokedSessionIds: string[] }> {
  await findAccount(db, id);
  const oneTimePassword = generatePassword();
  const account = await db.account.update({
    where: { id },
    data: { passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true },
  });
  return { account, oneTimePassword, revokedSessionIds: await revokeAccountSessions(db, id) };
}

/** Changes one's own password; other sessions of the account end. */
export async function changePassword(
  db: Db,
  accountId: string,
  currentSessionId: string | null,
  currentPassword: string,
  newPassword: string,
): Promise<{ account: Account; revokedSessionIds: string[] }> {
  const existing = await findAccount(db, accountId);
  if (!(await verifyPassword(currentPassword, existing.passwordHash))) throw new InvalidCredentialsError();
  checkPassword(newPassword, existing.email);
  if (newPassword === currentPassword) throw new PasswordPolicyError('must differ from the current password');
  const account = await db.account.update({
    where: { id: accountId },
    data: { passwordHash: await hashPassword(newPassword), mustChangePassword: false },
  });
  return {
    account,
    revokedSessionIds: await revokeAccountSessions(db, accountId, currentSessionId ?? undefined),
  };
}

/**
 * Failed sign-ins counted per account and per client in fixed windows; past either limit every
 * attempt is refused with a RateLimitError until the window ends, even with the right password.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perAccount: number,
    private readonly perClient: number,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Throws RateLimitError when the account or the client is over its limit; `null` checks the client only. */
  check(email: string | null, client: string, now = Date.now()): void {
    const limits: [string, number][] = [[`client:${client}`, this.perClient]];
    if (email !== null) limits.push([`account:${email}`, this.perAccount]);
    for (const [key, limit] of limits) {
      const window = this.failures.get(key);
      if (window && now - window.start < this.windowMs && window.count >= limit) {
        throw new RateLimitError(Math.ceil((window.start + this.windowMs - now) / 1000));
      }
    }
  }

  fail(email: string | null, client: string, now = Date.now()): void {
    if (this.failures.size > 100_000) {
      for (const [key, window] of this.failures)
        if (now - window.start >= this.windowMs) this.failures.delete(key);
    }
    for (const key of email === null ? [`client:${client}`] : [`account:${email}`, `client:${client}`]) {
      const window = this.failures.get(key);
      if (!window || now - window.start >= this.windowMs) this.failures.set(key, { start: now, count: 1 });
      else window.count += 1;
    }
  }

  succeed(email: string): void {
    this.failures.delete(`account:${email}`);
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
): Promise<{ token: string; expiresAt: Date; account: Account }> {
  const email = normaliseEmail(input.email).slice(0, 254);
  deps.throttle.check(email, input.client);
  // Something that cannot be an email (a NUL byte would even break the query) is no account.
  const account = emailPattern.test(email) ? await findAccountByEmail(deps.db, email) : null;
  // verifyPassword spends the same time on an unknown account, so emails cannot be probed by timing.
  const valid = await verifyPassword(input.password.slice(0, 1024), account?.passwordHash ?? null);
  if (!account || !valid) {
    deps.throttle.fail(email, input.client);
    throw new InvalidCredentialsError();
  }
  if (!account.enabled) throw new AccountDisabledError();
  deps.throttle.succeed(email);
  return startSession(deps, account, input.client);
}

export async function startSession(
  deps: Pick<LoginDeps, 'db' | 'sessions'>,
  account: Account,
  client: string,
): Promise<{ token: string; expiresAt: Date; account: Account }> {
  const { token, session } = await createSession(deps.db, account.id, client, deps.sessions);
  const updated = await deps.db.account.update({
    where: { id: account.id },
    data: { lastLoginAt: new Date() },
  });
  return { token, expiresAt: session.expiresAt, account: updated };
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
