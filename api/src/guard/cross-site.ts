// Cross-site request forgery and CORS.
//
// A browser sends a "simple" cross-site POST (form, multipart, text/plain) without asking first,
// from the victim's machine: such a POST once ran mutations, e.g. anonymous reports from every
// visitor's address, past the per-address rate limit. Only JSON bodies (which a browser
// preflights) may carry an operation; GET never runs a mutation (Yoga refuses that itself).
import type { CORSOptions, Plugin } from 'graphql-yoga';
import { createGraphQLError } from 'graphql-yoga';

const OPERATION_CONTENT_TYPES = new Set(['application/json', 'application/graphql-response+json']);

export function jsonOnlyPostPlugin(): Plugin {
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      const contentType = request.headers.get('content-type') ?? '';
      const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!OPERATION_CONTENT_TYPES.has(mediaType)) {
        throw createGraphQLError(
          `A POST must have content-type application/json (got ${JSON.stringify(contentType.slice(0, 64))})`,
          { extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } } },
        );
      }
    },
  };
}

/**
 * CORS that answers only the configured origins, and never `null` (sandboxed frames and
 * `file:` pages send `Origin: null`; trusting it with credentials trusts every such page).
 */
export function corsFor(allowedOrigins: string[]) {
  const allowed = new Set(allowedOrigins.filter((origin) => origin !== 'null' && origin !== '*'));
  return (request: Request): CORSOptions => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
      exposedHeaders: ['x-request-id'],
    };
  };
}
