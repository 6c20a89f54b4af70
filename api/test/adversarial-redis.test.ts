// What an attacker (or a careless producer) can do through Redis, and what must hold anyway:
// no record stops the CDR consumer, deleted entries are not looped on, the stream stays bounded,
// deployments sharing a Redis stay apart, limits are shared, and a revoked key loses its feed.
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createDb, type Db } from '../src/db';
import { CallPipeline } from '../src/pipeline';
import { DeadLetterStream } from '../src/redis/dead-letters';
import { createApiKey, revokeApiKey } from '../src/services/api-keys';
import { RateLimitError } from '../src/services/errors';
import { RateLimiter } from '../src/services/rate-limiter';
import { RedisCdrConsumer } from '../src/services/redis-cdr-consumer';
import { type PartitionedCdrConsumer, partitionOf, partitionStream } from '../src/services/redis-partitions';
import { callInput, startTestApi, type TestApi, uniqueNumber } from './harness';
import { redisReachable, testRedisUrl } from './redis-support';

const reachable = await redisReachable();
if (!reachable) console.warn(`Redis is not reachable at ${testRedisUrl}: skipping the Redis attack tests`);
const embedded = inject('embeddedDatabase');
if (embedded) console.warn('The test database is the embedded PGlite: skipping the Redis attack tests');
const available = reachable && !embedded;

const started: TestApi[] = [];
const redis = available ? new Redis(testRedisUrl) : null;
const prefixes: string[] = [];
// PostgreSQL's connections are shared with other engineers' tests: close each test's APIs.
afterEach(async () => {
  await Promise.all(started.splice(0).map((api) => api.close()));
});
afterAll(async () => {
  // Only this file's keys: Redis is shared with other engineers' tests.
  for (const prefix of prefixes) {
    const keys = await redis?.keys(`${prefix}:*`);
    if (keys?.length) await redis?.del(...keys);
  }
  redis?.disconnect();
});

function newPrefix(): string {
  const prefix = `satark-adv-${randomUUID().slice(0, 8)}`;
  prefixes.push(prefix);
  return prefix;
}

async function instance(env: Record<string, string>): Promise<TestApi> {
  const api = await startTestApi({ redisUrl: testRedisUrl, env: { DATABASE_POOL_SIZE: '3', ...env } });
  started.push(api);
  return api;
}

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function db(api: TestApi) {
  return api.app.db;
}

function consumerOf(api: TestApi): RedisCdrConsumer {
  return api.redisConsumer as RedisCdrConsumer;
}

async function deadLetters(prefix: string): Promise<Record<string, string>[]> {
  const rows = (await redis?.xrange(`${prefix}:dead-letters`, '-', '+')) ?? [];
  return rows.map(([, fields]) => {
    const map: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i] as string] = fields[i + 1] as string;
    return map;
  });
}

/** XADDs each call as a stream entry (field `cdr`), in one round trip; returns the entry ids. */
async function addCdrs(stream: string, calls: unknown[]): Promise<string[]> {
  const pipeline = redis?.pipeline();
  for (const call of calls) pipeline?.xadd(stream, '*', 'cdr', JSON.stringify(call));
  return ((await pipeline?.exec()) ?? []).map(([, id]) => id as string);
}

/** The consumer is still reading: a CDR added now gets stored. */
async function aLaterCdrIsStored(api: TestApi, stream: string): Promise<void> {
  const later = callInput();
  await redis?.xadd(stream, '*', 'cdr', JSON.stringify(later));
  await until(
    async () => (await db(api).callRecord.count({ where: { callId: later.callId } })) === 1,
    'a later CDR',
  );
}

async function metricsText(api: TestApi): Promise<string> {
  return (await fetch(api.url.replace('/graphql', '/metrics'))).text();
}

async function pendingCount(stream: string, group: string): Promise<number> {
  const summary = (await redis?.call('XPENDING', stream, group)) as [number];
  return Number(summary[0]);
}

