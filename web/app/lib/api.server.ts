// The dashboard's server talks to the Satark API with its own key; the browser never sees
// the API's address or the key. Failures become HTTP responses the route error boundaries show.
import { type AnyVariables, Client, fetchExchange, type TypedDocumentNode } from '@urql/core';
import type { WebConfig } from './config.server';

const REQUEST_TIMEOUT_MS = 8000;

export interface ApiErrorBody {
  kind: 'api-unavailable' | 'api-error';
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

export function createApiClient(config: Pick<WebConfig, 'apiUrl' | 'dashboardApiKey'>): ApiClient {
  const headers: Record<string, string> = config.dashboardApiKey
    ? { authorization: `Bearer ${config.dashboardApiKey}` }
    : {};
  const client = new Client({
    url: config.apiUrl,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetchOptions: () => ({ headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  });

  function unwrap<Data>(result: {
    data?: Data;
    error?: { networkError?: Error; graphQLErrors: { message: string }[] };
  }): Data {
    if (result.error?.networkError) {
      throw apiErrorResponse(503, {
        kind: 'api-unavailable',
        message: 'The Satark API is not reachable right now. This page will reload as soon as it is back.',
      });
    }
    if (result.error || result.data === undefined) {
      const message = result.error?.graphQLErrors.map((error) => error.message).join('; ') || 'No data';
      throw apiErrorResponse(502, { kind: 'api-error', message });
    }
    return result.data;
  }

  return {
    async query(document, variables) {
      return unwrap(await client.query(document, variables).toPromise());
    },
    async mutation(document, variables) {
      return unwrap(await client.mutation(document, variables).toPromise());
    },
  };
}
