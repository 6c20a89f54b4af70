// The dashboard's cookies: the session token, the CSRF token and the OIDC round trip's state.
// All HttpOnly and SameSite=Lax; Secure when the request came over HTTPS (or COOKIE_SECURE=on).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createCookie } from '@remix-run/node';
import type { WebConfig } from './config.server';

export const SESSION_COOKIE_NAME = 'satark_session';
export const CSRF_COOKIE_NAME = 'satark_csrf';
export const OIDC_COOKIE_NAME = 'satark_oidc';
/** The hidden form field every form post carries. */
export const CSRF_FIELD = 'csrf';

const OIDC_ROUND_TRIP_SECONDS = 10 * 60;

const base = { httpOnly: true, sameSite: 'lax' as const, path: '/' };
const sessionCookie = createCookie(SESSION_COOKIE_NAME, base);
const csrfCookie = createCookie(CSRF_COOKIE_NAME, base);

export interface RequestLike {
  url: string;
  headers: { get(name: string): string | null };
}

/** Was this request made over HTTPS, directly or through a proxy that says so? */
export function cameOverHttps(request: RequestLike): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || new URL(request.url).protocol === 'https:';
}

export function secureCookies(setting: WebConfig['cookieSecure'], request: RequestLike): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return cameOverHttps(request);
}

/** A session token looks like `ses_<random>`; anything else in the cookie is ignored. */
function asSessionToken(value: unknown): string | null {
  return typeof value === 'string' && /^ses_[A-Za-z0-9_-]{16,200}$/.test(value) ? value : null;
}

export async function readSessionToken(cookieHeader: string | null | undefined): Promise<string | null> {
  return asSessionToken(await sessionCookie.parse(cookieHeader ?? null));
}

export function serializeSessionCookie(token: string, expiresAt: Date, secure: boolean): Promise<string> {
  return sessionCookie.serialize(token, { expires: expiresAt, secure });
}

export function clearSessionCookie(secure: boolean): Promise<string> {
  return sessionCookie.serialize('', { expires: new Date(0), maxAge: 0, secure });
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function readCsrfCookie(cookieHeader: string | null | undefined): Promise<string | null> {
  const value = await csrfCookie.parse(cookieHeader ?? null);
  return typeof value === 'string' && value.length >= 32 ? value : null;
}

export function serializeCsrfCookie(token: string, secure: boolean): Promise<string> {
  return csrfCookie.serialize(token, { secure });
}

/** Double-submit check: the form field must equal the cookie (compared in constant time). */
export function csrfTokensMatch(cookieToken: string | null, formToken: unknown): boolean {
  if (!cookieToken || typeof formToken !== 'string') return false;
  const expected = Buffer.from(cookieToken);
  const given = Buffer.from(formToken);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface OidcRoundTrip {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

/** The OIDC state, nonce and PKCE verifier live in a signed, short-lived cookie between start and callback. */
export function oidcCookie(secret: string) {
  const cookie = createCookie(OIDC_COOKIE_NAME, {
    ...base,
    path: '/auth/oidc',
    maxAge: OIDC_ROUND_TRIP_SECONDS,
    secrets: [secret],
  });
  return {
    serialize: (roundTrip: OidcRoundTrip, secure: boolean) => cookie.serialize(roundTrip, { secure }),
    clear: (secure: boolean) => cookie.serialize('', { maxAge: 0, expires: new Date(0), secure }),
    async parse(cookieHeader: string | null): Promise<OidcRoundTrip | null> {
      // A tampered cookie fails its signature and parses as null.
      const value: unknown = await cookie.parse(cookieHeader);
      if (typeof value !== 'object' || value === null) return null;
      const { state, nonce, codeVerifier, next } = value as Record<string, unknown>;
      return typeof state === 'string' &&
        typeof nonce === 'string' &&
        typeof codeVerifier === 'string' &&
        typeof next === 'string'
        ? { state, nonce, codeVerifier, next }
        : null;
    },
  };
}
