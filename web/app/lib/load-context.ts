// What the web server hands every loader and action.
import type { ApiClient } from './api.server';
import type { OidcLogin } from './auth/oidc.server';
import type { Account } from './graphql/people';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /**
     * The API as the signed-in person (their session token). Without a session, or when the API no
     * longer accepts it, every call throws a redirect to /login?next=<this page>.
     */
    api: ApiClient;
    /** The API as the anonymous public, for the public pages. */
    publicApi: ApiClient;
    /** The signed-in account, asked once per request; redirects to /login without one. */
    account(): Promise<Account>;
    sessionToken: string | null;
    /** This browser's CSRF token (double-submit: cookie and hidden form field). */
    csrfToken: string;
    /** Whether cookies set on this response must be Secure. */
    secureCookies: boolean;
    /** The page this request is for, for `/login?next=`. */
    pagePath: string;
    /** The API's origin, for its plain HTTP routes (/audit.csv). */
    apiOrigin: string;
    clientAddress: string | null;
    /** Sign-in with the OpenID Connect provider, when one is configured. */
    oidc: OidcLogin | null;
  }
}
