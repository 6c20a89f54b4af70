// What a number lookup does off its request path, on the real database: the lookup history is
// queued and written in batches, each lookup exactly once, and never lost on a clean close; an
// API key found active is remembered, and forgotten as soon as a revocation is broadcast.
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anonymousViewer, type Viewer } from '../src/auth';
import { createDb, type Db } from '../src/db';
import { LiveSockets } from '../src/live-sockets';
import { createPubSubHandle } from '../src/pubsub';
import { ActiveKeys } from '../src/services/active-keys';
import { createApiKey, revokeApiKey } from '../src/services/api-keys';
import { insertLookups, LookupHistory } from '../src/services/lookups';
import { checkNumber } from '../src/services/numbers';
import { Component, Supervisor } from '../src/supervision';
import { eventually, uniqueNumber } from './harness';

let db: Db;
beforeAll(() => {
  db = createDb(inject('databaseUrl'), inject('embeddedDatabase') ? 1 : 3);
});
afterAll(async () => {
  await db.$disconnect();
});

const keyViewer = (name: string): Viewer => ({
  role: 'OPERATOR',
  keyId: null,
  keyName: name,
  accountId: null,
  accountEmail: null,
  sessionId: null,
  actor: `key:${name}`,
  client: '127.0.0.1',
});

const stored = (number: string) => db.numberLookup.count({ where: { number } });

describe('the lookup history', () => {
  it('queues lookups, shows them to a reader at once, and writes each once on close', async () => {
    const history = new LookupHistory(db, { flushMs: 600_000 });
    history.start();
    const number = uniqueNumber();
    const check = { number, verdict: 'SAFE' as const, riskScore: 12.5 };
    await Promise.all(Array.from({ length: 40 }, () => history.record(keyViewer('bank'), check)));
    await history.record(anonymousViewer('203.0.113.9'), check);
    // Ten minutes to the next write: nothing was written on the requests' path.
    expect(history.pending).toBe(40);
    expect(await stored(number)).toBe(0);
    // A reader sees them at once (this instance's queue is written first).
    expect(await history.count(number)).toBe(40);
    const page = await history.list(number, { offset: 0, limit: 5 });
    expect(page.map((lookup) => lookup.actor)).toEqual(Array(5).fill('key:bank'));
    await Promise.all(Array.from({ length: 25 }, () => history.record(keyViewer('desk'), check)));
    expect(await stored(number)).toBe(40);
    await history.stop();
    expect(history.pending).toBe(0);
    expect(await stored(number)).toBe(65);
  });

  it('keeps a batch whose write failed and counts it once when the retry finds it stored', async () => {
    let failures = 1;
    // The first INSERT commits but its answer is lost, as when the connection drops after COMMIT.
    const health = new Component('lookup-history', false);
    const history = new LookupHistory(db, {
      flushMs: 600_000,
      health,
      write: async (batch) => {
        await insertLookups(db, batch);
        if (failures-- > 0) throw new Error('connection lost after COMMIT');
      },
    });
    const number = uniqueNumber();
    for (let i = 0; i < 7; i++)
      await history.record(keyViewer('bank'), { number, verdict: 'SUSPICIOUS', riskScore: 55 });
    await expect(history.flush()).rejects.toThrow(/connection lost/);
    expect(health.report().state).toBe('degraded');
    expect(history.pending).toBe(7);
    await history.stop();
    expect(health.report().consecutiveFailures).toBe(0);
    expect(await stored(number)).toBe(7);
  });
});

describe('number reads', () => {
  it('gives each of many concurrent lookups its own number’s row, read after it asked', async () => {
    // More than one statement's worth (64) in one turn, with repeats and never-seen numbers.
    const seen = Array.from({ length: 50 }, (_, index) => ({ number: uniqueNumber(), risk: index + 0.5 }));
    await db.phoneNumber.createMany({
      data: seen.map(({ number, risk }) => ({ number, riskScore: risk, callCount: 7, carrier: `c${risk}` })),
    });
    const unseen = Array.from({ length: 20 }, () => uniqueNumber());
    const asked = [
      ...seen.map((entry) => entry.number),
      ...unseen,
      ...seen.slice(0, 10).map((entry) => entry.number),
    ];
    const options = { trustedReportersNeeded: 3 };
    const checks = await Promise.all(asked.map((number) => checkNumber(db, number, options)));
    checks.forEach((check, index) => {
      expect(check.number).toBe(asked[index]);
      const row = seen.find((entry) => entry.number === check.number);
      expect(check.modelRiskScore).toBe(row ? row.risk : null);
      expect(check.carrier).toBe(row ? `c${row.risk}` : null);
      expect(check.known.callsSeen).toBe(row ? 7 : 0);
    });
    // Nothing is remembered between lookups: a report made after one is in the next.
    const target = seen[3]?.number as string;
    expect((await checkNumber(db, target, options)).reportCount).toBe(0);
    await db.report.create({
      data: { number: target, category: 'OTHER', reporter: 'anonymous:198.51.100.7' },
    });
    const [again, other] = await Promise.all([
      checkNumber(db, target, options),
      checkNumber(db, seen[4]?.number as string, options),
    ]);
    expect(again.reportCount).toBe(1);
    expect(other.reportCount).toBe(0);
  });
});

