import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { type CallRecord, streamTraffic } from '@satark/ml';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import WebSocket from 'ws';
import type { CallRecordInput } from '../src/pipeline';
import { type RunningApi, startApi } from '../src/server';
import { createApiKey } from '../src/services/api-keys';
import { LiveScorer } from '../src/services/live-scorer';
import { ModelRegistry, trainOnGeneratedHistory } from '../src/services/model-registry';
import { partitionOf, partitionStream } from '../src/services/redis-partitions';
import { toCallInput } from '../src/services/simulator';
import { type ChildApi, machine as describeMachine, round, spawnApi } from './bench-support';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    calls: { type: 'string' },
    subscribers: { type: 'string' },
    'database-url': { type: 'string' },
    'redis-url': { type: 'string' },
    'fanout-rate': { type: 'string', default: '300' },
    'stream-interval': { type: 'string', default: '50' },
  },
});
const fanoutRate = Number(values['fanout-rate']);
const streamInterval = Number(values['stream-interval']);
if (!(fanoutRate > 0)) fail('--fanout-rate must be a positive number of calls a second');
if (!Number.isInteger(streamInterval) || streamInterval < 10)
  fail('--stream-interval must be an integer of at least 10 (ms)');
const quick = values.quick ?? false;
const totalCalls = Number(values.calls ?? (quick ? 20_000 : 200_000));
const fanoutSizes = (values.subscribers ?? (quick ? '100' : '100,1000,5000')).split(',').map(Number);
if (!Number.isInteger(totalCalls) || totalCalls < 5000) fail('--calls must be an integer of at least 5000');
if (fanoutSizes.some((n) => !Number.isInteger(n) || n < 1)) fail('--subscribers must list positive integers');
const redisUrl = values['redis-url'] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BATCH = 5000;
const _repoRoot = path.resolve(import.meta.dirname, '../..');

function fail(message: string): never {
  process.stderr.write(`bench:pipeline: ${message}\n`);
  process.exit(2);
}
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Latencies in a 1 ms histogram, so millions of samples cost nothing. */
class Histogram {
  private readonly counts = new Uint32Array(120_001);
  count = 0;
  add(ms: number) {
    this.counts[Math.min(120_000, Math.max(0, Math.round(ms)))]++;
    this.count++;
  }
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const target = Math.ceil(q * this.count);
    let seen = 0;
    for (let ms = 0; ms < this.counts.length; ms++) {
      seen += this.counts[ms] as number;
      if (seen >= target) return ms;
    }
    return null;
  }
}

// ---------------------------------------------------------------- database
const adminUrl =
  values['database-url'] ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const serverUrl = new URL(adminUrl);
