// Signing a person out on one API instance closes their sockets on the others (Redis pub/sub).
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { afterAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, startTestApi, type TestApi } from './harness';
import { createPerson, sessionFor } from './people-support';
import { redisReachable, testRedisUrl } from './redis-support';

const available = (await redisReachable()) && !inject('embeddedDatabase');
const started: TestApi[] = [];
afterAll(async () => {
  await Promise.all(started.map((api) => api.close()));
});

describe.runIf(available)('revocation across instances', () => {
  it('disabling an account on one instance closes its socket on another within seconds', async () => {
    // A stream of our own: these instances must not take CDRs meant for other tests.
    const env = { REDIS_STREAM: `satark:test:people:${randomUUID()}` };
    const a = await startTestApi({ redisUrl: testRedisUrl, model: 'none', env });
    started.push(a);
    const b = await startTestApi({ redisUrl: testRedisUrl, model: 'none', env });
    started.push(b);
    const person = await createPerson(a, 'ANALYST');
    const token = await sessionFor(a, person.email, person.password);

    let connected = false;
    let closedCode: number | undefined;
    const client = createClient({
      url: b.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => {
          connected = true;
        },
        closed: (event) => {
          closedCode = (event as { code: number }).code;
        },
      },
    });
    try {
      await eventually(() => (connected ? true : undefined));
      expect(b.app.sockets.size).toBe(1);
      await a.gql(
        'mutation($id: ID!) { updateAccount(id: $id, enabled: false) { __typename } }',
        { id: person.id },
        a.keys.ADMIN,
      );
      expect(await eventually(() => closedCode, 10_000)).toBe(4403);
      expect(b.app.sockets.size).toBe(0);
    } finally {
      await client.dispose();
    }
  });
});
