import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gql } from '@urql/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from './api.server';

const viewerQuery = gql<{ viewer: { role: string } }, Record<string, never>>`
  query Viewer {
    viewer {
      role
    }
  }
`;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function fakeApi(respond: (request: IncomingMessage) => unknown): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(respond(request)));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('createApiClient', () => {
  it('sends the dashboard’s key as a bearer token and returns the data', async () => {
    let authorization: string | undefined;
    const apiUrl = await fakeApi((request) => {
      authorization = request.headers.authorization;
      return { data: { viewer: { role: 'ANALYST' } } };
    });
    const api = createApiClient({ apiUrl, dashboardApiKey: 'sk_test' });
    expect(await api.query(viewerQuery, {})).toEqual({ viewer: { role: 'ANALYST' } });
    expect(authorization).toBe('Bearer sk_test');
  });

  it('sends no authorization header without a key', async () => {
    let authorization: string | undefined = 'unset';
    const apiUrl = await fakeApi((request) => {
      authorization = request.headers.authorization;
      return { data: { viewer: { role: 'ANONYMOUS' } } };
    });
    await createApiClient({ apiUrl, dashboardApiKey: null }).query(viewerQuery, {});
    expect(authorization).toBeUndefined();
  });

  it('turns an unreachable API into a 503 response that says so', async () => {
    const apiUrl = await fakeApi(() => ({}));
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    const response = await thrown(createApiClient({ apiUrl, dashboardApiKey: null }).query(viewerQuery, {}));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ kind: 'api-unavailable' });
  });

  it('turns GraphQL errors into a 502 response carrying the API’s message', async () => {
    const apiUrl = await fakeApi(() => ({ errors: [{ message: 'Needs an ANALYST key' }] }));
    const response = await thrown(createApiClient({ apiUrl, dashboardApiKey: null }).query(viewerQuery, {}));
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ kind: 'api-error', message: 'Needs an ANALYST key' });
  });
});