const databases: string[] = [];
async function freshDatabase(tag: string): Promise<string> {
  const name = `satark_bench_${process.pid}_${tag}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  databases.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
async function dropDatabases() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

// ---------------------------------------------------------------- traffic
function traffic(count: number, tag: string, seed = 5): CallRecord[] {
  const start = Date.now() - 20 * 86_400_000;
  const calls: CallRecord[] = [];
  for (const cdr of streamTraffic({ seed, start, callers: 20_000, fraudRatio: 0.005 })) {
    if (calls.length === count) break;
    calls.push({ ...cdr, callId: `${tag}-${cdr.callId}` });
  }
  return calls;
}

async function gql(url: string, key: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}
const INGEST = 'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }';

// ---------------------------------------------------------------- 1. scoring alone
async function measureScoring(calls: CallRecord[]) {
  progress(`scoring ${calls.length.toLocaleString()} calls alone (features + model, one thread)`);
  const registry = new ModelRegistry();
  registry.swap(trainOnGeneratedHistory().model);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const scorer = new LiveScorer(registry);
  const started = performance.now();
  for (let i = 0; i < calls.length; i += BATCH) {
    const batch = calls.slice(i, i + BATCH);
    scorer.score(batch).settle(new Set(batch.map((call) => call.callId)));
  }
  const ms = performance.now() - started;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    scoredPerSec: round(calls.length / (ms / 1000)),
    usPerCall: round((ms * 1000) / calls.length, 2),
    trackedCallers: scorer.store.size,
    bytesPerCaller: round(scorer.store.bytesPerCaller()),
    heapBytesPerCaller: round((heapAfter - heapBefore) / scorer.store.size),
  };
}

// ---------------------------------------------------------------- 2. end to end, in process
async function measureEndToEnd(api: RunningApi, calls: CallRecordInput[]) {
  progress(`ingesting ${calls.length.toLocaleString()} calls flat out in batches of ${BATCH}`);
  const started = performance.now();
  let accepted = 0;
  for (let i = 0; i < calls.length; i += BATCH)
    accepted += (await api.app.ingest(calls.slice(i, i + BATCH))).accepted;
  const ms = performance.now() - started;
  const stored = await api.app.db.callRecord.count({ where: { callId: { startsWith: 'e2e-' } } });
  return {
    persistedPerSec: round(accepted / (ms / 1000)),
    usPerCall: round((ms * 1000) / calls.length, 2),
    accepted,
    storedInDatabase: stored,
    exactlyOnce: stored === accepted,
  };
}

async function measureOfferedRates(
  api: RunningApi,
  pool: CallRecordInput[],
  rates: number[],
  seconds: number,
) {
  const results: { offeredPerSec: number; achievedPerSec: number; p99BatchMs: number }[] = [];
  let next = 0;
  for (const rate of rates) {
    progress(`offering ${rate.toLocaleString()} calls/s for ${seconds} s`);
    const tickMs = 100;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    const batchTimes = new Histogram();
    const started = performance.now();
    let sent = 0;
    while (performance.now() - started < seconds * 1000 && next < pool.length) {
      const tick = performance.now();
      const batch = pool.slice(next, next + perTick);
      next += batch.length;
      await api.app.ingest(batch);
      sent += batch.length;
      batchTimes.add(performance.now() - tick);
      const spent = performance.now() - tick;
      if (spent < tickMs) await sleep(tickMs - spent);
    }
    results.push({
      offeredPerSec: rate,
      achievedPerSec: round(sent / ((performance.now() - started) / 1000)),
      p99BatchMs: batchTimes.quantile(0.99) ?? 0,
    });
  }
  return results;
}

// ---------------------------------------------------------------- 3. subscribers
async function measureFanout(
  api: ChildApi,
  keys: { analyst: string; operator: string },
  subscribers: number,
  calls: CallRecordInput[],
  ratePerSec: number,
) {
  progress(`fan-out: connecting ${subscribers.toLocaleString()} graphql-ws subscribers`);
  const histogram = new Histogram();
  const sentAt = new Map<string, number>();
  const clients = [];
  let ready = 0;
  let errors = 0;
  const wsUrl = api.url.replace(/^http/, 'ws');
  for (let i = 0; i < subscribers; i++) {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { authorization: `Bearer ${keys.analyst}` },
      on: { connected: () => void ready++ },
      onNonLazyError: () => void errors++,
    });
    client.subscribe<{ threatStream: { events: { id: string }[] } }>(
      { query: 'subscription { threatStream { events { id } } }' },
      {
        next: ({ data }) => {
          const now = performance.now();
          for (const event of data?.threatStream.events ?? []) {
            const at = sentAt.get(event.id);
            if (at !== undefined) histogram.add(now - at);
          }
        },
        error: () => void errors++,
        complete: () => {},
      },
    );
    clients.push(client);
    if (i % 100 === 99) await sleep(100);
  }
  const deadline = Date.now() + 60_000;
  while (ready < subscribers && Date.now() < deadline) await sleep(100);
  await sleep(500);
  progress(
    `fan-out: ${ready} connected; ingesting ${calls.length.toLocaleString()} calls at ${ratePerSec}/s`,
  );
  const perBatch = Math.max(1, Math.round(ratePerSec / 10));
  for (let i = 0; i < calls.length; i += perBatch) {
    const tick = performance.now();
    const batch = calls.slice(i, i + perBatch);
    for (const call of batch) sentAt.set(call.callId, tick);
    await gql(api.url, keys.operator, INGEST, {
      c: batch.map((c) => ({ ...c, startedAt: c.startedAt.toISOString() })),
    });
    const spent = performance.now() - tick;
    if (spent < 100) await sleep(100 - spent);
  }
  await sleep(3000);
  await Promise.all(clients.map((client) => client.dispose()));
  const expected = calls.length * ready;
  return {
    subscribers,
    connected: ready,
    subscriptionErrors: errors,
    p50Ms: histogram.quantile(0.5),
    p99Ms: histogram.quantile(0.99),
    delivered: histogram.count,
    deliveredShare: expected ? round(histogram.count / expected, 4) : 0,
  };
}

// ---------------------------------------------------------------- 4. Redis workers
const REDIS_PARTITIONS = 8;
async function measureRedisWorkers(workers: number, count: number) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const databaseUrl = await freshDatabase(`redis${workers}`);
  // Train and store the model once, so the workers only load it.
  const seedApi = await startApi({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    simulator: false,
    logLevel: 'warn',
    // stdout carries the benchmark's figures (one JSON line with --json): logs go to stderr.
    logDestination: pino.destination(2),
  });
  await seedApi.close();
  const stream = `satark:bench:${process.pid}:${workers}`;
  const tag = `redis${workers}-${Date.now().toString(36)}`;
  progress(`redis ${workers} worker(s): filling ${stream} with ${count.toLocaleString()} CDRs`);
  const calls = traffic(count, tag, 9).map(toCallInput);
  // Partitioned by caller, so each caller's calls meet in one worker's feature windows.
  for (let i = 0; i < calls.length; i += 5000) {
    const pipeline = redis.pipeline();
    for (const call of calls.slice(i, i + 5000)) {
      pipeline.xadd(
        partitionStream(stream, partitionOf(call.caller, REDIS_PARTITIONS)),
        '*',
        'cdr',
        JSON.stringify(call),
      );
    }
    await pipeline.exec();
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const counted = async () =>
    Number(
      (await db.query(`SELECT count(*) AS n FROM "CallRecord" WHERE "callId" LIKE $1`, [`${tag}-%`])).rows[0]
        .n,
    );
  const apis = await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      spawnApi({
        PORT: '0',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        REDIS_STREAM: stream,
        WORKER_ID: `bench-worker-${w}`,
        REDIS_PARTITIONS: String(REDIS_PARTITIONS),
        REDIS_LEASE_MS: '1500',
        MAX_INGEST_BATCH: '5000',
      }),
    ),
  );
  let firstAt = 0;
  let firstCount = 0;
  let stored = 0;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    stored = await counted();
    if (stored > 0 && firstAt === 0) {
      firstAt = performance.now();
      firstCount = stored;
    }
    if (stored >= count) break;
    await sleep(100);
  }
  const seconds = (performance.now() - firstAt) / 1000;
  await Promise.all(apis.map((api) => api.stop()));
  await db.end();
  await redis.del(...Array.from({ length: REDIS_PARTITIONS }, (_, p) => partitionStream(stream, p)));
  await redis.quit();
  return {
    workers,
    cdrs: count,
    partitions: REDIS_PARTITIONS,
    stored,
    perSec: round((stored - firstCount) / Math.max(seconds, 0.001)),
  };
}

// ---------------------------------------------------------------- run
const machine = describeMachine();
progress(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
progress('generating traffic (20,000 simulated subscribers, 0.5% fraudsters)');
const run = Date.now().toString(36);
const scoringCalls = traffic(totalCalls, `score-${run}`);
const endToEndCalls = traffic(totalCalls, `e2e-${run}`).map(toCallInput);

let exitCode = 0;
try {
  const scoring = await measureScoring(scoringCalls);

  const databaseUrl = await freshDatabase('main');
  progress('starting the API in process (trains and stores the model)');
  const api = await startApi({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    simulator: false,
    // stdout carries the result: the in-process API keeps quiet.
    logLevel: 'silent',
    env: { MAX_INGEST_BATCH: String(BATCH), CAMPAIGN_INTERVAL_MS: '5000' },
  });
  const endToEnd = await measureEndToEnd(api, endToEndCalls);
  const ratesPool = traffic(quick ? 60_000 : 400_000, `rate-${run}`, 11).map(toCallInput);
  const rates = await measureOfferedRates(
    api,
    ratesPool,
    quick ? [2000, 10_000] : [2000, 10_000, 20_000, 40_000],
    quick ? 2 : 4,
  );
  await api.close();

  progress('starting the API in its own process for the subscriber measurements');
  const keysDb = (await import('../src/db')).createDb(databaseUrl, 1);
  const keys = {
    analyst: (await createApiKey(keysDb, { name: 'bench-analyst', role: 'ANALYST' })).key,
    operator: (await createApiKey(keysDb, { name: 'bench-operator', role: 'OPERATOR' })).key,
  };
  await keysDb.$disconnect();
  const fanout = [];
  const fanoutSeconds = quick ? 4 : 8;
  const perRun = Math.round(fanoutRate * fanoutSeconds);
  const fanoutCalls = traffic(perRun * (fanoutSizes.length + 1), `fan-${run}`, 13).map(toCallInput);
  let slice = 0;
  const nextCalls = (n: number) => {
    const part = fanoutCalls.slice(slice, slice + n);
    slice += n;
    return part;
  };
  let defaultInterval = null;
  {
    const child = await spawnApi({ PORT: '0', DATABASE_URL: databaseUrl, MAX_INGEST_BATCH: String(BATCH) });
    defaultInterval = await measureFanout(child, keys, 100, nextCalls(perRun), fanoutRate);
    await child.stop();
  }
  const child = await spawnApi({
    PORT: '0',
    DATABASE_URL: databaseUrl,
    MAX_INGEST_BATCH: String(BATCH),
    STREAM_INTERVAL_MS: String(streamInterval),
  });
  for (const subscribers of fanoutSizes)
    fanout.push(await measureFanout(child, keys, subscribers, nextCalls(perRun), fanoutRate));
  await child.stop();

  let redis: { oneWorker: unknown; twoWorkers: unknown; speedup: number } | { skipped: string };
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  const reachable = await probe.connect().then(
    () => true,
    () => false,
  );
  probe.disconnect();
  if (!reachable) {
    redis = { skipped: `Redis is not reachable at ${redisUrl}` };
  } else {
    const count = quick ? 10_000 : 100_000;
    const one = await measureRedisWorkers(1, count);
    const two = await measureRedisWorkers(2, count);
    redis = { oneWorker: one, twoWorkers: two, speedup: round(two.perSec / Math.max(1, one.perSec), 2) };
  }

  const at1000 = fanout.find((f) => f.subscribers === 1000) ?? fanout.at(-1);
  const result = {
    machine,
    inputs: { calls: totalCalls, batch: BATCH, subscribers: fanoutSizes, simulatedSubscribers: 20_000 },
    scoredPerSec: scoring.scoredPerSec,
    persistedPerSec: endToEnd.persistedPerSec,
    p50IngestToSubscriberMs: at1000?.p50Ms ?? null,
    p99IngestToSubscriberMs: at1000?.p99Ms ?? null,
    latencyMeasuredAt: {
      subscribers: at1000?.subscribers ?? null,
      streamIntervalMs: streamInterval,
      ingestPerSec: fanoutRate,
    },
    bytesPerCaller: scoring.bytesPerCaller,
    fanout: fanout.map(({ subscribers, p99Ms }) => ({ subscribers, p99Ms })),
    details: {
      scoring,
      endToEnd,
      offeredRates: rates,
      fanout,
      defaultStreamInterval: { streamIntervalMs: 1000, ...defaultInterval },
      redis,
    },
    goals: {
      scored50kPerSec: scoring.scoredPerSec >= 50_000,
      persisted20kPerSec: endToEnd.persistedPerSec >= 20_000,
      p99Under100msAt1000: (at1000?.p99Ms ?? Number.POSITIVE_INFINITY) < 100,
    },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const rows: [string, string][] = [
      ['machine', `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`],
      [
        'inputs',
        `${totalCalls.toLocaleString()} CDRs from 20,000 simulated subscribers, batches of ${BATCH}`,
      ],
      [
        'scored (features + model)',
        `${scoring.scoredPerSec.toLocaleString()} CDRs/s  (${scoring.usPerCall} µs/CDR)`,
      ],
      [
        'persisted end to end',
        `${endToEnd.persistedPerSec.toLocaleString()} CDRs/s  (${endToEnd.usPerCall} µs/CDR; stored once: ${endToEnd.exactlyOnce})`,
      ],
      [
        '  where the time goes',
        `scoring ${round((100 * scoring.usPerCall) / endToEnd.usPerCall)}%, validation + database + publish the rest`,
      ],
      ...rates.map((r): [string, string] => [
        `  offered ${r.offeredPerSec.toLocaleString()}/s`,
        `achieved ${r.achievedPerSec.toLocaleString()}/s, p99 batch ${r.p99BatchMs} ms`,
      ]),
      [
        'memory per tracked caller',
        `${scoring.bytesPerCaller} B estimated, ${scoring.heapBytesPerCaller} B heap measured (${scoring.trackedCallers.toLocaleString()} callers)`,
      ],
      ['ingest -> subscriber', `${fanoutRate} CDRs/s through HTTP ingestCalls; the API in its own process`],
      [
        '  100 subscribers (1 s batches)',
        `p50 ${defaultInterval?.p50Ms} ms, p99 ${defaultInterval?.p99Ms} ms`,
      ],
      ...fanout.map((f): [string, string] => [
        `  ${f.subscribers.toLocaleString()} subscribers (${streamInterval} ms batches)`,
        `p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, ${f.connected} connected, ${round(100 * f.deliveredShare, 1)}% delivered`,
      ]),
      ...('skipped' in redis
        ? [['redis workers', `skipped: ${redis.skipped}`] as [string, string]]
        : [
            [
              'redis 1 vs 2 workers',
              `${JSON.stringify((redis.oneWorker as { perSec: number }).perSec)} vs ${JSON.stringify((redis.twoWorkers as { perSec: number }).perSec)} CDRs/s (x${redis.speedup})`,
            ] as [string, string],
          ]),
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  }
} catch (error) {
  process.stderr.write(
    `bench:pipeline failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  exitCode = 1;
} finally {
  await dropDatabases().catch(() => {});
}
process.exit(exitCode);
