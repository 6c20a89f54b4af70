// One graphql-ws connection per tab, to the web server's same-origin /live relay, with
// retries forever (capped back-off) so live views come back by themselves after an outage.
// Kept free of urql so the landing page stays small; dashboard pages wrap it in urql.
import { type Client, createClient } from 'graphql-ws';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

const MAX_RETRY_WAIT_MS = 10_000;

/** 1 s, 2 s, 4 s … at most 10 s, with jitter so a restarted server is not hit by every tab at once. */
export function retryDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_WAIT_MS, 1000 * 2 ** retries);
  return Math.round(base * (0.75 + random() * 0.5));
}

export function liveUrl(location: Pick<Location, 'protocol' | 'host'>, path = '/live'): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/** The relay closes with this when the session is gone (expired, signed out, account disabled). */
export const SIGN_IN_AGAIN = 4401;
/** The API closes a revoked session's socket with 4403 (Forbidden). */
const SESSION_REVOKED = 4403;

function closeCodeOf(event: unknown): number | null {
  return typeof event === 'object' && event !== null && 'code' in event ? Number(event.code) : null;
}

/** How long to let a navigation already under way (signing out) finish before reloading. */
const SIGN_IN_AGAIN_DELAY_MS = 1000;

/**
 * Reloading sends the person to the login page (the loaders redirect there without a session).
 * Signing out closes the socket too, while the browser is already on its way to the login page:
 * then there is nothing to do.
 */
function signInAgain(): void {
  setTimeout(() => {
    if (window.location.pathname.startsWith('/dashboard')) window.location.reload();
  }, SIGN_IN_AGAIN_DELAY_MS);
}

export function openLiveSocket(path: string, onState: (state: ConnectionState) => void): Client {
  let signedOut = false;
  return createClient({
    url: liveUrl(window.location, path),
    lazy: false,
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => !signedOut,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
    on: {
      connecting: (isRetry) => onState(isRetry ? 'reconnecting' : 'connecting'),
      connected: () => onState('live'),
      closed: (event) => {
        const code = closeCodeOf(event);
        if (path === '/live' && (code === SIGN_IN_AGAIN || code === SESSION_REVOKED)) {
          signedOut = true;
          onState('reconnecting');
          signInAgain();
          return;
        }
        onState('reconnecting');
      },
    },
  });
}