describe.runIf(available)('poison records in the CDR stream', () => {
  it('stores the records around one that breaks its batch, and dead-letters that one after REDIS_MAX_DELIVERIES', async () => {
    const prefix = newPrefix();
    const api = await instance({ REDIS_PREFIX: prefix, REDIS_MAX_DELIVERIES: '3' });
    const stream = `${prefix}:cdr`;
    const before = Array.from({ length: 40 }, () => callInput());
    // A NUL byte: PostgreSQL refuses it in text, which failed the whole batch, forever.
    const poison = callInput({ originRegion: 'Del\u0000hi' });
    const after = Array.from({ length: 40 }, () => callInput());
    const entryIds = await addCdrs(stream, [...before, poison, ...after]);
    const poisonId = entryIds[before.length];
    const good = [...before, ...after].map((call) => call.callId);
    await until(
      async () => (await db(api).callRecord.count({ where: { callId: { in: good } } })) === good.length,
      'the good records',
    );
    await until(
      async () => (await deadLetters(prefix)).length === 1,
      'the poison record to be dead-lettered',
    );
    const [letter] = await deadLetters(prefix);
    expect(letter?.streamId).toBe(poisonId);
    expect(letter?.stream).toBe(stream);
    // The ingest pipeline may come to reject it as invalid at once; until then it fails its batch.
    expect(['failing', 'rejected']).toContain(letter?.kind);
    if (letter?.kind === 'failing') expect(Number(letter.deliveries)).toBe(3);
    expect(JSON.parse(letter?.fields ?? '[]')).toEqual(['cdr', JSON.stringify(poison)]);
    expect(await pendingCount(stream, prefix)).toBe(0);

    // And the consumer goes on.
    await aLaterCdrIsStored(api, stream);
    expect(consumerOf(api).health().state).toBe('running');
    const metrics = await metricsText(api);
    expect(metrics).toMatch(/satark_redis_dead_letters_total\{kind="(failing|rejected)"\} 1/);
  });

  it('dead-letters unreadable and invalid records at once, with their kind, reason and fields', async () => {
    const prefix = newPrefix();
    const api = await instance({ REDIS_PREFIX: prefix });
    const stream = `${prefix}:cdr`;
    const good = callInput();
    await redis?.xadd(stream, '*', 'cdr', '{not json');
    await redis?.xadd(stream, '*', 'something', 'else');
    await redis?.xadd(stream, '*', 'cdr', JSON.stringify(callInput({ durationSec: -5 })));
    await redis?.xadd(stream, '*', 'cdr', JSON.stringify(good));
    await until(
      async () => (await db(api).callRecord.count({ where: { callId: good.callId } })) === 1,
      'the good CDR',
    );
    await until(async () => (await deadLetters(prefix)).length === 3, 'three dead letters');
    const letters = await deadLetters(prefix);
    expect(letters.map((l) => l.kind)).toEqual(['unreadable', 'unreadable', 'rejected']);
    expect(letters[0]?.reason).toBe('"cdr" is not valid JSON');
    expect(letters[1]?.reason).toBe('entry has no "cdr" field');
    expect(letters[2]?.reason).toMatch(/durationSec/);
    expect(await pendingCount(stream, prefix)).toBe(0);
  });

  it('skips pending entries deleted from the stream (its own and idle ones of a dead worker) instead of looping on them', async () => {
    const prefix = newPrefix();
    const stream = `${prefix}:cdr`;
    const worker = `worker-${randomUUID().slice(0, 6)}`;
    await redis?.xgroup('CREATE', stream, prefix, '0', 'MKSTREAM');
    const mine = await redis?.xadd(stream, '*', 'cdr', JSON.stringify(callInput()));
    await redis?.call('XREADGROUP', 'GROUP', prefix, worker, 'COUNT', 1, 'STREAMS', stream, '>');
    const ghosts = await redis?.xadd(stream, '*', 'cdr', JSON.stringify(callInput()));
    await redis?.call('XREADGROUP', 'GROUP', prefix, 'dead-worker', 'COUNT', 1, 'STREAMS', stream, '>');
    await redis?.xdel(stream, mine as string, ghosts as string);
    expect(await pendingCount(stream, prefix)).toBe(2);

    const api = await instance({ REDIS_PREFIX: prefix, WORKER_ID: worker, REDIS_CLAIM_IDLE_MS: '200' });
    await until(() => consumerOf(api).skipped === 2, 'both deleted entries to be skipped');
    expect(await pendingCount(stream, prefix)).toBe(0);
    await aLaterCdrIsStored(api, stream);
    expect(consumerOf(api).health()).toMatchObject({ state: 'running', restarts: 0 });
    const metrics = await metricsText(api);
    expect(metrics).toMatch(/satark_redis_skipped_total 2/);
  });

  it('keeps records pending, not dead-lettered, while the database is down, and stores them when it is back', async () => {
    const prefix = newPrefix();
    const stream = `${prefix}:cdr`;
    // A real API for its scorer and alerts; the consumer under test writes through `current`.
    const api = await startTestApi({ env: { DATABASE_POOL_SIZE: '3' } });
    started.push(api);
    const unreachable = createDb('postgresql://postgres@127.0.0.1:1/nowhere', 1);
    let current = unreachable;
    const pipelineOn = (db: Db) =>
      new CallPipeline({
        db,
        scorer: api.app.liveScorer,
        alerts: api.app.alerts,
        maxBatch: 500,
        publish: () => {},
      });
    const pipelines = new Map([[unreachable, pipelineOn(unreachable)]]);
    const ingest = (calls: readonly unknown[]) => {
      const pipeline = pipelines.get(current) ?? pipelineOn(current);
      pipelines.set(current, pipeline);
      return pipeline.ingest(calls);
    };
    const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
    const consumer = new RedisCdrConsumer(
      connection,
      {
        stream,
        group: prefix,
        consumer: 'outage-worker',
        batchSize: 100,
        blockMs: 200,
        claimIdleMs: 30_000,
        handling: {
          deadLetters: new DeadLetterStream(connection, `${prefix}:dead-letters`, 1000),
          maxDeliveries: 2,
          trimIntervalMs: null,
          databaseAnswers: () => current.$queryRaw`SELECT 1`.then(() => true),
          backoff: { initialMs: 50, maxMs: 400 },
        },
      },
      ingest,
      api.logger,
    );
    const calls = Array.from({ length: 20 }, () => callInput());
    await redis?.xgroup('CREATE', stream, prefix, '0', 'MKSTREAM');
    for (const call of calls) await redis?.xadd(stream, '*', 'cdr', JSON.stringify(call));
    await consumer.start();
    try {
      await until(() => consumer.health().restarts >= 4, 'the consumer to back off a few times');
      expect(consumer.health().state).toBe('degraded');
      expect(consumer.health().lastError).toBeTruthy();
      expect(await deadLetters(prefix)).toEqual([]);
      expect(await pendingCount(stream, prefix)).toBe(calls.length);

      current = api.app.db;
      const ids = calls.map((call) => call.callId);
      await until(
        async () => (await api.app.db.callRecord.count({ where: { callId: { in: ids } } })) === calls.length,
        'the records to be stored after the outage',
      );
      await until(() => consumer.health().state === 'running', 'the consumer to recover');
      expect(await deadLetters(prefix)).toEqual([]);
      expect(await pendingCount(stream, prefix)).toBe(0);
    } finally {
      await consumer.stop();
      connection.disconnect();
      await unreachable.$disconnect();
    }
    expect(consumer.health().state).toBe('stopped');
  });
});

