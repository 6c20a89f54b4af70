// The grid shape of `docker compose --profile scale`, as processes on this machine: two API
// instances (INSTANCE_ROLE=api) and two stream workers (INSTANCE_ROLE=worker) behind one Redis
// and one PostgreSQL. CDRs go in through the partitioned Redis stream, as producers send them.
import { randomUUID } from 'node:crypto';
import { streamTraffic } from '@satark/ml';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { type ChildApi, spawnApi } from '../bench/bench-support';
import { createDb } from '../src/db';
import { produceCdrs } from '../src/redis/cdr-producer';
import { createApiKey } from '../src/services/api-keys';
import { numberSeries } from '../src/services/campaign-detector';
import { partitionOf } from '../src/services/redis-partitions';
import { toCallInput } from '../src/services/simulator';
import { callInput, eventually, uniqueNumber, WORKING_HOURS_MS, workingHoursStart } from './harness';
import { redisReachable, testRedisUrl } from './redis-support';

const reachable = await redisReachable();
// Four processes on one database need a real PostgreSQL: the embedded one is one session.
const available = reachable && !inject('embeddedDatabase');
if (!available) console.warn('No Redis or an embedded database: skipping the scale-out test');

const PARTITIONS = 4;
const prefix = `satark-scale-${randomUUID().slice(0, 8)}`;
const stream = `${prefix}:cdr`;
const env = {
  DATABASE_URL: inject('databaseUrl'),
  DATABASE_POOL_SIZE: '2',
  REDIS_URL: testRedisUrl,
  REDIS_PREFIX: prefix,
  REDIS_PARTITIONS: String(PARTITIONS),
  // Leases well above the event-loop stalls of four processes on a busy 2-core machine.
  REDIS_LEASE_MS: '4000',
  CAMPAIGN_LEASE_MS: '4000',
  CAMPAIGN_INTERVAL_MS: '500',
  STREAM_INTERVAL_MS: '100',
  // Only the announcement can make every instance swap within the test's patience.
  MODEL_SYNC_MS: '600000',
  CASE_GROUP_SWEEP_MS: '0',
};

interface Instance extends ChildApi {
  name: string;
}
const instances: Instance[] = [];
const byName = (name: string) => instances.find((i) => i.name === name) as Instance;
const redis = available ? new Redis(testRedisUrl) : null;
const db = available ? createDb(inject('databaseUrl'), 2) : null;
const keys = { analyst: '', admin: '', operator: '' };

async function start(name: string, role: 'api' | 'worker') {
  const child = await spawnApi({ ...env, INSTANCE_ROLE: role, WORKER_ID: name, PORT: '0' });
  instances.push({ ...child, name });
}

