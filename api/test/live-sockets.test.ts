// Unit tests of the one revocation mechanism (live-sockets.ts), with the in-process pub/sub and a
// stand-in for the three tables it asks. The integration tests (people*, security,
// adversarial-redis) check the same through real sockets, PostgreSQL and Redis.
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/auth';
import type { Db } from '../src/db';
import { LiveSockets, parseRevocation } from '../src/live-sockets';
import { createPubSubHandle } from '../src/pubsub';
import { Supervisor } from '../src/supervision';
import { eventually } from './harness';

const logger = pino({ level: 'silent' });

function viewer(ids: { keyId?: string; sessionId?: string; accountId?: string }): Viewer {
  return {
    role: 'ANALYST',
    keyId: ids.keyId ?? null,
    keyName: null,
    accountId: ids.accountId ?? null,
    accountEmail: null,
    sessionId: ids.sessionId ?? null,
    actor: 'test',
    client: '127.0.0.1',
  };
}

class FakeSocket {
  closed: { code: number; reason: string } | null = null;
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
}

/** What the database says is still live; `failures` makes the next queries throw. */
function fakeDb(live: { keys: string[]; sessions: string[]; accounts: string[] }, state = { failures: 0 }) {
  const table = (ids: () => string[]) => ({
    findMany: async ({ where }: { where: { id: { in: string[] } } }) => {
      if (state.failures > 0) {
        state.failures -= 1;
        throw new Error('database away');
      }
      return where.id.in.filter((id) => ids().includes(id)).map((id) => ({ id }));
    },
  });
  return {
    apiKey: table(() => live.keys),
    session: table(() => live.sessions),
    account: table(() => live.accounts),
  } as unknown as Db;
}

const running: LiveSockets[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sockets) => sockets.stop()));
});

function tracker(db: Db, pubsub = createPubSubHandle(undefined).pubsub, recheckMs = 3_600_000) {
  const supervisor = new Supervisor(new Registry());
  const touched: string[] = [];
  const sockets = new LiveSockets(
    db,
    pubsub,
    logger,
    { recheckMs, usage: { touch: (keyId) => touched.push(keyId) } },
    supervisor.component('socket-revocation'),
  );
  return { sockets, supervisor, touched, pubsub };
}

describe('LiveSockets', () => {
  it('closes the sockets of a revoked key, session or account with 4403, here and on other instances', async () => {
    const db = fakeDb({ keys: [], sessions: [], accounts: [] });
    const here = tracker(db);
    const there = tracker(db, here.pubsub);
    running.push(here.sockets, there.sockets);
    there.sockets.start();
    const keySocket = new FakeSocket();
    const sessionSocket = new FakeSocket();
    const ownedKeySocket = new FakeSocket();
    const bystander = new FakeSocket();
    here.sockets.track(viewer({ keyId: 'k1' }), keySocket);
    there.sockets.track(viewer({ sessionId: 's1', accountId: 'a1' }), sessionSocket);
    there.sockets.track(viewer({ keyId: 'k2', accountId: 'a1' }), ownedKeySocket);
    there.sockets.track(viewer({ sessionId: 's2', accountId: 'a2' }), bystander);

    here.sockets.revoke({ keyIds: ['k1'], reason: 'API key revoked' });
    expect(keySocket.closed).toEqual({ code: 4403, reason: 'API key revoked' });
    expect(here.sockets.size).toBe(0);

    here.sockets.revoke({ accountId: 'a1', reason: 'x'.repeat(500) });
    await eventually(() => (there.sockets.size === 1 ? true : undefined), 5000, 'the broadcast');
    expect(sessionSocket.closed?.code).toBe(4403);
    expect(ownedKeySocket.closed?.reason).toHaveLength(120);
    expect(bystander.closed).toBeNull();
  });

  it('forgets a socket that closed by itself, and does not track anonymous ones', () => {
    const { sockets } = tracker(fakeDb({ keys: [], sessions: [], accounts: [] }));
    const untrack = sockets.track(viewer({ keyId: 'k1' }), new FakeSocket());
    sockets.track(viewer({}), new FakeSocket());
    expect(sockets.size).toBe(1);
    untrack();
    expect(sockets.size).toBe(0);
  });

  it('re-checks keys, sessions and accounts in the database: closes what lost access, marks live keys used', async () => {
    const live = { keys: ['k1'], sessions: ['s1'], accounts: ['a1'] };
    const { sockets, touched } = tracker(fakeDb(live));
    const liveKey = new FakeSocket();
    const revokedKey = new FakeSocket();
    const endedSession = new FakeSocket();
    const disabledAccount = new FakeSocket();
    sockets.track(viewer({ keyId: 'k1', accountId: 'a1' }), liveKey);
    sockets.track(viewer({ keyId: 'k2' }), revokedKey);
    sockets.track(viewer({ sessionId: 's2', accountId: 'a1' }), endedSession);
    sockets.track(viewer({ sessionId: 's1', accountId: 'a3' }), disabledAccount);

    expect(await sockets.recheck()).toBe(3);
    expect(liveKey.closed).toBeNull();
    expect(revokedKey.closed).toEqual({ code: 4403, reason: 'API key revoked' });
    expect(endedSession.closed?.reason).toBe('Session ended');
    expect(disabledAccount.closed?.reason).toBe('Account disabled');
    expect(touched).toEqual(['k1']);
    expect(await sockets.recheck()).toBe(0);
  });

  it('keeps re-checking through a database outage, and shows the outage on its component', async () => {
    const state = { failures: 3 };
    const live = { keys: ['k1'], sessions: [], accounts: [] };
    const { sockets, supervisor } = tracker(fakeDb(live, state), undefined, 100);
    running.push(sockets);
    const socket = new FakeSocket();
    sockets.track(viewer({ keyId: 'k1' }), socket);
    sockets.start();
    const component = () => supervisor.statuses().find((c) => c.name === 'socket-revocation');
    await eventually(() => (component()?.state === 'degraded' ? true : undefined), 10_000, 'degraded');
    live.keys = [];
    await eventually(() => socket.closed ?? undefined, 20_000, 'the socket to close after the outage');
    expect(component()).toMatchObject({ state: 'running', restarts: 1 });
  });

  it('reads a broadcast revocation defensively', () => {
    expect(parseRevocation(null)).toBeNull();
    expect(parseRevocation('keys')).toBeNull();
    expect(parseRevocation({ keyIds: ['k1', 7, { $ne: 1 }], accountId: 5 })).toEqual({
      keyIds: ['k1'],
      sessionIds: undefined,
      accountId: null,
      reason: 'Access revoked',
    });
  });
});
