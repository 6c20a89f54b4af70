// Sign-in with an OpenID Connect provider: the web server runs the authorization-code flow
// (with PKCE) and hands the ID token here; the API checks its signature against the issuer's
// published keys (JWKS), its issuer, audience and expiry, maps the role claim onto a role and
// creates or updates the account.
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import type { Db } from '../db';
import type { Account, Role } from '../generated/prisma/client';
import { isEmail, normaliseEmail, roles } from './accounts';
import { OidcError } from './auth-errors';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  roleClaim: string;
}

export interface OidcIdentity {
  subject: string;
  email: string;
  displayName: string;
  role: Role;
}

const preference: Role[] = ['ADMIN', 'OPERATOR', 'ANALYST', 'AUDITOR'];

/** The claim's value(s) mapped case-insensitively onto roles; the most capable wins; none known → null. */
export function roleFromClaim(value: unknown): Role | null {
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const known = new Set(
    values
      .map((v) => v.trim().toUpperCase())
      .filter((v): v is Role => (roles as readonly string[]).includes(v)),
  );
  return preference.find((role) => known.has(role)) ?? null;
}

export class OidcVerifier {
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(readonly settings: OidcSettings) {}

  private async keys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks) return this.jwks;
    const discoveryUrl = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
    if (!response?.ok) throw new OidcError(`The identity provider's discovery document is unreachable`);
    const discovery = (await response.json()) as { jwks_uri?: string; issuer?: string };
    if (!discovery.jwks_uri) throw new OidcError('The identity provider publishes no jwks_uri');
    this.jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    return this.jwks;
  }

  async verify(idToken: string): Promise<OidcIdentity> {
    if (idToken.length > 16_384 || idToken.split('.').length !== 3) throw new OidcError('Not an ID token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, await this.keys(), {
        issuer: this.settings.issuer,
        audience: this.settings.clientId,
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof OidcError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new OidcError('The ID token has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        throw new OidcError(`The ID token was not issued for this application (${error.claim})`);
      }
      throw new OidcError('The ID token could not be verified');
    }
    const email = typeof payload.email === 'string' ? normaliseEmail(payload.email) : null;
    if (!email || !isEmail(email)) throw new OidcError('The ID token carries no usable email');
    if (payload.email_verified === false) throw new OidcError('The email in the ID token is not verified');
    const role = roleFromClaim(payload[this.settings.roleClaim]);
    if (!role) throw new OidcError(`The ID token's ${this.settings.roleClaim} claim names no Satark role`);
    const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim() : email;
    return { subject: `${payload.iss}#${payload.sub}`, email, displayName: name.slice(0, 100), role };
  }
}

/** The identity provider decides the role: the account is created or brought up to date. */
export async function upsertOidcAccount(db: Db, identity: OidcIdentity): Promise<Account> {
  const existing =
    (await db.account.findUnique({ where: { oidcSubject: identity.subject } })) ??
    (await db.account.findUnique({ where: { email: identity.email } }));
  if (!existing) {
    return db.account.create({
      data: {
        email: identity.email,
        displayName: identity.displayName,
        role: identity.role,
        oidcSubject: identity.subject,
      },
    });
  }
  return db.account.update({
    where: { id: existing.id },
    data: { role: identity.role, displayName: identity.displayName, oidcSubject: identity.subject },
  });
}
