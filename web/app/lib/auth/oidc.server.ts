// Sign-in with an OpenID Connect provider: authorization code + PKCE, done by the web server.
// The state, nonce and PKCE verifier ride in a signed, HttpOnly cookie scoped to /auth/oidc for
// ten minutes; the ID token the provider returns goes to the API's loginWithOidc, which verifies
// it against the issuer's keys and answers with a session like a password login.
import * as client from 'openid-client';
import type { OidcSettings } from '../config.server';
import { type OidcRoundTrip, oidcCookie } from '../cookies.server';

/**
 * What start and finish give back. Failures are values, not exceptions: the OIDC object is made by
 * the server bundle and used by the Remix bundle, so an error class would not be the same class.
 */
export type OidcOutcome<Value> = ({ ok: true } & Value) | { ok: false; message: string };

export interface OidcLogin {
  /** "Sign in with <name>". */
  name: string;
  /** Where to send the browser, and the cookie to set on the way. */
  start(options: {
    origin: string;
    next: string;
    secure: boolean;
  }): Promise<OidcOutcome<{ url: string; cookie: string }>>;
  /** The provider sent the browser back: checks state, nonce and PKCE and gives the ID token, or why not. */
  finish(options: {
    callbackUrl: URL;
    cookieHeader: string | null;
  }): Promise<OidcOutcome<{ idToken: string; next: string }>>;
  clearCookie(secure: boolean): Promise<string>;
}

export class OidcFailure extends Error {
  override name = 'OidcFailure';
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export function createOidcLogin(settings: OidcSettings, cookieSecret: string): OidcLogin {
  const cookie = oidcCookie(cookieSecret);
  let configuration: Promise<client.Configuration> | null = null;

  function discover(): Promise<client.Configuration> {
    const issuer = new URL(settings.issuer);
    configuration ??= client
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret ?? undefined,
        settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
        // Plain HTTP only for a provider on this machine (development and the browser tests).
        issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        configuration = null; // try again on the next sign-in rather than caching the failure
        throw new OidcFailure(
          `The sign-in provider at ${settings.issuer} did not answer: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return configuration;
  }

  const redirectUri = (origin: string) => settings.redirectUrl ?? `${origin}/auth/oidc/callback`;

  async function outcome<Value>(work: () => Promise<Value>): Promise<OidcOutcome<Value>> {
    try {
      return { ok: true, ...(await work()) };
    } catch (error) {
      if (error instanceof OidcFailure) return { ok: false, message: error.message };
      throw error;
    }
  }

  return {
    name: settings.name,
    start: ({ origin, next, secure }) =>
      outcome(async () => {
        const config = await discover();
        const roundTrip: OidcRoundTrip = {
          state: client.randomState(),
          nonce: client.randomNonce(),
          codeVerifier: client.randomPKCECodeVerifier(),
          next,
        };
        const url = client.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri(origin),
          scope: settings.scopes,
          response_type: 'code',
          code_challenge: await client.calculatePKCECodeChallenge(roundTrip.codeVerifier),
          code_challenge_method: 'S256',
          state: roundTrip.state,
          nonce: roundTrip.nonce,
        });
        return { url: url.toString(), cookie: await cookie.serialize(roundTrip, secure) };
      }),
    finish: ({ callbackUrl, cookieHeader }) =>
      outcome(async () => {
        const roundTrip = await cookie.parse(cookieHeader);
        if (!roundTrip)
          throw new OidcFailure('The sign-in took too long or was started elsewhere. Try again.');
        const providerError = callbackUrl.searchParams.get('error');
        if (providerError) {
          const description = callbackUrl.searchParams.get('error_description');
          throw new OidcFailure(`The sign-in provider refused: ${description ?? providerError}`);
        }
        const config = await discover();
        // The code is exchanged at the URL the provider was told to come back to.
        const current = new URL(redirectUri(callbackUrl.origin));
        current.search = callbackUrl.search;
        let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
        try {
          tokens = await client.authorizationCodeGrant(config, current, {
            pkceCodeVerifier: roundTrip.codeVerifier,
            expectedState: roundTrip.state,
            expectedNonce: roundTrip.nonce,
            idTokenExpected: true,
          });
        } catch (error) {
          throw new OidcFailure(
            `The sign-in could not be completed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        if (!tokens.id_token) throw new OidcFailure('The sign-in provider sent no ID token.');
        return { idToken: tokens.id_token, next: roundTrip.next };
      }),
    clearCookie: (secure) => cookie.clear(secure),
  };
}
