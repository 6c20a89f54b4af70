// Who is calling: anonymous, an API key (`sk_...`) or a signed-in person's session (`ses_...`).
import { GraphQLError } from 'graphql';
import type { Db } from './db';
import type { Role } from './generated/prisma/client';
import { keyRoleAllowed } from './services/accounts';
import type { ActiveKeys } from './services/active-keys';
import { findActiveKey } from './services/api-keys';
import { findLiveSession, SESSION_PREFIX, type SessionPolicy } from './services/sessions';

export type ViewerRole = 'ANONYMOUS' | Role;

export interface Viewer {
  role: ViewerRole;
  keyId: string | null;
  keyName: string | null;
  /** The signed-in account, or the account owning the key. */
  accountId: string | null;
  accountEmail: string | null;
  sessionId: string | null;
  /** Who made a change, for audit fields: `account:<email>`, `key:<name>` or `anonymous:<client>`. */
  actor: string;
  /** The client's address. */
  client: string;
  /** A session on a one-time password: it may only change the password (and read `me`, sign out). */
  mustChangePassword?: boolean;
}

// AUDITOR reads what an ANALYST reads (and the audit log) but may change nothing: see `writer` in builder.ts.
const rank: Record<ViewerRole, number> = { ANONYMOUS: 0, AUDITOR: 1, ANALYST: 1, OPERATOR: 2, ADMIN: 3 };

/** OPERATOR and ADMIN can do everything an ANALYST can; ADMIN everything an OPERATOR can. */
export function hasRole(viewer: Viewer, needed: Role): boolean {
  // A session on a one-time password has no role's rights until the password is changed.
  if (viewer.mustChangePassword) return false;
  if (needed === 'AUDITOR') return viewer.role === 'AUDITOR' || viewer.role === 'ADMIN';
  return rank[viewer.role] >= rank[needed];
}

/** May change state as a signed-in ANALYST would: everyone with a role but the read-only AUDITOR. */
/** What decides a subscriber's view of a shared subscription event (see shared-subscriptions.ts). */
export function viewKey(viewer: Viewer | undefined): string {
  if (!viewer) return 'ANONYMOUS';
  return viewer.mustChangePassword ? `${viewer.role}:RESTRICTED` : viewer.role;
}

export function canWrite(viewer: Viewer): boolean {
  return viewer.role !== 'AUDITOR' && hasRole(viewer, 'ANALYST');
}

export function anonymousViewer(client: string): Viewer {
  return {
    role: 'ANONYMOUS',
    keyId: null,
    keyName: null,
    accountId: null,
    accountEmail: null,
    sessionId: null,
    actor: `anonymous:${client}`,
    client,
  };
}

export class AuthenticationError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

const defaultSessionPolicy: SessionPolicy = { ttlMs: 12 * 3600_000, idleMs: 30 * 60_000 };

/** Reads `Bearer <token>`; a header that is present but wrong is an error, not anonymous access. */
export async function viewerFromAuthorization(
  db: Db,
  header: string | null | undefined,
  client: string,
  options: {
    sessions?: SessionPolicy;
    /** Notes that a key was used (lastUsedAt is written in batches). */
    usage?: { touch(keyId: string): void };
    /** Active keys remembered between requests, revocations honoured (services/active-keys.ts). */
    keys?: ActiveKeys;
  } = {},
): Promise<Viewer> {
  if (!header) return anonymousViewer(client);
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new AuthenticationError('Authorization must be "Bearer <api key or session token>"');
  const token = match[1] ?? '';
  if (token.startsWith(SESSION_PREFIX)) {
    const session = await findLiveSession(db, token, options.sessions ?? defaultSessionPolicy);
    if (!session) throw new AuthenticationError('Session expired or signed out; sign in again');
    return {
      role: session.account.role,
      keyId: null,
      keyName: null,
      accountId: session.account.id,
      accountEmail: session.account.email,
      sessionId: session.id,
      actor: `account:${session.account.email}`,
      client,
      mustChangePassword: session.account.mustChangePassword,
    };
  }
  const apiKey = await (options.keys ? options.keys.find(token) : findActiveKey(db, token));
  if (!apiKey) throw new AuthenticationError('Unknown or revoked API key');
  if (apiKey.owner && !apiKey.owner.enabled) throw new AuthenticationError("The key's owner is disabled");
  options.usage?.touch(apiKey.id);
  // A key never does more than its owner may now: demoting a person demotes their keys (a role
  // change makes every instance forget the owner's remembered keys, services/active-keys.ts).
  const owner = apiKey.owner;
  return {
    role: owner && !keyRoleAllowed(owner.role, apiKey.role) ? owner.role : apiKey.role,
    keyId: apiKey.id,
    keyName: apiKey.name,
    accountId: apiKey.owner?.id ?? null,
    accountEmail: apiKey.owner?.email ?? null,
    sessionId: null,
    actor: `key:${apiKey.name}`,
    client,
  };
}
