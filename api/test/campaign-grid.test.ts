// The pieces of campaign detection once for the grid, on a real Redis: the leader lease and the
// shared suspects, and the campaign monitor over two real leases on the real database (fenced
// writes, the burst baseline handed over). The whole grid is in scale-out.test.ts.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Alerts } from '../src/alerts';
import { createDb } from '../src/db';
import type { Alert } from '../src/generated/prisma/client';
import { LeaderLease } from '../src/redis/leader-lease';
import { type SharedSuspect, SharedSuspects } from '../src/redis/shared-suspects';
import { numberSeries } from '../src/services/campaign-detector';
import { fencedWrite, highestFence, StaleFenceError } from '../src/services/campaign-fence';
import { type CampaignGrid, CampaignMonitor } from '../src/services/campaign-monitor';
import { LiveScorer } from '../src/services/live-scorer';
import { ModelRegistry } from '../src/services/model-registry';
import { eventually, uniqueNumber } from './harness';
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
const db = createDb(inject('databaseUrl'), 4);
afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  await db.$disconnect();
});

describe.runIf(available)('LeaderLease', () => {
  it('lets exactly one of several instances lead, and hands over on a clean stop', async () => {
    const key = `{satark-test:${randomUUID()}:leader}`;
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
    const key = `{satark-test:${randomUUID()}:leader}`;
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

describe.runIf(available)('Fencing tokens', () => {
  it('keeps the lease and its fencing counter in one Redis Cluster slot (a hash tag), and refuses a key without one', () => {
    expect(
      () => new LeaderLease(connect(), { key: 'satark-test:no-tag', ttlMs: 600, holder: 'x' }, logger),
    ).toThrow(/hash tag/);
  });

  it('gives every acquisition a higher token, and a refence only to the holder', async () => {
    const key = `{satark-test:${randomUUID()}:leader}`;
    const first = new LeaderLease(connect(), { key, ttlMs: 600, holder: 'first' }, logger);
    const second = new LeaderLease(connect(), { key, ttlMs: 600, holder: 'second' }, logger);
    // The first takes it once and never renews: a leader stalled past its lease.
    await first.tryHold();
    expect(first.isLeader).toBe(true);
    await second.start();
    await eventually(() => (second.isLeader ? true : undefined), 10_000, 'the second to take over');
    expect(second.fence).toBeGreaterThan(first.fence);
    // The stale one gets no new token and stands down; the holder gets one above the floor.
    expect(await first.refence(second.fence)).toBe(0);
    expect(first.losses).toBe(1);
    const floor = second.fence + 100;
    expect(await second.refence(floor)).toBe(floor + 1);
    expect(second.fence).toBe(floor + 1);
    await second.stop();
    await first.stop();
  });

  it('refuses a write with a lower token than one already written, in the same transaction', async () => {
    const lease = `satark-test:${randomUUID()}`;
    const name = `fence-${randomUUID()}`;
    const write = (token: number, type: 'WANGIRI' | 'LOTTERY') =>
      fencedWrite(db, { lease, token }, (tx) =>
        tx.campaign.upsert({
          where: { id: name },
          create: { id: name, name, type, firstSeen: new Date(), lastSeen: new Date(), regions: [] },
          update: { type },
        }),
      );
    await write(2, 'WANGIRI');
    await write(3, 'LOTTERY');
    const refused = await write(2, 'WANGIRI').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StaleFenceError);
    expect(refused).toMatchObject({ token: 2, highest: 3 });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: name } })).type).toBe('LOTTERY');
    // The same token again is the same term: accepted.
    await write(3, 'WANGIRI');
    expect(await highestFence(db, lease)).toBe(3);
    await db.campaign.delete({ where: { id: name } });
  });
});

/** A campaign monitor leading (or not) a grid of real leases and shared suspects. */
function gridMonitor(
  lease: LeaderLease,
  suspects: SharedSuspects,
  options: { stalled?: boolean; raised?: Alert[] } = {},
) {
  const view: CampaignGrid['lease'] = {
    // Stalled: it checked it led just before a pause (GC, a cut-off); its clock has not moved
    // on, so it still believes it leads until the store refuses it and Redis says so.
    get isLeader() {
      return options.stalled ? lease.losses === 0 : lease.isLeader;
    },
    get acquisitions() {
      return lease.acquisitions;
    },
    get key() {
      return lease.key;
    },
    get fence() {
      return lease.fence;
    },
    refence: (floor) => lease.refence(floor),
  };
  // No dedupe window across runs of this test on one database; every raised alert is kept.
  const alerts = new Alerts(db, () => {}, { dedupeWindowMs: 1, maxPerMinute: 1000 });
  alerts.onRaised(async (alert) => {
    options.raised?.push(alert);
  });
  const scorer = new LiveScorer(new ModelRegistry());
  const monitor = new CampaignMonitor(db, scorer, alerts, logger, {
    // Long: rounds are run by hand here, and none counts as late.
    intervalMs: 60_000,
    quietMs: 3600_000,
    grid: { lease: view, suspects },
  });
  return { monitor, alerts };
}

