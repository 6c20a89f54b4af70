// npm run bench:scale [-- --json] [--quick] [--calls N] [--workers 1,2,4] [--partitions P]
//
// Throughput of the grid's stream workers: N CDRs are put in the partitioned Redis stream, then
// 1, 2, 4 … workers (INSTANCE_ROLE=worker processes, each on a fresh database with the same
// model) drain it into PostgreSQL. Printed per worker count: CDRs/s stored, the ratio to one
// worker, the workers' CPU per CDR, and the machine and its load. The baseline in the same run:
// the database's own rate for the same rows (one multi-row INSERT per 5,000 into a bare table of
// the calls' shape, one connection), the ceiling any number of workers shares.
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { streamTraffic } from '@satark/ml';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { produceCdrs } from '../src/redis/cdr-producer';
import { startApi } from '../src/server';
import { partitionStream } from '../src/services/redis-partitions';
import { toCallInput } from '../src/services/simulator';
import {
  benchDataDir,
  type ChildApi,
  machine as describeMachine,
  errorText,
  printRows,
  round,
  spawnApi,
} from './bench-support';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    calls: { type: 'string' },
    workers: { type: 'string', default: '1,2,4' },
    partitions: { type: 'string', default: '8' },
    'database-url': { type: 'string' },
    'redis-url': { type: 'string' },
  },
});
const quick = values.quick ?? false;
const totalCalls = Number(values.calls ?? (quick ? 20_000 : 100_000));
const workerCounts = (values.workers ?? '1,2,4').split(',').map(Number);
const partitions = Number(values.partitions);
if (!Number.isInteger(totalCalls) || totalCalls < 5000) fail('--calls must be an integer of at least 5000');
if (workerCounts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) fail('--workers must list 1 to 16');
if (!Number.isInteger(partitions) || partitions < 2 || partitions > 1024)
  fail('--partitions must be 2 to 1024');
