// Signing a person out on one API instance closes their sockets on the others (Redis pub/sub).
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, startTestApi, type TestApi } from './harness';
import { createPerson, login, sessionFor, uniqueEmail } from './people-support';
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

describe.runIf(available)('sign-in throttle shared through Redis', () => {
  it('failures on two instances add up: past the limit both refuse, even the right password; the counter expires with its window', async () => {
    // A prefix of our own: the counters of this test only (the client is 127.0.0.1 for every test).
    const prefix = `satark-test-${randomUUID().slice(0, 8)}`;
    const env = { REDIS_PREFIX: prefix, LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_FAILURES_PER_CLIENT: '50' };
    const a = await startTestApi({ redisUrl: testRedisUrl, model: 'none', env });
    started.push(a);
    const b = await startTestApi({ redisUrl: testRedisUrl, model: 'none', env });
    started.push(b);
    const target = await createPerson(a, 'ANALYST');
    const bystander = await createPerson(a, 'ANALYST');

    // Two failures on A and one on B: each instance alone is under 3, together they reach it.
    expect((await login(a, target.email, 'wrong-guess-number-1')).__typename).toBe('InvalidCredentialsError');
    expect((await login(a, target.email, 'wrong-guess-number-2')).__typename).toBe('InvalidCredentialsError');
    expect((await login(b, target.email, 'wrong-guess-number-3')).__typename).toBe('InvalidCredentialsError');
    for (const api of [a, b]) {
      const refused = await login(api, target.email, target.password);
      expect(refused.__typename).toBe('RateLimitError');
      expect(refused.retryAfterSec).toBeGreaterThan(0);
      expect(refused.retryAfterSec).toBeLessThanOrEqual(15 * 60);
    }
    // Another account from the same client still signs in on either instance.
    expect((await login(b, bystander.email, bystander.password)).__typename).toBe('LoginSuccess');

    const redis = new Redis(testRedisUrl);
    try {
      const key = `{${prefix}:login-failures}:account:${target.email}`;
      expect(await redis.get(key)).toBe('3');
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(15 * 60_000);
      // The window ends (here: now): both instances let the right password in again.
      await redis.del(key);
      expect((await login(b, target.email, target.password)).__typename).toBe('LoginSuccess');
      // A success clears the account's count everywhere.
      await login(a, target.email, 'wrong-guess-number-4');
      expect(await redis.get(key)).toBe('1');
      expect((await login(a, target.email, target.password)).__typename).toBe('LoginSuccess');
      expect(await redis.get(key)).toBeNull();
    } finally {
      redis.disconnect();
    }
  });

  it('a client guessing across accounts is throttled on every instance', async () => {
    const prefix = `satark-test-${randomUUID().slice(0, 8)}`;
    const env = { REDIS_PREFIX: prefix, LOGIN_FAILURES_PER_ACCOUNT: '50', LOGIN_FAILURES_PER_CLIENT: '4' };
    const a = await startTestApi({ redisUrl: testRedisUrl, model: 'none', env });
    started.push(a);
    const b = await startTestApi({ redisUrl: testRedisUrl, model: 'none', env });
    started.push(b);
    const victim = await createPerson(a, 'ANALYST');
    for (const [i, api] of [a, b, a, b].entries()) {
      expect((await login(api, uniqueEmail(`guess${i}`), 'some-password-guess')).__typename).toBe(
        'InvalidCredentialsError',
      );
    }
    expect((await login(a, victim.email, victim.password)).__typename).toBe('RateLimitError');
    expect((await login(b, victim.email, victim.password)).__typename).toBe('RateLimitError');
  });
});
