// The API's guard against hostile requests, as createYoga options and a few helpers for the
// graphql-ws server. Limits come from config.ts; SECURITY.md explains what each protects.
import { type DocumentNode, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { corsFor, jsonOnlyPostPlugin } from './cross-site';
import { cachedGraphiQL } from './graphiql';
import { queryGuardPlugins, queryLimitsFrom } from './query-guard';
import { maskWithRequestId, requestIdPlugin, yogaLogger } from './request-id';

export { currentRequestId, REQUEST_ID_HEADER } from './request-id';

export function yogaGuard(config: Config, logger: Logger) {
  return {
    plugins: [
      requestIdPlugin(),
      jsonOnlyPostPlugin(),
      ...queryGuardPlugins(queryLimitsFrom(config)),
    ] as Plugin[],
    options: {
      cors: corsFor(config.corsOrigins),
      renderGraphiQL: cachedGraphiQL(),
      maskedErrors: { maskError: maskWithRequestId },
      logging: yogaLogger(logger),
      // Checked against content-length and counted while streaming (chunked bodies too): 413.
      maxRequestBodySize: config.MAX_BODY_BYTES,
      // No file uploads here; multipart bodies are simple cross-site requests.
      multipart: false,
      // Validation here depends on the variables (their nesting, NUL characters), and Yoga's
      // validation cache is keyed by the document alone: a refusal would be replayed to the next
      // client sending the same document. Documents are small (MAX_QUERY_TOKENS), parsing stays cached.
      parserAndValidationCache: { validationCache: false },
    },
  };
}

/** WebSocketServer options: a message over the limit closes the socket with 1009. */
export function webSocketLimits(config: Config) {
  return { maxPayload: config.MAX_WS_MESSAGE_BYTES };
}

/**
 * Parses a graphql-ws operation with the guarded parser; a refused document becomes an error
 * message to the client instead of a thrown error (which graphql-ws answers with close 4500).
 */
export function parseOrErrors(
  parse: (source: string) => DocumentNode,
  query: string,
): DocumentNode | GraphQLError[] {
  try {
    return parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    if (error instanceof RangeError) return [new GraphQLError('The document nests too deeply to parse')];
    throw error;
  }
}
