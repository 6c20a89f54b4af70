// Every HTTP request (and every graphql-ws operation) gets an id. Unexpected errors are masked
// for the client ("Unexpected error.") but logged in full with that id, and the client sees the
// id in `extensions.requestId` and the `x-request-id` header, so a user can quote it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { maskError, type Plugin, type YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';

const scope = new AsyncLocalStorage<{ requestId: string }>();
const idByRequest = new WeakMap<Request, string>();
/** An id a client or proxy sent is kept if it is short and plain; anything else is replaced. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

export function requestIdPlugin(): Plugin {
  const withOperationScope = (wrapped: () => unknown) =>
    scope.getStore() ? wrapped() : scope.run({ requestId: randomUUID() }, wrapped);
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        const sent = request.headers.get(REQUEST_ID_HEADER);
        const requestId = sent && ACCEPTABLE_ID.test(sent) ? sent : randomUUID();
        idByRequest.set(request, requestId);
        return scope.run({ requestId }, wrapped);
      },
      // graphql-ws operations do not pass through `request`; each gets its own id.
      execute: (_payload, wrapped) => withOperationScope(wrapped) as ReturnType<typeof wrapped>,
      subscribe: (_payload, wrapped) => withOperationScope(wrapped) as ReturnType<typeof wrapped>,
    },
    onResponse({ request, response }) {
      const requestId = idByRequest.get(request);
      if (requestId) response.headers.set(REQUEST_ID_HEADER, requestId);
    },
  };
}

/** Yoga's masking, plus the request id on what the client sees. */
export function maskWithRequestId(error: unknown, message: string, isDev?: boolean): Error {
  const masked = maskError(error, message, isDev);
  const requestId = currentRequestId();
  if (masked === error || !requestId || !(masked instanceof GraphQLError)) return masked;
  return new GraphQLError(masked.message, {
    nodes: masked.nodes,
    source: masked.source,
    positions: masked.positions,
    path: masked.path,
    originalError: masked.originalError,
    extensions: { ...masked.extensions, requestId },
  });
}

/**
 * Yoga's logger interface on pino. Yoga calls `error(originalError)` when it masks one; pino
 * needs the error under `err` (with its stack), not an arguments array (that logged `{"0":{}}`).
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const adapt =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const requestId = currentRequestId();
      const error = args.find((arg): arg is Error => arg instanceof Error);
      const text = args.filter((arg) => typeof arg === 'string').join(' ');
      if (error) {
        const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
        logger[level](
          { err: original, requestId, path: (error as GraphQLError).path },
          text || error.message,
        );
        return;
      }
      const details = args.filter((arg) => typeof arg !== 'string');
      logger[level]({ requestId, ...(details.length > 0 ? { details } : {}) }, text);
    };
  return { debug: adapt('debug'), info: adapt('info'), warn: adapt('warn'), error: adapt('error') };
}
