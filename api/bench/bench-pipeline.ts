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
import {
  benchDataDir,
  type ChildApi,
  machine as describeMachine,
  repoRoot,
  round,
  spawnApi,
  spawnServer,
} from './bench-support';
import { measureCopy, measureModelOnly, medianOf, TIMED_PASSES } from './pipeline-baselines';

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
    'wide-subscribers': { type: 'string' },
    'redis-cdrs': { type: 'string' },
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
/** Subscribers spread over two API instances sharing Redis (0: not measured). */
const wideSubscribers = Number(values['wide-subscribers'] ?? (quick ? 20 : 10_000));
if (!Number.isInteger(wideSubscribers) || wideSubscribers < 0)
  fail('--wide-subscribers must be a non-negative integer');
const redisUrl = values['redis-url'] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BATCH = 5000;
const SLICE = 100_000;

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
/**
 * About ten calls per subscriber, up to 20,000 subscribers: a small run still has callers the
 * model scores (each needs MIN_CALLS_TO_SCORE calls in its window), a full one the usual crowd.
 */
const SUBSCRIBERS = Math.min(20_000, Math.max(500, Math.round(totalCalls / 10)));

function traffic(count: number, tag: string, seed = 5): CallRecord[] {
  const start = Date.now() - 20 * 86_400_000;
  const calls: CallRecord[] = [];
  for (const cdr of streamTraffic({ seed, start, callers: SUBSCRIBERS, fraudRatio: 0.005 })) {
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
  const model = trainOnGeneratedHistory().model;
  registry.swap(model);
  // Both figures are of a process in its steady state, measured the same way: one untimed pass
  // over all the calls (a throwaway scorer: the JIT and the heap grow to the work, as in a
  // long-running process, where the first pass runs 15-20 % slower), then TIMED_PASSES passes,
  // each with a fresh scorer; the median counts. measureModelOnly does the same with the forest.
  const pass = () => {
    const scorer = new LiveScorer(registry);
    const started = performance.now();
    for (let i = 0; i < calls.length; i += BATCH) {
      const batch = calls.slice(i, i + BATCH);
      scorer.score(batch).settle(new Set(batch.map((call) => call.callId)));
    }
    return { scorer, ms: performance.now() - started };
  };
  const firstPassMs = pass().ms;
  const times: number[] = [];
  for (let i = 0; i < TIMED_PASSES - 1; i++) times.push(pass().ms);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const { scorer, ms: lastMs } = pass();
  times.push(lastMs);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const ms = medianOf(times);
  progress('scoring the same feature vectors with the model alone (batch)');
  const modelOnly = measureModelOnly(model, calls);
  return {
    scoredPerSec: round(calls.length / (ms / 1000)),
    modelOnly,
    usPerCall: round((ms * 1000) / calls.length, 2),
    passesPerSec: times.map((t) => round(calls.length / (t / 1000))),
    /** The untimed first pass: the process's first 'calls.length' calls, heap and JIT still growing. */
    firstPassPerSec: round(calls.length / (firstPassMs / 1000)),
    trackedCallers: scorer.store.size,
    bytesPerCaller: round(scorer.store.bytesPerCaller()),
    heapBytesPerCaller: round((heapAfter - heapBefore) / scorer.store.size),
  };
}

// ---------------------------------------------------------------- 2. end to end, in process
async function measureEndToEnd(api: RunningApi, calls: CallRecordInput[]) {
  progress(`ingesting ${calls.length.toLocaleString()} calls flat out in batches of ${BATCH}`);
  api.metrics.pipelineStepSeconds.reset();
  const started = performance.now();
  let accepted = 0;
  /** The rate of each 100,000 calls, so a rate that sinks as the tables grow shows. */
  const slices: { upTo: number; perSec: number }[] = [];
  let sliceStarted = started;
  let sliceAccepted = 0;
  for (let i = 0; i < calls.length; i += BATCH) {
    const stored = (await api.app.ingest(calls.slice(i, i + BATCH))).accepted;
    accepted += stored;
    sliceAccepted += stored;
    const done = Math.min(i + BATCH, calls.length);
    if (done % SLICE === 0 || done === calls.length) {
      const now = performance.now();
      slices.push({ upTo: done, perSec: round(sliceAccepted / ((now - sliceStarted) / 1000)) });
      progress(`  ${done.toLocaleString()} stored, last slice ${slices.at(-1)?.perSec.toLocaleString()}/s`);
      sliceStarted = now;
      sliceAccepted = 0;
    }
  }
  const ms = performance.now() - started;
  const stored = await api.app.db.callRecord.count({ where: { callId: { startsWith: 'e2e-' } } });
  const rates = slices.map((slice) => slice.perSec);
  return {
    persistedPerSec: round(accepted / (ms / 1000)),
    usPerCall: round((ms * 1000) / calls.length, 2),
    stepShares: await stepShares(api, ms),
    accepted,
    storedInDatabase: stored,
    exactlyOnce: stored === accepted,
    slices,
    slowestSlicePerSec: Math.min(...rates),
  };
}

/** Each pipeline step's share of the run's wall time, from satark_pipeline_step_seconds. */
async function stepShares(api: RunningApi, ms: number): Promise<Record<string, number>> {
  const metric = await api.metrics.pipelineStepSeconds.get();
  const shares: Record<string, number> = {};
  for (const value of metric.values) {
    if (!value.metricName?.endsWith('_sum')) continue;
    shares[String(value.labels.step)] = round((value.value * 1000) / ms, 3);
  }
  return shares;
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
/** Where subscribers connect and how a batch of calls is sent: the API, or the bare baseline. */
interface FanoutTarget {
  /** Subscriber i connects to wsUrls[i % wsUrls.length]. */
  wsUrls: string[];
  /** Opens one subscriber; `onIds` gets the call ids of every event it receives. */
  open(url: string, on: SubscriberEvents): { close(): Promise<void> | void };
  send(calls: CallRecordInput[]): Promise<void>;
}
interface SubscriberEvents {
  ready(): void;
  ids(ids: readonly string[]): void;
  /** Why: a WebSocket close code, or what failed. */
  error(why: string): void;
}

function apiTarget(apis: ChildApi[], keys: { analyst: string; operator: string }): FanoutTarget {
  const ingestUrl = (apis[0] as ChildApi).url;
  return {
    wsUrls: apis.map((api) => api.url.replace(/^http/, 'ws')),
    open(url, on) {
      const client = createClient({
        url,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: { authorization: `Bearer ${keys.analyst}` },
        on: {
          connected: () => on.ready(),
          closed: (event) => on.error(`close ${(event as { code?: number }).code ?? '?'}`),
        },
        onNonLazyError: () => on.error('connection failed'),
      });
      client.subscribe<{ threatStream: { events: { id: string }[] } }>(
        { query: 'subscription { threatStream { events { id } } }' },
        {
          next: ({ data }) => on.ids((data?.threatStream.events ?? []).map((event) => event.id)),
          error: () => on.error('subscription error'),
          complete: () => {},
        },
      );
      return { close: () => client.dispose() };
    },
    async send(calls) {
      const result = await gql(ingestUrl, keys.operator, INGEST, {
        c: calls.map((c) => ({ ...c, startedAt: c.startedAt.toISOString() })),
      });
      if (result.errors) throw new Error(`ingestCalls failed: ${JSON.stringify(result.errors)}`);
    },
  };
}

/** Plain `ws`: the same event ids sent at once to every socket, serialised once. */
function bareTarget(server: ChildApi): FanoutTarget {
  const publishUrl = server.url.replace(/\/broadcast$/, '/publish');
  return {
    wsUrls: [server.url.replace(/^http/, 'ws')],
    open(url, on) {
      const socket = new WebSocket(url);
      let closing = false;
      socket.on('open', () => on.ready());
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as {
          payload?: { data?: { threatStream?: { events?: { id: string }[] } } };
        };
        on.ids((message.payload?.data?.threatStream?.events ?? []).map((event) => event.id));
      });
      socket.on('error', () => on.error('socket error'));
      socket.on('close', (code) => {
        if (!closing) on.error(`close ${code}`);
      });
      return {
        close() {
          closing = true;
          socket.close();
        },
      };
    },
    async send(calls) {
      const response = await fetch(publishUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ids: calls.map((call) => call.callId) }),
      });
      if (response.status !== 204) throw new Error(`bare broadcast answered ${response.status}`);
    },
  };
}