const redisUrl = values['redis-url'] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const adminUrl =
  values['database-url'] ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function fail(message: string): never {
  process.stderr.write(`bench:scale: ${message}\n`);
  process.exit(2);
}
const progress = (message: string) => process.stderr.write(`[bench:scale] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () => round(os.loadavg()[0] ?? 0, 2);
/** The processes' data directory (first-start admin password): never the developer's `.data`. */
const dataDir = benchDataDir;

/** CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- databases
const created: string[] = [];
async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
async function newDatabase(tag: string): Promise<string> {
  const name = `satark_scale_bench_${process.pid}_${tag}`;
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  created.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Migrates the database and stores the model, so the workers only load them. */
async function prepare(databaseUrl: string): Promise<void> {
  const api = await startApi({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    simulator: false,
    logLevel: 'warn',
    env: { DATA_DIR: dataDir },
    // stdout carries the figures: logs go to stderr.
    logDestination: pino.destination(2),
  });
  await api.close();
}

// ---------------------------------------------------------------- traffic
type Cdr = ReturnType<typeof toCallInput>;
function traffic(count: number, tag: string): Cdr[] {
  const calls: Cdr[] = [];
  for (const cdr of streamTraffic({ seed: 21, start: Date.now() - 20 * 86_400_000, callers: 20_000 })) {
    if (calls.length === count) break;
    calls.push(toCallInput({ ...cdr, callId: `${tag}-${cdr.callId}` }));
  }
  return calls;
}

// ---------------------------------------------------------------- the database's own rate
async function measureDatabase(databaseUrl: string, calls: Cdr[]) {
  progress(`database baseline: ${calls.length.toLocaleString()} rows into a bare table, one connection`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('CREATE TABLE bench_bare (LIKE "CallRecord" INCLUDING DEFAULTS)');
  const started = performance.now();
  for (let i = 0; i < calls.length; i += 5000) {
    const batch = calls.slice(i, i + 5000);
    const column = <T>(pick: (call: Cdr) => T) => batch.map(pick);
    await client.query(
      `INSERT INTO bench_bare ("callId","caller","receiver","startedAt","durationSec","originRegion","targetRegion")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::float8[], $6::text[], $7::text[])`,
      [
        column((c) => c.callId),
        column((c) => c.caller),
        column((c) => c.receiver),
        column((c) => c.startedAt),
        column((c) => c.durationSec),
        column((c) => c.originRegion ?? null),
        column((c) => c.targetRegion ?? null),
      ],
    );
  }
  const seconds = (performance.now() - started) / 1000;
  await client.query('DROP TABLE bench_bare');
  await client.end();
  return { rows: calls.length, perSec: round(calls.length / seconds) };
}

// ---------------------------------------------------------------- k workers
async function measureWorkers(workers: number, calls: Cdr[]) {
  const databaseUrl = await newDatabase(`w${workers}`);
  await prepare(databaseUrl);
  const prefix = `satark-bench-scale-${process.pid}-${workers}`;
  const stream = `${prefix}:cdr`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const stored = async () => Number((await db.query('SELECT count(*) AS n FROM "CallRecord"')).rows[0].n);
  const loadBefore = load();
  const apis: ChildApi[] = await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      spawnApi({
        PORT: '0',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: prefix,
        REDIS_PARTITIONS: String(partitions),
        REDIS_LEASE_MS: '3000',
        INSTANCE_ROLE: 'worker',
        WORKER_ID: `bench-worker-${w}`,
        DATA_DIR: dataDir,
      }),
    ),
  );
  // Steady state: every worker holds its share of the partitions before the CDRs arrive.
  const leases = Array.from({ length: partitions }, (_, p) => `${stream}:lease:${p}`);
  const balancedBy = Date.now() + 120_000;
  for (;;) {
    const holders = new Set(await redis.mget(...leases));
    if (!holders.has(null) && holders.size === Math.min(workers, partitions)) break;
    if (Date.now() > balancedBy) throw new Error(`${workers} workers did not share the partitions in 120 s`);
    await sleep(100);
  }
  progress(`${workers} worker(s): ${calls.length.toLocaleString()} CDRs into ${partitions} partitions`);
  await produceCdrs(redis, { stream, partitions }, calls);
  // Timed from the first stored call: process start-up and the lease hand-out are not throughput.
  let firstAt = 0;
  let firstCount = 0;
  let cpuAtFirst = 0;
  let count = 0;
  const cpu = () => apis.reduce((sum, api) => sum + (cpuSeconds(api.child.pid) ?? 0), 0);
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    count = await stored();
    if (count > 0 && firstAt === 0) {
      firstAt = performance.now();
      firstCount = count;
      cpuAtFirst = cpu();
    }
    if (count >= calls.length) break;
    await sleep(50);
  }
  const seconds = (performance.now() - firstAt) / 1000;
  const cpuUsed = cpu() - cpuAtFirst;
  const loadDuring = load();
  await Promise.all(apis.map((api) => api.stop()));
  // What a stored CDR costs on disk, its indexes included: the figure retention is sized by.
  const bytes = Number((await db.query(`SELECT pg_total_relation_size('"CallRecord"') AS b`)).rows[0].b);
  await db.end();
  await redis.del(...Array.from({ length: partitions }, (_, p) => partitionStream(stream, p)));
  const leftover = await redis.keys(`${prefix}:*`);
  if (leftover.length) await redis.del(...leftover);
  redis.disconnect();
  const measured = count - firstCount;
  const perSec = round(measured / Math.max(seconds, 0.001));
  return {
    workers,
    stored: count,
    complete: count >= calls.length,
    perSec,
    perWorkerPerSec: round(perSec / workers),
    workerCpuUsPerCdr: measured > 0 ? round((cpuUsed * 1e6) / measured, 1) : null,
    bytesPerStoredCdr: count > 0 ? round(bytes / count) : null,
    loadAverage1m: { before: loadBefore, after: loadDuring },
  };
}

// ---------------------------------------------------------------- run
const machine = describeMachine();
progress(`${machine.cpu}, ${machine.cores} cores, load ${machine.loadAverage1m}, Node ${machine.node}`);
let exitCode = 0;
try {
  const run = Date.now().toString(36);
  const calls = traffic(totalCalls, `scale-${run}`);
  const baselineDatabase = await newDatabase('baseline');
  await prepare(baselineDatabase);
  const database = await measureDatabase(baselineDatabase, calls);
  const runs = [];
  for (const workers of workerCounts) runs.push(await measureWorkers(workers, calls));
  const one = runs.find((r) => r.workers === 1) ?? runs[0];
  const result = {
    machine,
    inputs: { calls: totalCalls, partitions, simulatedSubscribers: 20_000, batch: 500 },
    databaseInsertPerSec: database.perSec,
    workers: runs.map((r) => ({
      ...r,
      ratioToOneWorker: one ? round(r.perSec / Math.max(1, one.perSec), 2) : null,
      shareOfDatabaseRate: round(r.perSec / Math.max(1, database.perSec), 2),
    })),
    note:
      machine.cores <= 2
        ? `${machine.cores} cores shared by the workers, PostgreSQL, Redis and this benchmark: more workers than cores cannot scale linearly here`
        : null,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const rows: [string, string][] = [
      ['machine', `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`],
      ['load (1 min) at start', String(machine.loadAverage1m)],
      [
        'inputs',
        `${totalCalls.toLocaleString()} CDRs, ${partitions} partitions, 20,000 simulated subscribers`,
      ],
      ['database baseline', `${database.perSec.toLocaleString()} rows/s (bare table, one connection)`],
      ...result.workers.map((r): [string, string] => [
        `${r.workers} worker(s)`,
        `${r.perSec.toLocaleString()} CDRs/s (x${r.ratioToOneWorker} of 1 worker, ${r.perWorkerPerSec.toLocaleString()}/worker, ${r.workerCpuUsPerCdr} µs worker CPU/CDR, ${r.bytesPerStoredCdr} B/stored CDR, load ${r.loadAverage1m.before} -> ${r.loadAverage1m.after}${r.complete ? '' : ', INCOMPLETE'})`,
      ]),
      ...(result.note ? [['note', result.note] as [string, string]] : []),
    ];
    printRows(rows);
  }
} catch (error) {
  process.stderr.write(`bench:scale failed: ${errorText(error)}\n`);
  exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await withAdmin(async (admin) => {
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }).catch(() => {});
}
process.exit(exitCode);
