import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gql } from '@urql/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiCaller, createApiTransport } from './api.server';

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

async function fakeApi(respond: (request: IncomingMessage) => unknown, status = 200): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(respond(request)));
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

const anonymous: ApiCaller = { token: null, clientAddress: null };
const createApiClient = ({ apiUrl }: { apiUrl: string }, caller: ApiCaller = anonymous) =>
  createApiTransport({ apiUrl }).forCaller(caller);
const toLogin = () => new Response(null, { status: 302, headers: { location: '/login' } });

describe('the API client', () => {
  it('sends the signed-in person’s session token and the browser’s address, and returns the data', async () => {
    let headers: IncomingMessage['headers'] = {};
    const apiUrl = await fakeApi((request) => {
      headers = request.headers;
      return { data: { viewer: { role: 'ANALYST' } } };
    });
    const api = createApiClient(
      { apiUrl },
      { token: 'ses_abc', clientAddress: '203.0.113.9', onUnauthenticated: toLogin },
    );
    expect(await api.query(viewerQuery, {})).toEqual({ viewer: { role: 'ANALYST' } });
    expect(headers.authorization).toBe('Bearer ses_abc');
    expect(headers['x-forwarded-for']).toBe('203.0.113.9');
  });

  it('sends no authorization header for the public', async () => {
    let authorization: string | undefined = 'unset';
    const apiUrl = await fakeApi((request) => {
      authorization = request.headers.authorization;
      return { data: { viewer: { role: 'ANONYMOUS' } } };
    });
    await createApiClient({ apiUrl }).query(viewerQuery, {});
    expect(authorization).toBeUndefined();
  });

  it('sends a page without a session to the login page without asking the API', async () => {
    let asked = false;
    const apiUrl = await fakeApi(() => {
      asked = true;
      return { data: {} };
    });
    const response = await thrown(
      createApiClient({ apiUrl }, { token: null, clientAddress: null, onUnauthenticated: toLogin }).query(
        viewerQuery,
        {},
      ),
    );
    expect(response.status).toBe(302);
    expect(asked).toBe(false);
  });

  it('sends a person whose session the API refuses to the login page', async () => {
    const apiUrl = await fakeApi(
      () => ({ errors: [{ message: 'Session expired', extensions: { code: 'UNAUTHENTICATED' } }] }),
      401,
    );
    const response = await thrown(
      createApiClient(
        { apiUrl },
        { token: 'ses_old', clientAddress: null, onUnauthenticated: toLogin },
      ).query(viewerQuery, {}),
    );
    expect(response.headers.get('location')).toBe('/login');
  });

  it('turns a refusal for the role into a 403 response', async () => {
    const apiUrl = await fakeApi(() => ({
      errors: [
        { message: 'Query.auditLog is not allowed for role ANALYST', extensions: { code: 'FORBIDDEN' } },
      ],
    }));
    const response = await thrown(
      createApiClient({ apiUrl }, { token: 'ses_a', clientAddress: null, onUnauthenticated: toLogin }).query(
        viewerQuery,
        {},
      ),
    );
    expect(response.status).toBe(403);
  });

  it('turns an unreachable API into a 503 response that says so', async () => {
    const apiUrl = await fakeApi(() => ({}));
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    const response = await thrown(createApiClient({ apiUrl }).query(viewerQuery, {}));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ kind: 'api-unavailable' });
  });

  it('turns GraphQL errors into a 502 response carrying the API’s message', async () => {
    const apiUrl = await fakeApi(() => ({ errors: [{ message: 'Needs an ANALYST key' }] }));
    const response = await thrown(createApiClient({ apiUrl }).query(viewerQuery, {}));
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ kind: 'api-error', message: 'Needs an ANALYST key' });
  });
});
