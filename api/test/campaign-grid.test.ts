// The pieces of campaign detection once for the grid, on a real Redis: the leader lease and the
// shared suspects (the whole grid is in scale-out.test.ts).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { LeaderLease } from '../src/redis/leader-lease';
import { type SharedSuspect, SharedSuspects } from '../src/redis/shared-suspects';
import { eventually } from './harness';
import { redisReachable, testRedisUrl } from './redis-support';

const available = await redisReachable();
if (!available) console.warn(`Redis is not reachable at ${testRedisUrl}: skipping the campaign grid tests`);

const logger = pino({ level: 'silent' });
const connections: Redis[] = [];
const connect = () => {
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  connections.push(redis);
  return redis;
};
afterAll(() => {
  for (const redis of connections) redis.disconnect();
});

describe.runIf(available)('LeaderLease', () => {
  it('lets exactly one of several instances lead, and hands over on a clean stop', async () => {
    const key = `satark-test:${randomUUID()}:leader`;
    const leases = ['a', 'b', 'c'].map(
      (holder) => new LeaderLease(connect(), { key, ttlMs: 5000, holder }, logger),
    );
    await Promise.all(leases.map((lease) => lease.start()));
    expect(leases.filter((lease) => lease.isLeader)).toHaveLength(1);
    const leader = leases.find((lease) => lease.isLeader) as LeaderLease;
    await leader.stop();
    expect(leader.isLeader).toBe(false);
    // Released at once: the next attempt of another takes it, without waiting for the TTL.
    const others = leases.filter((lease) => lease !== leader);
    await Promise.all(others.map((lease) => lease.tryHold()));
    expect(others.filter((lease) => lease.isLeader)).toHaveLength(1);
    await Promise.all(others.map((lease) => lease.stop()));
  });

  it('replaces a leader cut off from Redis once its lease expires, and the old one stands down and deletes nothing', async () => {
    const key = `satark-test:${randomUUID()}:leader`;
    const cutOff = connect();
    const first = new LeaderLease(cutOff, { key, ttlMs: 1200, holder: 'first' }, logger);
    const second = new LeaderLease(connect(), { key, ttlMs: 1200, holder: 'second' }, logger);
    await first.start();
    await second.start();
    expect([first.isLeader, second.isLeader]).toEqual([true, false]);
    // The leader's connection goes: it can renew nothing, as if its process hung or died.
    cutOff.disconnect();
    await eventually(() => (second.isLeader ? true : undefined), 10_000, 'the second to take over');
    // By its own clock the first knows its lease ran out.
    expect(first.isLeader).toBe(false);
    expect(second.acquisitions).toBe(1);
    // Stopping the old leader must not release the new leader's lease (compare-and-delete).
    await first.stop();
    const holder = await connect().get(key);
    expect(holder?.startsWith('second ')).toBe(true);
    await second.stop();
    expect(await connect().get(key)).toBeNull();
  });
});

describe.runIf(available)('SharedSuspects', () => {
  const suspect = (callerId: string, over: Partial<SharedSuspect> = {}): SharedSuspect => ({
    callerId,
    riskScore: 80,
    category: 'WANGIRI',
    lastCallAt: 1000,
    receivers: ['+919800000001'],
    ...over,
  });

  it('gathers every instance’s suspects, merging a caller two instances hold, and sums flagged calls once', async () => {
    const prefix = `satark-test-${randomUUID()}`;
    const a = new SharedSuspects(connect(), { prefix, holder: 'a', ttlMs: 10_000 });
    const b = new SharedSuspects(connect(), { prefix, holder: 'b', ttlMs: 10_000 });
    await a.share([suspect('+919811111111'), suspect('+919822222222', { riskScore: 75 })], 7);
    await b.share(
      [
        suspect('+919822222222', {
          riskScore: 90,
          category: 'LOTTERY',
          lastCallAt: 2000,
          receivers: ['+919800000002'],
        }),
      ],
      5,
    );
    const gathered = await a.gather();
    expect(gathered.map((s) => s.callerId)).toEqual(['+919811111111', '+919822222222']);
    expect(gathered[1]).toEqual({
      callerId: '+919822222222',
      riskScore: 90,
      category: 'LOTTERY',
      lastCallAt: 2000,
      receivers: ['+919800000001', '+919800000002'],
    });
    expect(await b.takeFlaggedCalls()).toBe(12);
    expect(await a.takeFlaggedCalls()).toBe(0);

    // A new round replaces an instance's snapshot: a caller no longer flagged is gone.
    await a.share([], 0);
    expect((await b.gather()).map((s) => s.callerId)).toEqual(['+919822222222']);
    await b.withdraw();
    expect(await a.gather()).toEqual([]);
  });

  it('forgets the suspects of an instance that stopped sharing once its snapshot expires', async () => {
    const prefix = `satark-test-${randomUUID()}`;
    const dead = new SharedSuspects(connect(), { prefix, holder: 'dead', ttlMs: 300 });
    const live = new SharedSuspects(connect(), { prefix, holder: 'live', ttlMs: 10_000 });
    await dead.share([suspect('+919833333333')], 0);
    await live.share([suspect('+919844444444')], 0);
    expect(await live.gather()).toHaveLength(2);
    await eventually(
      async () => ((await live.gather()).length === 1 ? true : undefined),
      5000,
      'the dead instance’s snapshot to expire',
    );
    expect((await live.gather())[0]?.callerId).toBe('+919844444444');
  });

  it('drops entries that are not what an instance writes', async () => {
    const prefix = `satark-test-${randomUUID()}`;
    const redis = connect();
    const reader = new SharedSuspects(redis, { prefix, holder: 'reader', ttlMs: 10_000 });
    await reader.share([suspect('+919855555555')], 0);
    await redis.zadd(`${prefix}:suspects`, Date.now() + 10_000, 'hostile');
    await redis.hset(`${prefix}:suspects:hostile`, {
      '+919866666666': 'not json',
      '+919877777777': JSON.stringify({ r: 500, c: 'WANGIRI', t: 1, v: [] }),
      '+919888888888': JSON.stringify({ r: 80, c: 'NOT_A_CATEGORY', t: 1, v: [] }),
      '+919899999999': JSON.stringify({ r: 80, c: null, t: 1, v: 'nope' }),
      'drop table': JSON.stringify({ r: 80, c: null, t: 1, v: [] }),
      '+919812121212': JSON.stringify({ r: 80, c: null, t: 1, v: ['+919800000003'] }),
    });
    await redis.incrby(`${prefix}:flagged-calls`, 3);
    await redis.set(`${prefix}:flagged-calls`, 'many');
    expect((await reader.gather()).map((s) => s.callerId)).toEqual(['+919812121212', '+919855555555']);
    expect(await reader.takeFlaggedCalls()).toBe(0);
  });
});