/** Callers of one number series: detection groups them into one campaign. */
function ring(size: number): SharedSuspect[] {
  const series = numberSeries(uniqueNumber()) as string;
  const receivers = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
  return Array.from({ length: size }, (_, i) => ({
    callerId: `${series}${String(100 + i)}`,
    riskScore: 90,
    category: 'WANGIRI' as const,
    lastCallAt: Date.now(),
    receivers,
  }));
}

const campaignsOf = async (members: SharedSuspect[]) => {
  const rows = await db.campaignMember.findMany({
    where: { number: { in: members.map((m) => m.callerId) } },
    select: { campaignId: true },
  });
  return [...new Set(rows.map((r) => r.campaignId))];
};

describe.runIf(available)('Campaign writes across a change of leader', () => {
  it('refuses the writes of a leader that stalled past its lease once the next has written, and counts them', async () => {
    const prefix = `satark-test-${randomUUID()}`;
    const key = `{${prefix}:leader:campaign-detection}`;
    const worker = new SharedSuspects(connect(), { prefix, holder: 'worker', ttlMs: 60_000 });
    const leaseA = new LeaderLease(connect(), { key, ttlMs: 800, holder: 'a' }, logger);
    const leaseB = new LeaderLease(connect(), { key, ttlMs: 800, holder: 'b' }, logger);
    const a = gridMonitor(leaseA, new SharedSuspects(connect(), { prefix, holder: 'a', ttlMs: 60_000 }), {
      stalled: true,
    });
    const b = gridMonitor(leaseB, new SharedSuspects(connect(), { prefix, holder: 'b', ttlMs: 60_000 }));

    // A leads (one acquisition, never renewed) and makes the first ring's campaign.
    await leaseA.tryHold();
    const first = ring(4);
    await worker.share(first, 0);
    expect(await a.monitor.tick()).toHaveLength(1);
    const [firstCampaign] = await campaignsOf(first);
    expect(firstCampaign).toBeTruthy();

    // A's lease runs out; B takes it with a higher token and makes the second ring's campaign.
    await leaseB.start();
    await eventually(() => (leaseB.isLeader ? true : undefined), 10_000, 'B to take the lease');
    expect(leaseB.fence).toBeGreaterThan(leaseA.fence);
    const second = ring(4);
    await worker.share([...first, ...second], 0);
    await b.monitor.tick();
    const [secondCampaign] = await campaignsOf(second);
    expect(secondCampaign).toBeTruthy();
    const before = await db.campaign.findUniqueOrThrow({ where: { id: secondCampaign } });

    // A wakes, still sure it leads: its tracker never saw the second ring, so without the fence
    // it would store a second campaign of the same callers. The database refuses it.
    const touched = await a.monitor.tick();
    expect(touched.length).toBeGreaterThan(0);
    expect(a.monitor.refusedWrites).toBe(1);
    expect(await campaignsOf(second)).toEqual([secondCampaign]);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: secondCampaign } })).toEqual(before);
    // Redis told it the lease is not its own: it stands down and writes nothing more.
    expect(leaseA.losses).toBe(1);
    expect(await a.monitor.tick()).toEqual([]);
    expect(a.monitor.refusedWrites).toBe(1);
    expect(await highestFence(db, key)).toBe(leaseB.fence);
    await leaseB.stop();
    await leaseA.stop();
  });

  it('takes a token above the stored one when Redis lost the counter, and writes', async () => {
    const prefix = `satark-test-${randomUUID()}`;
    const key = `{${prefix}:leader:campaign-detection}`;
    const redis = connect();
    const worker = new SharedSuspects(redis, { prefix, holder: 'worker', ttlMs: 60_000 });
    const before = new LeaderLease(connect(), { key, ttlMs: 5000, holder: 'before' }, logger);
    await redis.set(`${key}:fence`, 41);
    await before.tryHold();
    expect(before.fence).toBe(42);
    const earlier = gridMonitor(
      before,
      new SharedSuspects(connect(), { prefix, holder: 'before', ttlMs: 60_000 }),
    );
    const members = ring(3);
    await worker.share(members, 0);
    await earlier.monitor.tick();
    await before.stop();
    // Redis restarted without persistence: the counter starts again below what was written.
    await redis.del(`${key}:fence`);
    const after = new LeaderLease(connect(), { key, ttlMs: 5000, holder: 'after' }, logger);
    await after.tryHold();
    expect(after.fence).toBe(1);
    const later = gridMonitor(
      after,
      new SharedSuspects(connect(), { prefix, holder: 'after', ttlMs: 60_000 }),
    );
    const grown = [
      ...members,
      ...ring(1).map((s) => ({ ...s, callerId: `${members[0]?.callerId.slice(0, -3)}999` })),
    ];
    await worker.share(grown, 0);
    await later.monitor.tick();
    expect(later.monitor.refusedWrites).toBe(1);
    expect(after.fence).toBe(43);
    expect(await highestFence(db, key)).toBe(43);
    const [campaign] = await campaignsOf(members);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign } })).nodeCount).toBe(4);
    await after.stop();
  });
});