async function gql<T>(instance: Instance, query: string, key: string, variables?: object): Promise<T> {
  const response = await fetch(instance.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** XADDs each CDR to its caller's partition, as a producer would. */
const produce = (calls: { caller: string }[]) =>
  produceCdrs(redis as Redis, { stream, partitions: PARTITIONS }, calls);

const stored = (ids: string[]) =>
  (db as NonNullable<typeof db>).callRecord.count({ where: { callId: { in: ids } } });

/** An instance's `satark_calls_ingested_total` for one outcome (0 before the first). */
async function ingested(instance: Instance, outcome: string): Promise<number> {
  const metrics = await (await fetch(instance.url.replace(/\/graphql$/, '/metrics'))).text();
  const match = new RegExp(`^satark_calls_ingested_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(
    metrics,
  );
  return match ? Number(match[1]) : 0;
}

const sumOver = async (names: string[], outcome: string) =>
  (await Promise.all(names.map((name) => ingested(byName(name), outcome)))).reduce((a, b) => a + b, 0);

interface IngestAnswer {
  ingestCalls: {
    __typename: string;
    data?: { accepted: number; duplicate: number; rejected: number; queued: boolean };
  };
}
const INGEST = `mutation($calls: [CallRecordInput!]!) { ingestCalls(calls: $calls) { __typename
  ... on MutationIngestCallsSuccess { data { accepted duplicate rejected queued } } } }`;

/** Every call's id each API instance's threatStream subscriber has seen. */
const seen = new Map<string, Set<string>>();
const batches = new Map<string, number>();
const clients: ReturnType<typeof createClient>[] = [];

beforeAll(async () => {
  if (!available || !db) return;
  keys.analyst = (await createApiKey(db, { name: `scale-analyst-${prefix}`, role: 'ANALYST' })).key;
  keys.admin = (await createApiKey(db, { name: `scale-admin-${prefix}`, role: 'ADMIN' })).key;
  keys.operator = (await createApiKey(db, { name: `scale-operator-${prefix}`, role: 'OPERATOR' })).key;
  // The first stores the model when the database has none; the others load it.
  await start('api-1', 'api');
  await Promise.all([start('api-2', 'api'), start('worker-1', 'worker'), start('worker-2', 'worker')]);
  for (const name of ['api-1', 'api-2']) {
    const client = createClient({
      url: byName(name).url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${keys.analyst}` },
    });
    clients.push(client);
    seen.set(name, new Set());
    batches.set(name, 0);
    client.subscribe<{ threatStream: { events: { id: string }[] } }>(
      { query: 'subscription { threatStream { events { id } } }' },
      {
        next: ({ data }) => {
          batches.set(name, (batches.get(name) ?? 0) + 1);
          for (const event of data?.threatStream.events ?? []) seen.get(name)?.add(event.id);
        },
        error: (error) => console.error(`threatStream on ${name} failed`, error),
        complete: () => {},
      },
    );
  }
  // Every instance publishes a batch each interval: a batch on each means both are subscribed.
  await eventually(
    () => ((batches.get('api-1') ?? 0) > 0 && (batches.get('api-2') ?? 0) > 0 ? true : undefined),
    30_000,
    'both subscriptions to start',
  );
  // The two workers split the partitions two and two.
  await eventually(
    async () => {
      const holders = await (redis as Redis).mget(
        ...Array.from({ length: PARTITIONS }, (_, p) => `${stream}:lease:${p}`),
      );
      const count = (worker: string) => holders.filter((h) => h === worker).length;
      return count('worker-1') === 2 && count('worker-2') === 2 ? true : undefined;
    },
    60_000,
    'the workers to share the partitions',
  );
}, 240_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await Promise.all(instances.map((instance) => instance.stop()));
  if (redis) {
    const leftover = await redis.keys(`${prefix}:*`);
    if (leftover.length) await redis.del(...leftover);
    redis.disconnect();
  }
  await db?.$disconnect();
}, 120_000);