describe('active API keys', () => {
  it('remembers a key found active and forgets it when its revocation or its owner’s is broadcast', async () => {
    const handle = createPubSubHandle(undefined, `test-${Date.now()}`);
    const keys = new ActiveKeys(db, { ttlMs: 600_000 });
    // Revocations reach the cache the way they do in the app: through the socket tracker.
    const sockets = new LiveSockets(
      db,
      handle.pubsub,
      pino({ level: 'silent' }),
      { recheckMs: 3_600_000 },
      new Supervisor(new Registry()).component('socket-revocation'),
    );
    sockets.onRevoked((event) => keys.forget(event));
    sockets.start();
    try {
      const { key, apiKey } = await createApiKey(db, { name: 'remembered', role: 'ANALYST' });
      expect((await keys.find(key))?.id).toBe(apiKey.id);
      // Revoked behind the API's back (the CLI): still remembered until the time to live.
      await revokeApiKey(db, apiKey.id);
      expect((await keys.find(key))?.id).toBe(apiKey.id);
      handle.pubsub.publish('viewersRevoked', { keyIds: [apiKey.id], reason: 'API key revoked' });
      await eventually(async () => ((await keys.find(key)) === null ? true : undefined));
      expect(keys.size).toBe(0);

      const account = await db.account.create({
        data: { email: `keys-${Date.now()}@example.test`, role: 'ANALYST', displayName: 'Owner' },
      });
      const owned = await createApiKey(db, { name: 'owned', role: 'ANALYST', ownerId: account.id });
      expect((await keys.find(owned.key))?.owner?.enabled).toBe(true);
      await db.account.update({ where: { id: account.id }, data: { enabled: false } });
      handle.pubsub.publish('viewersRevoked', { accountId: account.id, reason: 'Account disabled' });
      await eventually(async () =>
        (await keys.find(owned.key))?.owner?.enabled === false ? true : undefined,
      );
    } finally {
      await sockets.stop();
      await handle.close();
    }
  });

  it('shares one read among concurrent requests with a key, never with a request after a revocation', async () => {
    let reads = 0;
    let open = (): void => {};
    let gate = Promise.resolve();
    // Reads of keys held until the test opens the gate: what is in flight is under control.
    const gated = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== 'apiKey') return Reflect.get(target, property, receiver);
        return {
          ...target.apiKey,
          findUnique: async (args: Parameters<Db['apiKey']['findUnique']>[0]) => {
            reads += 1;
            const found = await target.apiKey.findUnique(args);
            await gate;
            return found;
          },
        };
      },
    });
    const keys = new ActiveKeys(gated, { ttlMs: 600_000 });
    const busy = await createApiKey(db, { name: 'busy', role: 'OPERATOR' });
    const found = await Promise.all(Array.from({ length: 50 }, () => keys.find(busy.key)));
    expect(reads).toBe(1);
    expect(found.every((key) => key?.id === busy.apiKey.id)).toBe(true);

    const revoked = await createApiKey(db, { name: 'revoked-while-read', role: 'OPERATOR' });
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const begun = keys.find(revoked.key);
    await eventually(async () => (reads === 2 ? true : undefined));
    await revokeApiKey(db, revoked.apiKey.id);
    keys.forgetKeys([revoked.apiKey.id]);
    const after = keys.find(revoked.key);
    await eventually(async () => (reads === 3 ? true : undefined));
    open();
    // The read that began before the revocation saw the key active; the request after it did not
    // join that read, and nothing was remembered.
    expect((await begun)?.id).toBe(revoked.apiKey.id);
    expect(await after).toBeNull();
    expect(await keys.find(revoked.key)).toBeNull();
  });

  it('forgets a key once its time to live is over', async () => {
    const keys = new ActiveKeys(db, { ttlMs: 200 });
    const { key, apiKey } = await createApiKey(db, { name: 'short-lived', role: 'ANALYST' });
    expect(await keys.find(key)).not.toBeNull();
    await revokeApiKey(db, apiKey.id);
    await eventually(async () => ((await keys.find(key)) === null ? true : undefined));
  });
});
