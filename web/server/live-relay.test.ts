import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { attachLiveRelay, type LiveRelay, type RelayAdmission } from './live-relay';

const schema = buildSchema(`
  type Query { ping: String }
  type Subscription { ticks: Int, whoami: String }
`);

interface FakeApi {
  url: string;
  seenAuthorizations: unknown[];
  close(): Promise<void>;
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startFakeApi(port = 0): Promise<FakeApi> {
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const seenAuthorizations: unknown[] = [];
  const cleanup = serveGraphqlWs(
    {
      schema,
      onConnect: (ctx) => {
        seenAuthorizations.push(ctx.connectionParams?.authorization);
        return ctx.connectionParams?.authorization === 'Bearer sk_dashboard';
      },
      roots: {
        subscription: {
          ticks: async function* () {
            for (const ticks of [1, 2, 3]) yield { ticks };
          },
          whoami: async function* () {
            yield { whoami: 'analyst' };
          },
        },
      },
    },
    wss,
  );
  const boundPort = await listen(server, port);
  return {
    url: `ws://127.0.0.1:${boundPort}/graphql`,
    seenAuthorizations,
    close: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRelay(upstreamUrl: string, apiKey: string | null, admission?: RelayAdmission) {
  const server = createServer();
  const relay: LiveRelay = attachLiveRelay(server, {
    upstreamUrl,
    routes: {
      '/live': async () =>
        admission ?? { outcome: 'relay', authorization: apiKey ? `Bearer ${apiKey}` : null },
    },
  });
  const port = await listen(server);
  cleanups.push(async () => {
    await relay.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `ws://127.0.0.1:${port}/live`, relay };
}

function browserClient(url: string, authorization?: string): Client {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : undefined,
  });
  cleanups.push(() => client.dispose());
  return client;
}

function collect(client: Client, query: string): Promise<{ values: unknown[]; error: unknown }> {
  return new Promise((resolve) => {
    const values: unknown[] = [];
    client.subscribe(
      { query },
      {
        next: (value) => values.push(value),
        error: (error) => resolve({ values, error }),
        complete: () => resolve({ values, error: null }),
      },
    );
  });
}

describe('the /live relay', () => {
  it('relays a subscription to the API, authenticated as the route decides and not as the browser says', async () => {
    const api = await startFakeApi();
    cleanups.push(() => api.close());
    const { url } = await startRelay(api.url, 'sk_dashboard');
    const result = await collect(browserClient(url, 'Bearer browser-key'), 'subscription { ticks }');
    expect(result.error).toBeNull();
    expect(result.values).toEqual([{ data: { ticks: 1 } }, { data: { ticks: 2 } }, { data: { ticks: 3 } }]);
    expect(api.seenAuthorizations).toEqual(['Bearer sk_dashboard']);
  });

  it('answers a query sent over /live with an error and never forwards it', async () => {
    const api = await startFakeApi();
    cleanups.push(() => api.close());
    const { url } = await startRelay(api.url, 'sk_dashboard');
    const result = await collect(browserClient(url), '{ ping }');
    expect(JSON.stringify(result.error)).toMatch(/Only subscriptions/);
  });

  it('closes the browser’s socket with 1011 when the API cannot be reached, so the client retries', async () => {
    const api = await startFakeApi();
    await api.close();
    const { url } = await startRelay(api.url, 'sk_dashboard');
    const closeCode = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
      socket.on('close', (code) => resolve(code));
    });
    expect(closeCode).toBe(1011);
  });

  it('refuses WebSocket upgrades on any other path', async () => {
    const api = await startFakeApi();
    cleanups.push(() => api.close());
    const { url } = await startRelay(api.url, null);
    const failed = await new Promise<boolean>((resolve) => {
      const socket = new WebSocket(url.replace('/live', '/graphql'), 'graphql-transport-ws');
      socket.on('open', () => resolve(false));
      socket.on('error', () => resolve(true));
    });
    expect(failed).toBe(true);
  });

  it('forgets upstream sockets when browsers leave', async () => {
    const api = await startFakeApi();
    cleanups.push(() => api.close());
    const { url, relay } = await startRelay(api.url, 'sk_dashboard');
    const client = browserClient(url);
    await collect(client, 'subscription { whoami }');
    await client.dispose();
    await expect.poll(() => relay.connections()).toBe(0);
  });

  it('refuses the upgrade itself when the route says so (no session cookie)', async () => {
    const api = await startFakeApi();
    cleanups.push(() => api.close());
    const { url } = await startRelay(api.url, null, { outcome: 'refuse', status: 401, reason: 'Sign in' });
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
    expect(api.seenAuthorizations).toEqual([]);
  });

  it('closes the socket with 4401 when the session is no longer good, before anything reaches the API', async () => {
    const api = await startFakeApi();
    cleanups.push(() => api.close());
    const { url } = await startRelay(api.url, null, {
      outcome: 'close',
      code: 4401,
      reason: 'Sign in again',
    });
    const closeCode = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      socket.on('close', (code) => resolve(code));
    });
    expect(closeCode).toBe(4401);
    expect(api.seenAuthorizations).toEqual([]);
  });
});