describe.runIf(available)('the CDR stream stays bounded', () => {
  it('trims acknowledged entries and never one a consumer group has not finished', async () => {
    const prefix = newPrefix();
    const stream = `${prefix}:cdr`;
    const api = await instance({ REDIS_PREFIX: prefix, REDIS_TRIM: 'off' });
    // Another group on the same stream that reads slowly: what it has not acknowledged must stay.
    await redis?.xgroup('CREATE', stream, 'laggard', '0');
    const calls = Array.from({ length: 100 }, () => callInput());
    const ids = await addCdrs(stream, calls);
    const stored = () => db(api).callRecord.count({ where: { callId: { in: calls.map((c) => c.callId) } } });
    await until(async () => (await stored()) === calls.length, 'the calls');

    expect(await consumerOf(api).trim()).toBe(0); // the laggard has read nothing
    expect(await redis?.xlen(stream)).toBe(100);
    await redis?.call('XREADGROUP', 'GROUP', 'laggard', 'slow', 'COUNT', 60, 'STREAMS', stream, '>');
    await redis?.xack(stream, 'laggard', ...ids.slice(0, 30));
    expect(await consumerOf(api).trim()).toBe(30); // 31st..60th are pending for the laggard
    expect((await redis?.xrange(stream, '-', '+', 'COUNT', 1))?.[0]?.[0]).toBe(ids[30]);

    await redis?.xgroup('DESTROY', stream, 'laggard');
    await consumerOf(api).trim();
    // Everything up to the group's last-delivered entry (which is kept) is gone.
    expect(await redis?.xlen(stream)).toBe(1);
  });

  it('trims periodically on its own (REDIS_TRIM_INTERVAL_MS)', async () => {
    const prefix = newPrefix();
    const stream = `${prefix}:cdr`;
    const api = await instance({ REDIS_PREFIX: prefix, REDIS_TRIM_INTERVAL_MS: '200' });
    const calls = Array.from({ length: 200 }, () => callInput());
    await addCdrs(stream, calls);
    await until(async () => ((await redis?.xlen(stream)) ?? 0) <= 1, 'the stream to be trimmed');
    expect(await db(api).callRecord.count({ where: { callId: { in: calls.map((c) => c.callId) } } })).toBe(
      200,
    );
    const metrics = await metricsText(api);
    expect(metrics).toMatch(/satark_redis_trimmed_total (199|200)/);
  });
});

