import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createDb } from '../src/db';
import { CdrForwarder } from '../src/redis/cdr-forwarder';
import { ValidationError } from '../src/services/errors';
import { type PartitionedCdrConsumer, partitionOf, partitionStream } from '../src/services/redis-partitions';
import { callInput, startTestApi, type TestApi, uniqueNumber } from './harness';
import { redisReachable, testRedisUrl } from './redis-support';

const reachable = await redisReachable();
if (!reachable) console.warn(`Redis is not reachable at ${testRedisUrl}: skipping the Redis tests`);
// Several API processes on one database need a real PostgreSQL: the embedded one is one session.
const embedded = inject('embeddedDatabase');
if (embedded)
  console.warn('The test database is the embedded PGlite: skipping the multi-instance Redis tests');
const available = reachable && !embedded;

const started: TestApi[] = [];
afterAll(async () => {
  await Promise.all(started.map((api) => api.close()));
});

async function instance(env: Record<string, string>) {
  // Redis is shared: a prefix of its own keeps this test's channels and limits to itself.
  const api = await startTestApi({
    redisUrl: testRedisUrl,
    env: { REDIS_PREFIX: `satark-test-${randomUUID()}`, ...env },
  });
  started.push(api);
  return api;
}

describe.runIf(available)('two API instances on Redis', () => {
  it('a subscriber on one instance receives a call ingested on the other', async () => {
    const stream = `satark:test:${randomUUID()}`;
    const prefix = `satark-test-${randomUUID()}`;
    const [a, b] = [
      await instance({ REDIS_STREAM: stream, REDIS_PREFIX: prefix }),
      await instance({ REDIS_STREAM: stream, REDIS_PREFIX: prefix }),
    ];
    const call = callInput();
    const client = createClient({
      url: a.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${a.keys.ANALYST}` },
    });
    const received = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not received within 10 s')), 10_000);
      client.subscribe<{ threatStream: { events: { id: string }[] } }>(
        { query: 'subscription { threatStream { events { id } } }' },
        {
          next: ({ data }) => {
            const hit = data?.threatStream.events.find((e) => e.id === call.callId);
            if (hit) {
              clearTimeout(timer);
              resolve(hit.id);
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300));
    await b.gql(
      'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
      { c: [call] },
      b.keys.OPERATOR,
    );
    expect(await received).toBe(call.callId);
    await client.dispose();
  });

  it('instances in one consumer group share a Redis Stream of CDRs, each record stored once', async () => {
    const stream = `satark:test:${randomUUID()}`;
    const prefix = `satark-test-${randomUUID()}`;
    const [a, b] = [
      await instance({ REDIS_STREAM: stream, REDIS_PREFIX: prefix, WORKER_ID: 'worker-a' }),
      await instance({ REDIS_STREAM: stream, REDIS_PREFIX: prefix, WORKER_ID: 'worker-b' }),
    ];
    const redis = new Redis(testRedisUrl);
    const calls = Array.from({ length: 400 }, () => callInput());
    const pipeline = redis.pipeline();
    for (const call of calls) pipeline.xadd(stream, '*', 'cdr', JSON.stringify(call));
    pipeline.xadd(stream, '*', 'cdr', '{not json');
    await pipeline.exec();
    const ids = calls.map((c) => c.callId);
    const deadline = Date.now() + 20_000;
    while (
      (await a.app.db.callRecord.count({ where: { callId: { in: ids } } })) < calls.length &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await a.app.db.callRecord.count({ where: { callId: { in: ids } } })).toBe(calls.length);
    const consumers = (await redis.call('XINFO', 'CONSUMERS', stream, prefix)) as unknown[][];
    expect(consumers.length).toBe(2);
    expect(await redis.xlen(`${prefix}:dead-letters`)).toBe(1);
    const pending = (await redis.call('XPENDING', stream, prefix)) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
    void b;
    await redis.del(stream, `${prefix}:dead-letters`);
    redis.disconnect();
  });
});

describe.runIf(available)('CDRs partitioned by caller (REDIS_PARTITIONS)', () => {
  it('gives each caller to one worker, shares the partitions, and hands a stopped worker’s partitions over', async () => {
    const stream = `satark:test:${randomUUID()}`;
    const partitions = 4;
    const env = { REDIS_STREAM: stream, REDIS_PARTITIONS: String(partitions), REDIS_LEASE_MS: '3000' };
    const a = await instance({ ...env, WORKER_ID: 'part-a' });
    const b = await instance({ ...env, WORKER_ID: 'part-b' });
    const held = (api: TestApi) => (api.redisConsumer as PartitionedCdrConsumer).partitions;
    const until = async (check: () => Promise<boolean> | boolean, what: string, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // The first worker took all four; after rebalancing each holds two, none both. (A worker
    // whose event loop stalls past its lease, as when the other starts in this same process,
    // loses partitions and notices at its next renewal: the views agree again after that.)
    await until(
      () =>
        held(a).length === 2 && held(b).length === 2 && new Set([...held(a), ...held(b)]).size === partitions,
      'a fair share',
    );

    const redis = new Redis(testRedisUrl);
    const send = async (calls: ReturnType<typeof callInput>[]) => {
      const pipeline = redis.pipeline();
      for (const call of calls) {
        const partition = partitionOf(call.caller as string, partitions);
        pipeline.xadd(partitionStream(stream, partition), '*', 'cdr', JSON.stringify(call));
      }
      await pipeline.exec();
    };
    const stored = (ids: string[]) => a.app.db.callRecord.count({ where: { callId: { in: ids } } });
    const callers = Array.from({ length: 20 }, () => uniqueNumber());
    const first = callers.flatMap((caller) => Array.from({ length: 10 }, () => callInput({ caller })));
    await send(first);
    await until(
      async () => (await stored(first.map((c) => c.callId as string))) === first.length,
      'the calls',
    );
    for (const caller of callers) {
      const seenBy = [a, b].filter((api) => api.app.liveScorer.store.has(caller)).length;
      expect(seenBy, caller).toBe(1);
    }

    await b.close();
    await until(() => held(a).length === partitions, 'a to take b’s partitions over');
    const second = callers.map((caller) => callInput({ caller }));
    await send(second);
    await until(
      async () => (await stored(second.map((c) => c.callId as string))) === second.length,
      'the later calls',
    );
    for (const caller of callers) expect(a.app.liveScorer.store.has(caller)).toBe(true);

    const streams = Array.from({ length: partitions }, (_, p) => partitionStream(stream, p));
    await redis.del(...streams);
    redis.disconnect();
  });
});

describe.runIf(available)('restart without loss', () => {
  function spawnApi(
    stream: string,
    extraEnv: Record<string, string> = {},
  ): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/api-process.ts')],
      {
        env: {
          ...process.env,
          DATABASE_URL: inject('databaseUrl'),
          REDIS_URL: testRedisUrl,
          REDIS_STREAM: stream,
          WORKER_ID: 'the-only-worker',
          STREAM_INTERVAL_MS: '200',
          ...extraEnv,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`API process exited early (${code})`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        const match = /ready (\S+)/.exec(chunk.toString());
        if (match?.[1]) resolve({ child, url: match[1] });
      });
    });
  }

  it('every CDR accepted from the stream is in the database exactly once after kill -9 and restart', async () => {
    if (inject('embeddedDatabase')) return; // one process owns the embedded database
    const stream = `satark:test:${randomUUID()}`;
    const redis = new Redis(testRedisUrl);
    const db = createDb(inject('databaseUrl'), 2);
    const calls = Array.from({ length: 3000 }, () => callInput());
    const ids = calls.map((c) => c.callId);
    const countStored = () => db.callRecord.count({ where: { callId: { in: ids } } });
    const countedBefore = await db.statMinute.aggregate({ _sum: { calls: true } });

    const first = await spawnApi(stream);
    const pipeline = redis.pipeline();
    for (const call of calls) pipeline.xadd(stream, '*', 'cdr', JSON.stringify(call));
    await pipeline.exec();
    while ((await countStored()) < 300) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const storedAtKill = await countStored();
    expect(storedAtKill).toBeLessThan(calls.length);

    const second = await spawnApi(stream);
    const deadline = Date.now() + 60_000;
    while ((await countStored()) < calls.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));

    expect(await countStored()).toBe(calls.length);
    const countedAfter = await db.statMinute.aggregate({ _sum: { calls: true } });
    expect((countedAfter._sum.calls ?? 0) - (countedBefore._sum.calls ?? 0)).toBe(calls.length);
    await redis.del(stream);
    redis.disconnect();
    await db.$disconnect();
  });

  it('takes the partitions of a worker killed with SIGKILL over when its leases expire, pending records included', async () => {
    const stream = `satark:test:${randomUUID()}`;
    const partitions = 4;
    const env = { REDIS_STREAM: stream, REDIS_PARTITIONS: String(partitions), REDIS_LEASE_MS: '1500' };
    const doomed = await spawnApi(stream, { ...env, WORKER_ID: 'doomed' });
    const survivor = await instance({ ...env, WORKER_ID: 'survivor' });
    const held = () => (survivor.redisConsumer as PartitionedCdrConsumer).partitions;
    const until = async (check: () => Promise<boolean> | boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => held().length === 2, 'a fair share');

    const redis = new Redis(testRedisUrl);
    const calls = Array.from({ length: 2000 }, () => callInput());
    const pipeline = redis.pipeline();
    for (const call of calls) {
      pipeline.xadd(
        partitionStream(stream, partitionOf(call.caller as string, partitions)),
        '*',
        'cdr',
        JSON.stringify(call),
      );
    }
    await pipeline.exec();
    const ids = calls.map((c) => c.callId as string);
    const stored = () => survivor.app.db.callRecord.count({ where: { callId: { in: ids } } });
    await until(async () => (await stored()) >= 200, 'the first calls');
    doomed.child.kill('SIGKILL');
    await new Promise((r) => doomed.child.once('exit', r));

    await until(() => held().length === partitions, 'the survivor to hold every partition');
    await until(async () => (await stored()) === calls.length, 'every call');
    expect(await stored()).toBe(calls.length);
    await redis.del(...Array.from({ length: partitions }, (_, p) => partitionStream(stream, p)));
    redis.disconnect();
  });
});

describe.runIf(reachable)('ingestCalls on an API-only instance (CdrForwarder)', () => {
  it('validates, drops repeats, and appends each call in E.164 to its caller’s partition', async () => {
    const stream = `satark:test:${randomUUID()}`;
    const partitions = 4;
    const redis = new Redis(testRedisUrl);
    const db = createDb(inject('databaseUrl'), 2);
    const outcomes: Record<string, number> = {};
    const forwarder = new CdrForwarder({
      db,
      redis,
      target: { stream, partitions },
      maxBatch: 10,
      count: (outcome, calls) => {
        outcomes[outcome] = (outcomes[outcome] ?? 0) + calls;
      },
    });
    // National numbers: the partition is the E.164 caller's, as the worker will see it.
    const calls = Array.from({ length: 6 }, () => callInput({ caller: uniqueNumber().slice(3) }));
    const hostile = { ...callInput(), caller: "1' OR '1'='1" };
    const result = await forwarder.ingest([...calls, calls[0], hostile]);
    expect(result).toMatchObject({ accepted: 6, duplicate: 1, rejected: 1, queued: true, events: [] });
    expect(result.rejections).toEqual([expect.objectContaining({ index: 7, callId: hostile.callId })]);
    expect(outcomes).toEqual({ queued: 6, duplicate: 1, rejected: 1 });
    const queued = new Map<string, { partition: number; caller: string }>();
    for (let partition = 0; partition < partitions; partition++) {
      for (const [, fields] of await redis.xrange(partitionStream(stream, partition), '-', '+')) {
        const cdr = JSON.parse(fields[1] as string) as { callId: string; caller: string };
        queued.set(cdr.callId, { partition, caller: cdr.caller });
      }
    }
    expect([...queued.keys()].sort()).toEqual(calls.map((c) => c.callId).sort());
    for (const call of calls) {
      const entry = queued.get(call.callId);
      expect(entry?.caller).toBe(`+91${call.caller}`);
      expect(entry?.partition).toBe(partitionOf(`+91${call.caller}`, partitions));
    }
    // Over the cap: refused whole, nothing queued.
    const before = await redis.xlen(partitionStream(stream, 0));
    await expect(forwarder.ingest(Array.from({ length: 11 }, () => callInput()))).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await redis.xlen(partitionStream(stream, 0))).toBe(before);
    await redis.del(...Array.from({ length: partitions }, (_, p) => partitionStream(stream, p)));
    redis.disconnect();
    await db.$disconnect();
  });
});