describe.runIf(available)('The burst baseline across a change of leader', () => {
  it('goes on from the baseline the last leader left: no false burst from a stale one, no missed one from an empty one', async () => {
    const prefix = `satark-test-${randomUUID()}`;
    const key = `{${prefix}:leader:campaign-detection}`;
    const worker = new SharedSuspects(connect(), { prefix, holder: 'worker', ttlMs: 60_000 });
    const raised: Alert[] = [];
    const node = (holder: string) => {
      const lease = new LeaderLease(connect(), { key, ttlMs: 5000, holder }, logger);
      const { monitor } = gridMonitor(
        lease,
        new SharedSuspects(connect(), { prefix, holder, ttlMs: 60_000 }),
        { raised },
      );
      return { lease, monitor };
    };
    const rounds = async (leader: ReturnType<typeof node>, flagged: number[]) => {
      for (const calls of flagged) {
        await worker.share([], calls);
        await leader.monitor.tick();
      }
    };
    const bursts = () => raised.filter((alert) => alert.kind === 'BURST');

    // B leads a quiet grid (about 5 flagged calls a round), then hands over.
    const b = node('b');
    await b.lease.start();
    await rounds(b, [5, 5, 6, 4, 5]);
    await b.lease.stop();
    // A leads while traffic grows to 100 a round (in steps the rule does not call bursts: under
    // 50, then under three times the running mean), then hands over.
    const a = node('a');
    await a.lease.start();
    await rounds(a, [...Array(15).fill(45), ...Array(10).fill(100)]);
    expect(bursts()).toEqual([]);
    await a.lease.stop();
    // B again: its own baseline (~5) would call 120 a burst; A's (~78) does not.
    await b.lease.start();
    expect(b.lease.acquisitions).toBe(2);
    await rounds(b, [120, 110]);
    expect(bursts()).toEqual([]);
    await b.lease.stop();
    // C has never led: with an empty baseline its first round would only set it. A burst in
    // that round is a burst against the baseline B left.
    const c = node('c');
    await c.lease.start();
    await rounds(c, [1200]);
    expect(bursts()).toHaveLength(1);
    expect(bursts()[0]?.severity).toBe('CRITICAL');
    await c.lease.stop();
  });

  it('spreads the flagged calls that piled up during a hand-over over the rounds they cover', async () => {
    const prefix = `satark-test-${randomUUID()}`;
    const key = `{${prefix}:leader:campaign-detection}`;
    const worker = new SharedSuspects(connect(), { prefix, holder: 'worker', ttlMs: 60_000 });
    const raised: Alert[] = [];
    // The last leader took the flagged calls ten rounds ago (60 s each here) at ~100 a round,
    // then died; the workers went on counting: 1,000 wait for the next leader.
    await worker.keepBaseline({ mean: 100, takenAt: Date.now() - 600_000 });
    await worker.share([], 1000);
    const lease = new LeaderLease(connect(), { key, ttlMs: 5000, holder: 'next' }, logger);
    const { monitor, alerts } = gridMonitor(
      lease,
      new SharedSuspects(connect(), { prefix, holder: 'next', ttlMs: 60_000 }),
      {
        raised,
      },
    );
    await lease.start();
    await monitor.tick();
    expect(raised.filter((alert) => alert.kind === 'BURST')).toEqual([]);
    // Counted as ~100 in one round: the mean stays where it was.
    expect(alerts.memoryOf('BURST')).toBeCloseTo(100, 0);
    await lease.stop();
  });
});