function subscribe(url: string, key: string | null) {
  const events: { id: string; caller: string }[] = [];
  let closeCode: number | null = null;
  let receivedAfterClose = 0;
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // The close is what these tests wait for, not an error to print.
    onNonLazyError: () => {},
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    on: {
      closed: (event) => {
        closeCode = (event as { code: number }).code;
      },
    },
  });
  client.subscribe<{ threatStream: { events: { id: string; caller: string }[] } }>(
    { query: 'subscription { threatStream { events { id caller } } }' },
    {
      next: ({ data }) => {
        if (closeCode !== null) receivedAfterClose += 1;
        events.push(...(data?.threatStream.events ?? []));
      },
      error: () => {},
      complete: () => {},
    },
  );
  return {
    client,
    events,
    closeCode: () => closeCode,
    receivedAfterClose: () => receivedAfterClose,
  };
}

async function ingestOne(api: TestApi, call = callInput()) {
  const result = await api.gql(
    'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
    { c: [call] },
    api.keys.OPERATOR,
  );
  expect(result.errors).toBeUndefined();
  return call;
}

describe.runIf(available)('deployments sharing one Redis (REDIS_PREFIX)', () => {
  it('do not see each other’s threatStream events or CDRs', async () => {
    const [prefixA, prefixB] = [newPrefix(), newPrefix()];
    const a = await instance({ REDIS_PREFIX: prefixA });
    const b = await instance({ REDIS_PREFIX: prefixB });
    const watcher = subscribe(a.url, a.keys.ANALYST);
    // Ours arrives (the subscription works); theirs, sent first, never does.
    await until(async () => {
      await ingestOne(a, callInput());
      return watcher.events.length > 0;
    }, 'the subscription to work');
    const theirs = await ingestOne(b);
    const ours = await ingestOne(a);
    await until(() => watcher.events.some((e) => e.id === ours.callId), 'our own event');
    expect(watcher.events.some((e) => e.id === theirs.callId)).toBe(false);
    await watcher.client.dispose();

    const cdr = callInput();
    await redis?.xadd(`${prefixA}:cdr`, '*', 'cdr', JSON.stringify(cdr));
    await until(
      async () => (await db(a).callRecord.count({ where: { callId: cdr.callId } })) === 1,
      'the CDR',
    );
    await until(() => consumerOf(a).processed === 1, 'A to have read it');
    expect(consumerOf(b).processed).toBe(0);
  });
});

