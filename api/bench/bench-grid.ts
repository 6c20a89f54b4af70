// `npm run bench:grid [-- --writes 300 --rounds 3 --batch 1000 --batches 20 --json]`
//
// What decision 024's additions cost, each against a baseline measured in the same run,
// alternating so both see the same machine:
// - a campaign write (the monitor's transaction: campaign upsert, numbers, members) fenced by a
//   lease token (services/campaign-fence.ts) against the same transaction unfenced;
// - `ingestCalls` on an API-only instance (redis/cdr-forwarder.ts: validate, look up stored
//   callIds, XADD to the partitions) against the bare producer (XADD of the same calls), and
//   against what an `all` instance does before it answers (the pipeline: validate, deduplicate,
//   features, commit; here without a model, so a lower bound of that path's cost).
// Needs DATABASE_URL (migrated) and REDIS_URL (or TEST_REDIS_URL); it removes what it wrote.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { Alerts } from '../src/alerts';
import { createDb } from '../src/db';
import { CallPipeline } from '../src/pipeline';
import { CdrForwarder } from '../src/redis/cdr-forwarder';
import { produceCdrs } from '../src/redis/cdr-producer';
import { fencedWrite, type Tx } from '../src/services/campaign-fence';
import { LiveScorer } from '../src/services/live-scorer';
import { ModelRegistry } from '../src/services/model-registry';
import { partitionStream } from '../src/services/redis-partitions';

const { values } = parseArgs({
  options: {
    writes: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    batch: { type: 'string', default: '1000' },
    batches: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const writes = Number(values.writes);
const rounds = Number(values.rounds);
const batchSize = Number(values.batch);
const batches = Number(values.batches);
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL;
if (!databaseUrl || !redisUrl) throw new Error('DATABASE_URL and REDIS_URL (or TEST_REDIS_URL) are needed');

const db = createDb(databaseUrl, 2);
const redis = new Redis(redisUrl);
const run = randomUUID().slice(0, 8);
const lease = `bench-grid-${run}:leader:campaign-detection`;

const number = () => `+9198${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
const campaignIds: string[] = [];

/** The campaign monitor's write of one campaign of eight members. */
function campaignWrite() {
  const id = randomUUID();
  campaignIds.push(id);
  const members = Array.from({ length: 8 }, number);
  return async (tx: Tx) => {
    await tx.campaign.upsert({
      where: { id },
      create: {
        id,
        name: `bench ${run}`,
        type: 'WANGIRI',
        status: 'CLOSED',
        firstSeen: new Date(),
        lastSeen: new Date(),
        regions: [],
      },
      update: { nodeCount: members.length },
    });
    await tx.phoneNumber.createMany({ data: members.map((n) => ({ number: n })), skipDuplicates: true });
    await tx.campaignMember.createMany({
      data: members.map((n, i) => ({ campaignId: id, number: n, role: i === 0 ? 'ORGANISER' : 'MEMBER' })),
      skipDuplicates: true,
    });
  };
}

async function timeWrites(fenced: boolean): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < writes; i++) {
    const write = campaignWrite();
    if (fenced) await fencedWrite(db, { lease, token: 1 }, write);
    else await db.$transaction(write);
  }
  return Number(process.hrtime.bigint() - started) / 1e6 / writes;
}

const stream = `bench-grid-${run}:cdr`;
const partitions = 8;
function calls() {
  const now = Date.now();
  return Array.from({ length: batchSize }, (_, i) => ({
    callId: `bench-grid-${run}-${randomUUID()}`,
    caller: number(),
    receiver: number(),
    startedAt: new Date(now - 60_000 + i).toISOString(),
    durationSec: 30,
    originRegion: 'Delhi',
    targetRegion: 'Mumbai',
  }));
}

const pipeline = new CallPipeline({
  db,
  scorer: new LiveScorer(new ModelRegistry()),
  alerts: new Alerts(db, () => {}),
  maxBatch: batchSize,
  publish: () => {},
});

async function timeIngest(path: 'producer' | 'forwarder' | 'pipeline'): Promise<number> {
  const forwarder = new CdrForwarder({ db, redis, target: { stream, partitions }, maxBatch: batchSize });
  const prepared = Array.from({ length: batches }, calls);
  const started = process.hrtime.bigint();
  for (const batch of prepared) {
    if (path === 'forwarder') await forwarder.ingest(batch);
    else if (path === 'pipeline') await pipeline.ingest(batch);
    else await produceCdrs(redis, { stream, partitions }, batch);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (batches * batchSize) / seconds;
}

const results = {
  unfencedMs: [] as number[],
  fencedMs: [] as number[],
  producerPerSec: [] as number[],
  forwarderPerSec: [] as number[],
  pipelinePerSec: [] as number[],
};
try {
  for (let round = 0; round < rounds; round++) {
    results.unfencedMs.push(await timeWrites(false));
    results.fencedMs.push(await timeWrites(true));
    results.producerPerSec.push(await timeIngest('producer'));
    results.forwarderPerSec.push(await timeIngest('forwarder'));
    results.pipelinePerSec.push(await timeIngest('pipeline'));
  }
} finally {
  await db.campaign.deleteMany({ where: { id: { in: campaignIds } } });
  await db.$executeRaw`DELETE FROM "CampaignFence" WHERE "lease" = ${lease}`;
  await db.$executeRaw`DELETE FROM "CallRecord" WHERE "callId" LIKE ${`bench-grid-${run}-%`}`;
  await redis.del(...Array.from({ length: partitions }, (_, p) => partitionStream(stream, p)));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const summary = {
  cpus: os.cpus().length,
  load: os.loadavg().map((l) => Math.round(l * 10) / 10),
  campaignWriteMs: { unfenced: median(results.unfencedMs), fenced: median(results.fencedMs) },
  fencedOverUnfenced: median(results.fencedMs) / median(results.unfencedMs),
  ingestCallsPerSec: {
    producer: median(results.producerPerSec),
    forwarder: median(results.forwarderPerSec),
    pipeline: median(results.pipelinePerSec),
  },
  forwarderOverProducer: median(results.forwarderPerSec) / median(results.producerPerSec),
  forwarderOverPipeline: median(results.forwarderPerSec) / median(results.pipelinePerSec),
  rounds: results,
};
if (values.json) console.log(JSON.stringify(summary));
else {
  console.log(
    `load ${summary.load.join(' ')} on ${summary.cpus} cores, ${rounds} alternating rounds (medians)`,
  );
  console.log(
    `campaign write (8 members): unfenced ${summary.campaignWriteMs.unfenced.toFixed(2)} ms, fenced ${summary.campaignWriteMs.fenced.toFixed(2)} ms: x${summary.fencedOverUnfenced.toFixed(2)}`,
  );
  console.log(
    `ingest ${batchSize}-call batches: bare XADD ${Math.round(summary.ingestCallsPerSec.producer)} calls/s, forwarder ${Math.round(summary.ingestCallsPerSec.forwarder)} calls/s: x${summary.forwarderOverProducer.toFixed(2)}`,
  );
  console.log(
    `  stored here by the pipeline (no model) ${Math.round(summary.ingestCallsPerSec.pipeline)} calls/s: forwarder x${summary.forwarderOverPipeline.toFixed(2)}`,
  );
}
redis.disconnect();
await db.$disconnect();