async function measureFanout(
  target: FanoutTarget,
  subscribers: number,
  calls: CallRecordInput[],
  ratePerSec: number,
) {
  progress(`fan-out: connecting ${subscribers.toLocaleString()} subscribers to ${target.wsUrls.join(', ')}`);
  const histogram = new Histogram();
  const sentAt = new Map<string, number>();
  const connections = [];
  let ready = 0;
  let errors = 0;
  const errorsByCause: Record<string, number> = {};
  let closing = false;
  const events: SubscriberEvents = {
    ready: () => void ready++,
    error(why) {
      errors++;
      errorsByCause[why] = (errorsByCause[why] ?? 0) + 1;
    },
    ids(ids) {
      const now = performance.now();
      for (const id of ids) {
        const at = sentAt.get(id);
        if (at !== undefined) histogram.add(now - at);
      }
    },
  };
  /** One error at most per subscriber, however many ways its failure is reported. */
  const eventsOfOne = (): SubscriberEvents => {
    let failed = false;
    return {
      ...events,
      error(why) {
        if (failed || closing) return;
        failed = true;
        events.error(why);
      },
    };
  };
  // A hundred at a time, each hundred once the one before has connected (or 30 s passed):
  // the figure is N subscribers served, not how a busy machine takes N at once.
  const connectStarted = performance.now();
  for (let i = 0; i < subscribers; i += 100) {
    const upTo = Math.min(subscribers, i + 100);
    for (let j = i; j < upTo; j++)
      connections.push(target.open(target.wsUrls[j % target.wsUrls.length] as string, eventsOfOne()));
    const deadline = Date.now() + 30_000;
    while (ready + errors < upTo && Date.now() < deadline) await sleep(20);
  }
  const connectSeconds = round((performance.now() - connectStarted) / 1000, 1);
  await sleep(500);
  progress(
    `fan-out: ${ready} connected in ${connectSeconds} s, ${errors} errors ${JSON.stringify(errorsByCause)}; sending ${calls.length.toLocaleString()} calls at ${ratePerSec}/s`,
  );
  const perBatch = Math.max(1, Math.round(ratePerSec / 10));
  let sendErrors = 0;
  let sent = 0;
  for (let i = 0; i < calls.length; i += perBatch) {
    const tick = performance.now();
    const batch = calls.slice(i, i + perBatch);
    for (const call of batch) sentAt.set(call.callId, tick);
    try {
      await target.send(batch);
      sent += batch.length;
    } catch (error) {
      // Counted and shown: one failed batch should not end a twenty-minute run.
      if (sendErrors++ === 0)
        progress(`fan-out: sending failed: ${(error as Error).message} ${(error as Error).cause ?? ''}`);
      for (const call of batch) sentAt.delete(call.callId);
    }
    const spent = performance.now() - tick;
    if (spent < 100) await sleep(100 - spent);
  }
  // Until every connected subscriber has every event, or 10 s pass with none arriving.
  const expected = sent * ready;
  let seen = -1;
  let quietSince = Date.now();
  while (histogram.count < expected && Date.now() - quietSince < 10_000) {
    if (histogram.count !== seen) {
      seen = histogram.count;
      quietSince = Date.now();
    }
    await sleep(100);
  }
  closing = true;
  await Promise.all(connections.map((connection) => connection.close()));
  return {
    subscribers,
    connected: ready,
    connectSeconds,
    subscriptionErrors: errors,
    errorsByCause,
    sendErrors,
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
    env: { DATA_DIR: benchDataDir },
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

// ---------------------------------------------------------------- goals
/** A goal as a ratio to a baseline of the same run: the value, the target it must reach, met. */
const atLeast = (value: number, target: number) => ({ value, target: round(target), met: value >= target });
const atMost = (value: number | null, target: number) => ({
  value,
  target: round(target, 1),
  met: value !== null && value <= target,
});

// ---------------------------------------------------------------- run
const machine = describeMachine();
progress(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverage1m}`);
progress(`generating traffic (${SUBSCRIBERS.toLocaleString()} simulated subscribers, 0.5% fraudsters)`);
const run = Date.now().toString(36);
const scoringCalls = traffic(totalCalls, `score-${run}`);
const endToEndCalls = traffic(totalCalls, `e2e-${run}`).map(toCallInput);

let exitCode = 0;
try {
  const scoring = await measureScoring(scoringCalls);
  scoringCalls.length = 0;

  const databaseUrl = await freshDatabase('main');
  progress('starting the API in process (trains and stores the model)');
  const api = await startApi({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    simulator: false,
    // stdout carries the result: the in-process API keeps quiet.
    logLevel: 'silent',
    env: { MAX_INGEST_BATCH: String(BATCH), CAMPAIGN_INTERVAL_MS: '5000', DATA_DIR: benchDataDir },
  });
  const endToEnd = await measureEndToEnd(api, endToEndCalls);
  endToEndCalls.length = 0;
  progress(`COPY of the same ${endToEnd.accepted.toLocaleString()} rows into a bare table`);
  const copy = await measureCopy(databaseUrl, `e2e-${run}-`);
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
  const fanout: Awaited<ReturnType<typeof measureFanout>>[] = [];
  const bare: Awaited<ReturnType<typeof measureFanout>>[] = [];
  const fanoutSeconds = quick ? 4 : 8;
  const perRun = Math.round(fanoutRate * fanoutSeconds);
  const fanoutCalls = traffic(perRun * (2 * fanoutSizes.length + 2), `fan-${run}`, 13).map(toCallInput);
  let slice = 0;
  const nextCalls = (n: number) => {
    const part = fanoutCalls.slice(slice, slice + n);
    slice += n;
    return part;
  };
  let defaultInterval = null;
  {
    const child = await spawnApi({ PORT: '0', DATABASE_URL: databaseUrl, MAX_INGEST_BATCH: String(BATCH) });
    defaultInterval = await measureFanout(apiTarget([child], keys), 100, nextCalls(perRun), fanoutRate);
    await child.stop();
  }
  {
    const child = await spawnApi({
      PORT: '0',
      DATABASE_URL: databaseUrl,
      MAX_INGEST_BATCH: String(BATCH),
      STREAM_INTERVAL_MS: String(streamInterval),
    });
    for (const subscribers of fanoutSizes)
      fanout.push(await measureFanout(apiTarget([child], keys), subscribers, nextCalls(perRun), fanoutRate));
    await child.stop();
  }
  {
    progress('the same messages to the same numbers of sockets with plain ws');
    const server = await spawnServer(path.join(repoRoot, 'api/bench/bare-broadcast-server.ts'), {});
    for (const subscribers of fanoutSizes)
      bare.push(await measureFanout(bareTarget(server), subscribers, nextCalls(perRun), fanoutRate));
    await server.stop();
  }

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
  const noRedis = { skipped: `Redis is not reachable at ${redisUrl}` };

  let wide: Awaited<ReturnType<typeof measureFanout>> | { skipped: string } = noRedis;
  if (reachable && wideSubscribers > 0) {
    progress(`${wideSubscribers.toLocaleString()} subscribers over two API instances sharing Redis`);
    const shared = {
      PORT: '0',
      DATABASE_URL: databaseUrl,
      MAX_INGEST_BATCH: String(BATCH),
      STREAM_INTERVAL_MS: String(streamInterval),
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `satark-bench-${process.pid}`,
    };
    const instances = await Promise.all(
      [0, 1].map((n) => spawnApi({ ...shared, WORKER_ID: `bench-wide-${n}` })),
    );
    try {
      wide = await measureFanout(apiTarget(instances, keys), wideSubscribers, nextCalls(perRun), fanoutRate);
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  } else if (wideSubscribers === 0) {
    wide = { skipped: '--wide-subscribers 0' };
  }

  let redis: { oneWorker: unknown; twoWorkers: unknown; speedup: number } | { skipped: string } = noRedis;
  const redisCdrs = Number(values['redis-cdrs'] ?? (quick ? 10_000 : 100_000));
  if (reachable && redisCdrs === 0) {
    redis = { skipped: '--redis-cdrs 0' };
  } else if (reachable) {
    const count = redisCdrs;
    const one = await measureRedisWorkers(1, count);
    const two = await measureRedisWorkers(2, count);
    redis = { oneWorker: one, twoWorkers: two, speedup: round(two.perSec / Math.max(1, one.perSec), 2) };
  }

  const at1000 = fanout.find((f) => f.subscribers === 1000) ?? fanout.at(-1);
  const bareAt1000 = bare.find((b) => b.subscribers === at1000?.subscribers);
  const bareBroadcastP99Ms = bareAt1000?.p99Ms ?? null;
  const goals = {
    persistedVsCopy: atLeast(endToEnd.persistedPerSec, 0.5 * copy.copyPerSec),
    slowestSliceVsCopy: atLeast(endToEnd.slowestSlicePerSec, 0.5 * copy.copyPerSec),
    scoredVsModelOnly: atLeast(scoring.scoredPerSec, 0.5 * scoring.modelOnly.modelOnlyPerSec),
    p99IngestToSubscriber: atMost(at1000?.p99Ms ?? null, streamInterval + 2 * (bareBroadcastP99Ms ?? 0)),
    twoInstances:
      'skipped' in wide
        ? { skipped: wide.skipped, met: false }
        : {
            subscribers: wide.subscribers,
            connected: wide.connected,
            errors: wide.subscriptionErrors,
            deliveredPercent: round(100 * wide.deliveredShare, 2),
            sendErrors: wide.sendErrors,
            met:
              wide.connected === wide.subscribers &&
              wide.subscriptionErrors === 0 &&
              wide.sendErrors === 0 &&
              wide.deliveredShare === 1,
          },
  };
  const result = {
    machine,
    loadAverageAtEnd: describeMachine().loadAverage1m,
    inputs: {
      calls: totalCalls,
      batch: BATCH,
      subscribers: fanoutSizes,
      wideSubscribers,
      simulatedSubscribers: 20_000,
    },
    scoredPerSec: scoring.scoredPerSec,
    modelOnlyPerSec: scoring.modelOnly.modelOnlyPerSec,
    persistedPerSec: endToEnd.persistedPerSec,
    copyPerSec: copy.copyPerSec,
    p50IngestToSubscriberMs: at1000?.p50Ms ?? null,
    p99IngestToSubscriberMs: at1000?.p99Ms ?? null,
    bareBroadcastP99Ms,
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
      copy,
      offeredRates: rates,
      fanout,
      bareBroadcast: bare,
      defaultStreamInterval: { streamIntervalMs: 1000, ...defaultInterval },
      twoInstances: wide,
      redis,
    },
    goals,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const goal = (g: { value: number | null; target: number; met: boolean }) =>
      `${g.value?.toLocaleString()} against ${g.target.toLocaleString()}: met ${g.met}`;
    const rows: [string, string][] = [
      [
        'machine',
        `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage1m} -> ${result.loadAverageAtEnd}`,
      ],
      [
        'inputs',
        `${totalCalls.toLocaleString()} CDRs from ${SUBSCRIBERS.toLocaleString()} simulated subscribers, batches of ${BATCH}`,
      ],
      [
        'scored (features + model)',
        `${scoring.scoredPerSec.toLocaleString()} CDRs/s  (${scoring.usPerCall} µs/CDR; median of ${scoring.passesPerSec.map((n) => n.toLocaleString()).join(', ')}; the untimed first pass ${scoring.firstPassPerSec.toLocaleString()})`,
      ],
      [
        '  model alone (baseline)',
        `${scoring.modelOnly.modelOnlyPerSec.toLocaleString()} vectors/s  (${scoring.modelOnly.vectors.toLocaleString()} vectors; median of ${scoring.modelOnly.passesPerSec.map((n) => n.toLocaleString()).join(', ')})`,
      ],
      [
        'persisted end to end',
        `${endToEnd.persistedPerSec.toLocaleString()} CDRs/s  (${endToEnd.usPerCall} µs/CDR; stored once: ${endToEnd.exactlyOnce})`,
      ],
      [
        '  share of wall time by step',
        Object.entries(endToEnd.stepShares)
          .map(([step, share]) => `${step} ${Math.round(share * 100)} %`)
          .join(', '),
      ],
      ...endToEnd.slices.map((s): [string, string] => [
        `  up to ${s.upTo.toLocaleString()}`,
        `${s.perSec.toLocaleString()} CDRs/s`,
      ]),
      [
        '  COPY, bare table (baseline)',
        `${copy.copyPerSec.toLocaleString()} rows/s  (${copy.rows.toLocaleString()} rows, ${copy.megabytes} MiB)`,
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
      ...fanout.map((f, i): [string, string] => [
        `  ${f.subscribers.toLocaleString()} subscribers (${streamInterval} ms batches)`,
        `p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, ${f.connected} connected, ${f.subscriptionErrors} errors, ${round(100 * f.deliveredShare, 2)}% delivered; bare ws p99 ${bare[i]?.p99Ms} ms`,
      ]),
      [
        '  two instances',
        'skipped' in wide
          ? `skipped: ${wide.skipped}`
          : `${wide.subscribers.toLocaleString()} subscribers: ${wide.connected} connected, ${wide.subscriptionErrors} errors, ${wide.sendErrors} failed sends, ${round(100 * wide.deliveredShare, 2)}% delivered, p99 ${wide.p99Ms} ms`,
      ],
      ...('skipped' in redis
        ? [['redis workers', `skipped: ${redis.skipped}`] as [string, string]]
        : [
            [
              'redis 1 vs 2 workers',
              `${JSON.stringify((redis.oneWorker as { perSec: number }).perSec)} vs ${JSON.stringify((redis.twoWorkers as { perSec: number }).perSec)} CDRs/s (x${redis.speedup})`,
            ] as [string, string],
          ]),
      ['goal: persisted >= 0.5 x COPY', goal(goals.persistedVsCopy)],
      ['goal: slowest slice >= 0.5 x COPY', goal(goals.slowestSliceVsCopy)],
      ['goal: scored >= 0.5 x model alone', goal(goals.scoredVsModelOnly)],
      ['goal: p99 <= interval + 2 x bare p99', goal(goals.p99IngestToSubscriber)],
      ['goal: two instances, all delivered', `met ${goals.twoInstances.met}`],
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