describe.runIf(available)('anonymous limits across instances', () => {
  it('share one anonymous budget between two API instances on one Redis', async () => {
    const prefix = newPrefix();
    const env = { REDIS_PREFIX: prefix, ANON_MUTATIONS_PER_MINUTE: '3' };
    const [a, b] = [await instance(env), await instance(env)];
    const report = (api: TestApi) =>
      api.gql<{ reportNumber: { __typename: string; retryAfterSec?: number } }>(
        `mutation { reportNumber(input: { number: "+919812345678", category: LOTTERY }) { __typename ... on RateLimitError { retryAfterSec } } }`,
      );
    const outcomes = [await report(a), await report(b), await report(a), await report(b), await report(a)];
    expect(outcomes.map((o) => o.data?.reportNumber.__typename)).toEqual([
      'MutationReportNumberSuccess',
      'MutationReportNumberSuccess',
      'MutationReportNumberSuccess',
      'RateLimitError',
      'RateLimitError',
    ]);
    expect(outcomes[3]?.data?.reportNumber.retryAfterSec).toBeGreaterThan(0);
  });

  it('spends several points at once (one per checked number) and refuses a request past the budget', async () => {
    const limiter = new RateLimiter({
      points: 5,
      redis: redis as Redis,
      keyPrefix: `${newPrefix()}:ratelimit:test`,
    });
    await limiter.consume('client-1', 3);
    await limiter.consume('client-1', 2);
    await expect(limiter.consume('client-1')).rejects.toBeInstanceOf(RateLimitError);
    await limiter.consume('client-4', 2);
    await expect(limiter.consume('client-4', 4)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await limiter.consume('client-2', 5); // budgets are per client
    await expect(limiter.consume('client-3', 0)).rejects.toBeInstanceOf(RangeError);
  });
});

describe.runIf(available)('revoking a key', () => {
  it('closes its WebSocket on another instance within seconds, and nothing arrives after', async () => {
    const prefix = newPrefix();
    // No re-check safety net here: the revocation itself must travel.
    const env = { REDIS_PREFIX: prefix, KEY_RECHECK_MS: '600000' };
    const [a, b] = [await instance(env), await instance(env)];
    const { key, apiKey } = await createApiKey(a.app.db, { name: 'desk', role: 'ANALYST' });
    const watcher = subscribe(b.url, key);
    await until(async () => {
      await ingestOne(b);
      return watcher.events.length > 0;
    }, 'the analyst to receive events');
    expect(watcher.events[0]?.caller).toMatch(/^\+91\d{10}$/); // full numbers for an ANALYST

    const revoked = await a.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
      { id: apiKey.id },
      a.keys.ADMIN,
    );
    expect(revoked.errors).toBeUndefined();
    await until(() => watcher.closeCode() !== null, 'the socket on the other instance to close', 10_000);
    expect(watcher.closeCode()).toBe(4403);
    const seen = watcher.events.length;
    for (let i = 0; i < 5; i++) await ingestOne(b);
    // The key's socket is closed; a fresh subscriber proves events are still flowing.
    const control = subscribe(b.url, b.keys.ANALYST);
    await until(async () => {
      await ingestOne(b);
      return control.events.length > 0;
    }, 'a control subscriber to receive events');
    expect(watcher.events.length).toBe(seen);
    expect(watcher.receivedAfterClose()).toBe(0);
    await control.client.dispose();
    await watcher.client.dispose();
  });

  it('closes the socket of a key revoked behind the API’s back (the CLI) at the next re-check', async () => {
    const prefix = newPrefix();
    const api = await instance({ REDIS_PREFIX: prefix, KEY_RECHECK_MS: '300' });
    const { key, apiKey } = await createApiKey(api.app.db, { name: 'cli-revoked', role: 'ANALYST' });
    const watcher = subscribe(api.url, key);
    await until(async () => {
      await ingestOne(api);
      return watcher.events.length > 0;
    }, 'the analyst to receive events');
    await revokeApiKey(api.app.db, apiKey.id); // what `npm run apikey -- revoke` does
    await until(() => watcher.closeCode() !== null, 'the socket to close', 10_000);
    expect(watcher.closeCode()).toBe(4403);
    await watcher.client.dispose();
  });
});

