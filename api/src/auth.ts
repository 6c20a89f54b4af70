// Who is calling: anonymous, or the role of a valid API key (Bearer token).
import { GraphQLError } from 'graphql';
import type { Db } from './db';
import type { Role } from './generated/prisma/client';
import { findActiveKey } from './services/api-keys';

export type ViewerRole = 'ANONYMOUS' | Role;

export interface Viewer {
  role: ViewerRole;
  keyId: string | null;
  keyName: string | null;
  /** Who made a change, for audit fields: the key's name, or the anonymous client. */
  actor: string;
}

const rank: Record<ViewerRole, number> = { ANONYMOUS: 0, ANALYST: 1, OPERATOR: 2, ADMIN: 3 };

/** OPERATOR and ADMIN can do everything an ANALYST can; ADMIN everything an OPERATOR can. */
export function hasRole(viewer: Viewer, needed: Role): boolean {
  return rank[viewer.role] >= rank[needed];
}

export function anonymousViewer(client: string): Viewer {
  return { role: 'ANONYMOUS', keyId: null, keyName: null, actor: `anonymous:${client}` };
}

export class AuthenticationError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

/** Reads `Bearer <key>`; a header that is present but wrong is an error, not anonymous access. */
export async function viewerFromAuthorization(
  db: Db,
  header: string | null | undefined,
  client: string,
  usage?: { touch(keyId: string): void },
): Promise<Viewer> {
  if (!header) return anonymousViewer(client);
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new AuthenticationError('Authorization must be "Bearer <api key>"');
  const apiKey = await findActiveKey(db, match[1] ?? '');
  if (!apiKey) throw new AuthenticationError('Unknown or revoked API key');
  usage?.touch(apiKey.id);
  return { role: apiKey.role, keyId: apiKey.id, keyName: apiKey.name, actor: `key:${apiKey.name}` };
}
