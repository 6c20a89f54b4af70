// Who a /live socket acts for. `/live` needs a signed-in person: no session cookie → the upgrade is
// refused (401); a session the API no longer accepts → the socket is closed with 4401 so the page
// sends the person to the login page. `/live/public` is the anonymous public (masked numbers).
import type { IncomingMessage } from 'node:http';
import type { ApiTransport } from '../app/lib/api.server';
import { readSessionToken } from '../app/lib/cookies.server';
import { meQuery } from '../app/lib/graphql/people';
import { isSameOrigin, type RelayAdmission } from './live-relay';

export const SIGN_IN_AGAIN = 4401;

const unauthenticated = () => new Response(null, { status: 401 });

export function sessionAdmission(transport: ApiTransport) {
  return async (request: IncomingMessage): Promise<RelayAdmission> => {
    if (!isSameOrigin(request)) return { outcome: 'refuse', status: 403, reason: 'Cross-site socket' };
    const token = await readSessionToken(request.headers.cookie);
    if (!token) return { outcome: 'refuse', status: 401, reason: 'Sign in to follow the live view' };
    try {
      const { me } = await transport
        .forCaller({
          token,
          clientAddress: request.socket.remoteAddress ?? null,
          onUnauthenticated: unauthenticated,
        })
        .query(meQuery, {});
      if (!me?.enabled) return { outcome: 'close', code: SIGN_IN_AGAIN, reason: 'Sign in again' };
    } catch (error) {
      if (error instanceof Response && error.status === 401) {
        return { outcome: 'close', code: SIGN_IN_AGAIN, reason: 'Sign in again' };
      }
      // The API is down: the browser's client retries with back-off.
      return { outcome: 'close', code: 1011, reason: 'The Satark API is not reachable' };
    }
    return { outcome: 'relay', authorization: `Bearer ${token}` };
  };
}

export async function publicAdmission(request: IncomingMessage): Promise<RelayAdmission> {
  if (!isSameOrigin(request)) return { outcome: 'refuse', status: 403, reason: 'Cross-site socket' };
  return { outcome: 'relay', authorization: null };
}
