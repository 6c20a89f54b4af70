// Builds each request's load context: who is asking (the session cookie), their CSRF token, and
// API clients acting for them. Kept out of server/main.ts so it can be tested on its own.
import type { AppLoadContext } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import type { ApiTransport } from '../api.server';
import type { WebConfig } from '../config.server';
import {
  clearSessionCookie,
  newCsrfToken,
  readCsrfCookie,
  readSessionToken,
  secureCookies,
  serializeCsrfCookie,
} from '../cookies.server';
import { type Account, meQuery } from '../graphql/people';
import { loginPath, pagePathOf } from './next-path';
import type { OidcLogin } from './oidc.server';

export interface IncomingRequestFacts {
  /** The full URL as the browser asked for it. */
  url: URL;
  cookieHeader: string | null;
  forwardedProto: string | null;
  clientAddress: string | null;
  /** Adds a Set-Cookie header to whatever the response will be. */
  setCookie(value: string): void;
}

export interface RequestContextDeps {
  config: Pick<WebConfig, 'cookieSecure' | 'apiOrigin'>;
  transport: ApiTransport;
  oidc: OidcLogin | null;
}

export async function buildRequestContext(
  deps: RequestContextDeps,
  request: IncomingRequestFacts,
): Promise<AppLoadContext> {
  const secure = secureCookies(deps.config.cookieSecure, {
    url: request.url.toString(),
    headers: { get: (name) => (name === 'x-forwarded-proto' ? request.forwardedProto : null) },
  });
  const sessionToken = await readSessionToken(request.cookieHeader);
  let csrfToken = await readCsrfCookie(request.cookieHeader);
  if (!csrfToken) {
    // First visit: every page that renders a form needs the token, so it is set here, once.
    csrfToken = newCsrfToken();
    request.setCookie(await serializeCsrfCookie(csrfToken, secure));
  }
  const pagePath = pagePathOf(request.url);
  const clearCookie = sessionToken ? await clearSessionCookie(secure) : null;

  const toLogin = () =>
    clearCookie
      ? // The API refused the token: it expired, was revoked, or the account was disabled.
        redirect(loginPath(pagePath, 'expired'), { headers: { 'set-cookie': clearCookie } })
      : redirect(loginPath(pagePath));

  const api = deps.transport.forCaller({
    token: sessionToken,
    clientAddress: request.clientAddress,
    onUnauthenticated: toLogin,
  });
  const publicApi = deps.transport.forCaller({ token: null, clientAddress: request.clientAddress });

  let account: Promise<Account> | null = null;
  return {
    api,
    publicApi,
    account() {
      account ??= api.query(meQuery, {}).then(({ me }) => {
        if (!me) throw toLogin();
        return me;
      });
      return account;
    },
    sessionToken,
    csrfToken,
    secureCookies: secure,
    pagePath,
    apiOrigin: deps.config.apiOrigin,
    clientAddress: request.clientAddress,
    oidc: deps.oidc,
  };
}
