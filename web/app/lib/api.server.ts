// The dashboard's server talks to the Satark API on behalf of whoever is looking: the signed-in
// person's session token, or nobody (the public pages). The browser never sees the API's address
// or the token. Failures become HTTP responses the route error boundaries show.
import { type AnyVariables, Client, fetchExchange, type TypedDocumentNode } from '@urql/core';
import type { WebConfig } from './config.server';

const REQUEST_TIMEOUT_MS = 8000;

export interface ApiErrorBody {
  kind: 'api-unavailable' | 'api-error' | 'forbidden';
  message: string;
}

/** Thrown from loaders and actions; route error boundaries read `status` and the JSON body. */
export function apiErrorResponse(status: number, body: ApiErrorBody): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function isApiUnavailable(error: unknown): error is Response {
  return error instanceof Response && error.status === 503;
}

export interface ApiClient {
  query<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
  ): Promise<Data>;
  mutation<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
  ): Promise<Data>;
}

/** Who a request to the API is made for. */
export interface ApiCaller {
  /** A session token (`ses_…`), or null for the anonymous public. */
  token: string | null;
  /** The browser's address, sent as X-Forwarded-For so the API throttles per client. */
  clientAddress: string | null;
  /**
   * What to throw when the API does not accept the token (expired, revoked, disabled account) or
   * when there is no token at all: the caller decides (a redirect to the login page).
   * Absent: the public client, which never sends a token.
   */
  onUnauthenticated?: () => Response;
}

interface GraphqlErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

interface UrqlResultLike<Data> {
  data?: Data;
  error?: { networkError?: Error; graphQLErrors: GraphqlErrorLike[]; response?: unknown };
}

function httpStatusOf(response: unknown): number | null {
  return typeof response === 'object' && response !== null && 'status' in response
    ? Number((response as { status: unknown }).status)
    : null;
}

function isUnauthenticated(error: NonNullable<UrqlResultLike<unknown>['error']>): boolean {
  return (
    httpStatusOf(error.response) === 401 ||
    error.graphQLErrors.some((graphqlError) => graphqlError.extensions?.code === 'UNAUTHENTICATED')
  );
}

function isForbidden(error: NonNullable<UrqlResultLike<unknown>['error']>): boolean {
  return error.graphQLErrors.some((graphqlError) => graphqlError.extensions?.code === 'FORBIDDEN');
}

/** One HTTP client to the API for the whole server; `forCaller` scopes it to one request's viewer. */
export function createApiTransport(config: Pick<WebConfig, 'apiUrl'>) {
  const client = new Client({
    url: config.apiUrl,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    preferGetMethod: false,
  });

  return {
    forCaller(caller: ApiCaller): ApiClient {
      const headers: Record<string, string> = {};
      if (caller.token) headers.authorization = `Bearer ${caller.token}`;
      if (caller.clientAddress) headers['x-forwarded-for'] = caller.clientAddress;
      const operationContext = () => ({
        fetchOptions: { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
      });

      function unwrap<Data>(result: UrqlResultLike<Data>): Data {
        if (result.error && caller.onUnauthenticated && isUnauthenticated(result.error)) {
          throw caller.onUnauthenticated();
        }
        if (result.error?.networkError && httpStatusOf(result.error.response) === null) {
          throw apiErrorResponse(503, {
            kind: 'api-unavailable',
            message:
              'The Satark API is not reachable right now. This page will reload as soon as it is back.',
          });
        }
        if (result.error || result.data === undefined) {
          const message =
            result.error?.graphQLErrors.map((error) => error.message).join('; ') ||
            result.error?.networkError?.message ||
            'No data';
          if (result.error && isForbidden(result.error)) {
            throw apiErrorResponse(403, { kind: 'forbidden', message });
          }
          throw apiErrorResponse(502, { kind: 'api-error', message });
        }
        return result.data;
      }

      function refuseWithoutSession(): void {
        // A page that acts for a person has no business asking the API anonymously.
        if (caller.onUnauthenticated && !caller.token) throw caller.onUnauthenticated();
      }

      return {
        async query(document, variables) {
          refuseWithoutSession();
          return unwrap(await client.query(document, variables, operationContext()).toPromise());
        },
        async mutation(document, variables) {
          refuseWithoutSession();
          return unwrap(await client.mutation(document, variables, operationContext()).toPromise());
        },
      };
    },
  };
}

export type ApiTransport = ReturnType<typeof createApiTransport>;