describe.runIf(available)('two API instances and two stream workers (the compose scale profile)', () => {
  it('delivers every call read by either worker to subscribers on both API instances', async () => {
    const run = randomUUID().slice(0, 8);
    const calls = [];
    // Working hours, so callers of every partition call whatever the time of day the test runs.
    const start = workingHoursStart();
    for (const cdr of streamTraffic({ seed: 5, start, callers: 300, fraudRatio: 0.02 })) {
      if (cdr.timestamp > start + WORKING_HOURS_MS || calls.length === 3000) break;
      calls.push(toCallInput({ ...cdr, callId: `scale-${run}-${cdr.callId}` }));
    }
    const ids = calls.map((call) => call.callId);
    // In slices, so no instance's 100 ms batch outgrows the stream's per-batch bound.
    for (let i = 0; i < calls.length; i += 500) {
      const slice = calls.slice(i, i + 500);
      await produce(slice);
      await eventually(
        async () => ((await stored(slice.map((c) => c.callId))) === slice.length ? true : undefined),
        90_000,
        'the slice to be stored',
      );
    }
    expect(await stored(ids)).toBe(calls.length);
    // Both workers stored some: the traffic really went through two workers.
    const workersOf = await (db as NonNullable<typeof db>).callRecord.findMany({
      where: { callId: { in: ids } },
      select: { caller: true },
      distinct: ['caller'],
    });
    const partitionsUsed = new Set(workersOf.map((c) => partitionOf(c.caller, PARTITIONS)));
    expect(partitionsUsed.size).toBe(PARTITIONS);
    for (const name of ['api-1', 'api-2']) {
      await eventually(
        () => (ids.every((id) => seen.get(name)?.has(id)) ? true : undefined),
        30_000,
        `every call on ${name}'s threatStream`,
      );
    }
  }, 300_000);

  it('makes one campaign of a ring whose callers are read by different workers, with one leader', async () => {
    // SIMs bought in bulk (one number series) working one target list, one-second calls.
    const series = numberSeries(uniqueNumber().replace(/^\+9198/, '+9187')) as string;
    const ring: string[] = [];
    const perPartition = new Map<number, number>();
    for (let suffix = 0; suffix < 1000 && ring.length < 2 * PARTITIONS; suffix++) {
      const caller = `${series}${String(suffix).padStart(3, '0')}`;
      const partition = partitionOf(caller, PARTITIONS);
      if ((perPartition.get(partition) ?? 0) >= 2) continue;
      perPartition.set(partition, (perPartition.get(partition) ?? 0) + 1);
      ring.push(caller);
    }
    expect(ring).toHaveLength(2 * PARTITIONS);
    const targets = Array.from({ length: 60 }, () => uniqueNumber());
    const start = Date.now() - 3600_000;
    const calls = ring.flatMap((caller, c) =>
      Array.from({ length: 40 }, (_, i) => ({
        callId: `ring-${randomUUID()}`,
        caller,
        receiver: targets[(c * 7 + i) % targets.length] as string,
        startedAt: new Date(start + i * 60_000 + c * 1000).toISOString(),
        durationSec: 1,
        originRegion: 'Delhi',
        targetRegion: 'Mumbai',
      })),
    );
    await produce(calls);
    const database = db as NonNullable<typeof db>;
    await eventually(
      async () => ((await stored(calls.map((c) => c.callId))) === calls.length ? true : undefined),
      60_000,
      'the ring’s calls to be stored',
    );
    // Each worker holds half the ring: alone, each would make a campaign of its half.
    const flagged = await database.callRecord.findMany({
      where: { caller: { in: ring }, flagged: true },
      select: { caller: true },
      distinct: ['caller'],
    });
    expect(flagged.length, 'ring callers the model flags').toBe(ring.length);

    const members = await eventually(
      async () => {
        const rows = await database.campaignMember.findMany({
          where: { number: { in: ring } },
          select: { campaignId: true, number: true },
        });
        return new Set(rows.map((r) => r.number)).size === ring.length ? rows : undefined;
      },
      60_000,
      'every ring caller in a campaign',
    );
    expect(new Set(members.map((m) => m.campaignId)).size, JSON.stringify(members)).toBe(1);
    const campaign = await database.campaign.findUniqueOrThrow({
      where: { id: members[0]?.campaignId },
      select: { nodeCount: true, status: true },
    });
    expect(campaign).toEqual({ nodeCount: ring.length, status: 'ACTIVE' });
    // Raised just after the campaign is saved; one, not one per worker.
    const newCampaignAlerts = () =>
      database.alert.count({ where: { kind: 'NEW_CAMPAIGN', campaignId: members[0]?.campaignId } });
    await eventually(async () => ((await newCampaignAlerts()) > 0 ? true : undefined), 30_000, 'its alert');

    // Exactly one of the four leads, and it says so in /metrics.
    const leaders = await Promise.all(
      instances.map(async (instance) => {
        const metrics = await (await fetch(instance.url.replace(/\/graphql$/, '/metrics'))).text();
        return /^satark_campaign_leader 1$/m.test(metrics) ? instance.name : null;
      }),
    );
    expect(leaders.filter(Boolean)).toHaveLength(1);
    expect(await newCampaignAlerts()).toBe(1);
  }, 300_000);

  it('queues ingestCalls on an API instance for the workers, who store each call once', async () => {
    const ingest = async (name: string, calls: object[]) =>
      (await gql<IngestAnswer>(byName(name), INGEST, keys.operator, { calls })).ingestCalls.data;
    const workers = ['worker-1', 'worker-2'];
    const storedByWorkers = await sumOver(workers, 'accepted');
    const duplicatesAtWorkers = await sumOver(workers, 'duplicate');
    // Some callers in national format: each call is queued to its E.164 caller's partition.
    const calls = Array.from({ length: 200 }, (_, i) =>
      callInput(i % 2 ? {} : { caller: uniqueNumber().slice(3) }),
    );
    const ids = calls.map((c) => c.callId);
    const answer = await ingest('api-1', [...calls, { ...callInput(), durationSec: -5 }]);
    expect(answer).toEqual({ accepted: 200, duplicate: 0, rejected: 1, queued: true });
    // The integrator reads the verdicts back from the other API instance once workers stored them.
    const readBack = await eventually(
      async () => {
        const answer = await gql<{ calls: { data?: ({ id: string; caller: string } | null)[] } }>(
          byName('api-2'),
          'query($ids: [ID!]!) { calls(ids: $ids) { ... on QueryCallsSuccess { data { id caller } } } }',
          keys.operator,
          { ids },
        );
        const found = answer.calls.data ?? [];
        return found.length === ids.length && found.every(Boolean) ? found : undefined;
      },
      60_000,
      'the queued calls to be stored by the workers and read back by id',
    );
    expect(readBack.map((c) => c?.id)).toEqual(ids);
    expect(await stored(ids)).toBe(calls.length);
    // The workers stored them; neither API instance stored (or scored) a call itself.
    expect(await sumOver(workers, 'accepted')).toBeGreaterThanOrEqual(storedByWorkers + 200);
    expect(await sumOver(['api-1', 'api-2'], 'accepted')).toBe(0);
    expect(await ingested(byName('api-1'), 'queued')).toBeGreaterThanOrEqual(200);
    const callers = await (db as NonNullable<typeof db>).callRecord.findMany({
      where: { callId: { in: ids } },
      select: { caller: true },
    });
    expect(callers.every((c) => /^\+91\d{10}$/.test(c.caller))).toBe(true);

    // Sent again once stored: answered as duplicates, nothing queued.
    expect(await ingest('api-2', calls)).toEqual({ accepted: 0, duplicate: 200, rejected: 0, queued: true });

    // Sent to both API instances at once, before either copy is stored: both may queue it, and
    // the workers store each call once (exactly once by callId, decision 014).
    const twice = Array.from({ length: 100 }, () => callInput());
    const twiceIds = twice.map((c) => c.callId);
    const answers = await Promise.all([ingest('api-1', twice), ingest('api-2', twice)]);
    for (const a of answers) expect((a?.accepted ?? 0) + (a?.duplicate ?? 0)).toBe(100);
    const queuedTwice = answers.reduce((n, a) => n + (a?.accepted ?? 0), 0);
    expect(queuedTwice).toBeGreaterThanOrEqual(100);
    await eventually(
      async () =>
        (await stored(twiceIds)) === 100 &&
        (await sumOver(workers, 'duplicate')) >= duplicatesAtWorkers + queuedTwice - 100
          ? true
          : undefined,
      60_000,
      'every queued copy to reach a worker',
    );
    expect(await stored(twiceIds)).toBe(100);
  }, 300_000);

  it('scores with one model version on every instance after a retrainModel on one', async () => {
    const retrained = await gql<{ retrainModel: { __typename: string; data?: { version: string } } }>(
      byName('api-1'),
      'mutation { retrainModel(windowHours: 24) { __typename ... on MutationRetrainModelSuccess { data { version } } } }',
      keys.admin,
    );
    const version = retrained.retrainModel.data?.version;
    expect(version, JSON.stringify(retrained)).toBeTruthy();
    const versions = () =>
      Promise.all(
        instances.map(
          async (instance) =>
            (
              await gql<{ stats: { modelVersion: string | null } }>(
                instance,
                '{ stats { modelVersion } }',
                keys.analyst,
              )
            ).stats.modelVersion,
        ),
      );
    const agreed = await eventually(
      async () => {
        const all = await versions();
        return all.every((v) => v === version) ? all : undefined;
      },
      60_000,
      'every instance to swap the retrained model in',
    );
    expect(new Set(agreed)).toEqual(new Set([version]));
  }, 300_000);
});