describe.runIf(available)('lastUsedAt of keys', () => {
  it('is written in batches, not per request, and on close', async () => {
    const api = await startTestApi({ env: { KEY_USAGE_FLUSH_MS: '600000', DATABASE_POOL_SIZE: '3' } });
    const id = async (key: string) =>
      (await api.app.db.apiKey.findFirstOrThrow({ where: { prefix: key.slice(0, 10) } })).id;
    const keyId = await id(api.keys.ANALYST);
    for (let i = 0; i < 3; i++) await api.gql('{ viewer { role } }', {}, api.keys.ANALYST);
    // Ten minutes until the next flush: nothing written per request.
    expect((await api.app.db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).lastUsedAt).toBeNull();
    const before = Date.now();
    await api.close();
    const db2 = createDb(inject('databaseUrl'), 1);
    const used = (await db2.apiKey.findUniqueOrThrow({ where: { id: keyId } })).lastUsedAt;
    expect(used?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    await db2.$disconnect();
  });

  it('is written every KEY_USAGE_FLUSH_MS while the API runs', async () => {
    const api = await startTestApi({ env: { KEY_USAGE_FLUSH_MS: '300', DATABASE_POOL_SIZE: '3' } });
    started.push(api);
    await api.gql('{ viewer { role } }', {}, api.keys.OPERATOR);
    const key = await api.app.db.apiKey.findFirstOrThrow({
      where: { prefix: api.keys.OPERATOR.slice(0, 10) },
    });
    await until(
      async () => (await api.app.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt !== null,
      'lastUsedAt',
    );
  });
});

describe.runIf(available)('dead letters in the API', () => {
  const page = `query($first: Int, $after: String) { deadLetters(first: $first, after: $after) {
    __typename
    ... on QueryDeadLettersSuccess { data { totalCount endCursor entries { id kind stream streamId reason deliveries payload at } } }
    ... on ValidationError { message issues { path } } } }`;
  type Page = {
    deadLetters: {
      __typename: string;
      data?: {
        totalCount: number;
        endCursor: string | null;
        entries: {
          id: string;
          kind: string;
          stream: string;
          streamId: string;
          payload: string;
          deliveries: number;
        }[];
      };
    };
  };

  async function withDeadLetters(count: number) {
    const prefix = newPrefix();
    const api = await instance({ REDIS_PREFIX: prefix });
    const stream = `${prefix}:cdr`;
    for (let i = 0; i < count; i++) await redis?.xadd(stream, '*', 'cdr', `{broken ${i}`);
    await until(async () => (await deadLetters(prefix)).length === count, 'the dead letters');
    return { api, prefix, stream };
  }

  it('lists them for an ADMIN, newest first, page by page; nobody else may', async () => {
    const { api, stream } = await withDeadLetters(3);
    const first = await api.gql<Page>(page, { first: 2 }, api.keys.ADMIN);
    const data = first.data?.deadLetters.data;
    expect(data?.totalCount).toBe(3);
    expect(data?.entries.map((e) => e.payload)).toEqual(['{broken 2', '{broken 1']);
    expect(data?.entries[0]).toMatchObject({ kind: 'UNREADABLE', stream, deliveries: 1 });
    const second = await api.gql<Page>(page, { first: 2, after: data?.endCursor }, api.keys.ADMIN);
    expect(second.data?.deadLetters.data?.entries.map((e) => e.payload)).toEqual(['{broken 0']);
    expect(second.data?.deadLetters.data?.endCursor).toBeNull();
    for (const key of [null, api.keys.ANALYST, api.keys.OPERATOR]) {
      const denied = await api.gql(page, { first: 2 }, key);
      expect(denied.errors?.[0]?.extensions?.code).toBe(key ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
  });

  it('requeues one into the stream it came from, where it is read again, and deletes another', async () => {
    const { api, prefix, stream } = await withDeadLetters(2);
    const letters =
      (await api.gql<Page>(page, { first: 10 }, api.keys.ADMIN)).data?.deadLetters.data?.entries ?? [];
    const requeued = await api.gql<{
      requeueDeadLetter: { __typename: string; data?: { newStreamId: string } };
    }>(
      'mutation($id: ID!) { requeueDeadLetter(id: $id) { __typename ... on MutationRequeueDeadLetterSuccess { data { newStreamId deadLetter { id } } } } }',
      { id: letters[0]?.id },
      api.keys.ADMIN,
    );
    expect(requeued.data?.requeueDeadLetter.__typename).toBe('MutationRequeueDeadLetterSuccess');
    const newStreamId = requeued.data?.requeueDeadLetter.data?.newStreamId;
    // Still unreadable, so it comes back as a new dead letter from its new place in the stream.
    await until(
      async () => (await deadLetters(prefix)).some((letter) => letter.streamId === newStreamId),
      'the requeued record to be read again',
    );
    expect((await deadLetters(prefix)).find((l) => l.streamId === newStreamId)?.stream).toBe(stream);

    const deleted = await api.gql<{ deleteDeadLetter: { __typename: string } }>(
      'mutation($id: ID!) { deleteDeadLetter(id: $id) { __typename } }',
      { id: letters[1]?.id },
      api.keys.ADMIN,
    );
    expect(deleted.data?.deleteDeadLetter.__typename).toBe('MutationDeleteDeadLetterSuccess');
    const left = (await deadLetters(prefix)).map((l) => l.streamId);
    expect(left).toEqual([newStreamId]);
    const again = await api.gql<{ deleteDeadLetter: { __typename: string } }>(
      'mutation($id: ID!) { deleteDeadLetter(id: $id) { __typename } }',
      { id: letters[1]?.id },
      api.keys.ADMIN,
    );
    expect(again.data?.deleteDeadLetter.__typename).toBe('NotFoundError');
  });

  it('answers hostile ids and page sizes with a typed error and changes nothing', async () => {
    const { api, prefix } = await withDeadLetters(1);
    const before = await redis?.xrange(`${prefix}:dead-letters`, '-', '+');
    for (const id of [
      '-',
      '+',
      '0',
      '1-2-3',
      "'; FLUSHALL",
      'x'.repeat(10_000),
      '99999999999999-0',
      '99999999999999999999-0',
    ]) {
      for (const mutation of ['requeueDeadLetter', 'deleteDeadLetter']) {
        const result = await api.gql<Record<string, { __typename: string }>>(
          `mutation($id: ID!) { ${mutation}(id: $id) { __typename } }`,
          { id },
          api.keys.ADMIN,
        );
        expect(result.errors, `${mutation}(${id.slice(0, 20)})`).toBeUndefined();
        expect(['ValidationError', 'NotFoundError']).toContain(result.data?.[mutation]?.__typename);
      }
    }
    // Page sizes follow the schema's one rule: above the maximum clamped, negative refused.
    const clamped = await api.gql<Page>(page, { first: 101 }, api.keys.ADMIN);
    expect(clamped.data?.deadLetters.data?.entries.length).toBeLessThanOrEqual(100);
    for (const variables of [
      { first: -1 },
      { first: 5, after: '(0' },
      { first: 5, after: '18446744073709551616-0' },
    ]) {
      const result = await api.gql<Page>(page, variables, api.keys.ADMIN);
      expect(result.data?.deadLetters.__typename).toBe('ValidationError');
    }
    expect(await redis?.xrange(`${prefix}:dead-letters`, '-', '+')).toEqual(before);
  });
});

describe.runIf(available)('the partitioned consumer (REDIS_PARTITIONS)', () => {
  it('also dead-letters a poison record and stores the rest of its partition', async () => {
    const prefix = newPrefix();
    const partitions = 2;
    const api = await instance({
      REDIS_PREFIX: prefix,
      REDIS_PARTITIONS: String(partitions),
      REDIS_MAX_DELIVERIES: '2',
    });
    await until(
      () => (api.redisConsumer as PartitionedCdrConsumer).partitions.length === partitions,
      'the leases',
    );
    const caller = uniqueNumber();
    const stream = partitionStream(`${prefix}:cdr`, partitionOf(caller, partitions));
    const calls = Array.from({ length: 10 }, () => callInput({ caller }));
    const poison = callInput({ caller, targetRegion: '\u0000' });
    await addCdrs(stream, [...calls.slice(0, 5), poison, ...calls.slice(5)]);
    const ids = calls.map((call) => call.callId);
    await until(
      async () => (await db(api).callRecord.count({ where: { callId: { in: ids } } })) === ids.length,
      'the good calls',
    );
    await until(async () => (await deadLetters(prefix)).length === 1, 'the poison record');
    expect((await deadLetters(prefix))[0]?.stream).toBe(stream);
    expect(api.redisConsumer?.health().state).toBe('running');
  });
});
