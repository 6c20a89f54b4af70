// The application without its transport: `createApp(config)` opens the database, loads the
// model and wires every service once (as in graphql-yoga's examples); `start()` and `stop()`
// run its background parts in one ordered list. server.ts serves it over HTTP and graphql-ws.
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Alerts } from './alerts';
import { type Viewer, viewerFromAuthorization } from './auth';
import type { Config } from './config';
import type { AppServices } from './context';
import { openDatabase } from './db';
import { LiveSockets } from './live-sockets';
import { createMetrics, exportCount, type Metrics } from './metrics';
import { CallPipeline } from './pipeline';
import { createPubSubHandle } from './pubsub';
import { createCampaignGrid } from './redis/campaign-grid';
import { createCdrConsumer, createDeadLetterStream } from './redis/cdr-consumers';
import { CdrForwarder } from './redis/cdr-forwarder';
import { bootstrapAdmin } from './services/accounts';
import { ActiveKeys } from './services/active-keys';
import { KeyUsageRecorder, registerConfiguredKey } from './services/api-keys';
import { CampaignMonitor } from './services/campaign-monitor';
import { createCaseDesk } from './services/case-grouping';
import { createNumberExplainer } from './services/explain-number';
import { ListSync } from './services/list-sync';
import { LiveScorer } from './services/live-scorer';
import { LOOKUP_FLUSH_MS, LookupHistory } from './services/lookups';
import { ensureModel, loadActiveModel, ModelRegistry, retrain } from './services/model-registry';
import { ModelSync } from './services/model-sync';
import { People } from './services/people';
import { RateLimiter } from './services/rate-limiter';
import type { RedisCdrConsumer } from './services/redis-cdr-consumer';
import type { PartitionedCdrConsumer } from './services/redis-partitions';
import { RetentionJob } from './services/retention';
import { TrafficSimulator } from './services/simulator';
import { StatsService } from './services/stats';
import { ThreatStreamPublisher } from './services/threat-stream';
import { type Readiness, Supervisor } from './supervision';

export interface AppOptions {
  logger: Logger;
  /**
   * 'auto' (default): load the active model, or train one on generated history and store it.
   * 'none': start without a model (calls stay "not scored yet" until one is trained).
   */
  model?: 'auto' | 'none';
}

export interface App {
  services: AppServices;
  logger: Logger;
  metrics: Metrics;
  /** What /ready answers: the probed dependencies asked now, every component's state. */
  readiness(): Promise<Readiness>;
  /** Reading the Redis Stream (with REDIS_URL): partitioned by caller when REDIS_PARTITIONS > 1. */
  redisConsumer: RedisCdrConsumer | PartitionedCdrConsumer | null;
  embeddedDatabase: boolean;
  /** Who a request acts for, from its Authorization header (or graphql-ws connection params). */
  viewerFrom(authorization: string | null | undefined, client: string): Promise<Viewer>;
  /** Starts the background parts in order. */
  start(): Promise<void>;
  /** Stops them in reverse order, then closes Redis and the database. */
  stop(): Promise<void>;
}

/** A part of the app with work of its own; one with only `stop` is a resource to release. */
export interface Part {
  start?(): unknown;
  stop(): unknown;
}

/**
 * Parts started in the order added and stopped in reverse: resources (added first) are released
 * last, and a part that never started is not stopped.
 */
export class Parts {
  private readonly added: Part[] = [];
  private readonly running: Part[] = [];

  add(...parts: (Part | null)[]): void {
    for (const part of parts) if (part) this.added.push(part);
  }

  async start(): Promise<void> {
    for (const part of this.added) {
      if (this.running.includes(part)) continue;
      await part.start?.();
      this.running.push(part);
    }
  }

  async stop(): Promise<void> {
    const started = new Set(this.running);
    for (const part of [...this.added].reverse()) {
      if (part.start && !started.has(part)) continue;
      await part.stop();
    }
    this.running.length = 0;
  }
}

export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const parts = new Parts();
  const database = await openDatabase(config, logger);
  parts.add({ stop: () => database.close() });
  try {
    return await wire(config, options, database, parts);
  } catch (error) {
    await parts.stop();
    throw error;
  }
}

async function wire(
  config: Config,
  { logger, model = 'auto' }: AppOptions,
  database: Awaited<ReturnType<typeof openDatabase>>,
  parts: Parts,
): Promise<App> {
  const { db } = database;
  if (config.DASHBOARD_API_KEY) await registerConfiguredKey(db, config.DASHBOARD_API_KEY, 'dashboard');
  await bootstrapAdmin(db, config.DATA_DIR, logger);
  const pubsubHandle = createPubSubHandle(config.REDIS_URL, config.REDIS_PREFIX);
  const { pubsub } = pubsubHandle;
  // Short commands (rate limits, dead letters): fail fast rather than queue while Redis is away.
  const redisCommands = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : null;
  parts.add(
    { stop: () => pubsubHandle.close() },
    redisCommands && { stop: () => redisCommands.disconnect() },
  );
  const metrics = createMetrics();
  const supervisor = new Supervisor(metrics.registry);
  supervisor.probe('database', () => db.$queryRaw`SELECT 1`, { required: true });

  const models = new ModelRegistry();
  const initialModel = model === 'none' ? await loadActiveModel(db) : await ensureModel(db, logger);
  if (initialModel) models.swap(initialModel);
  const liveScorer = new LiveScorer(models, {
    minCalls: config.MIN_CALLS_TO_SCORE,
    windowMs: initialModel?.windowMs,
    maxCallers: config.MAX_TRACKED_CALLERS,
  });
  const warmed = await liveScorer.warmUp(db);
  if (warmed > 0) logger.info({ calls: warmed }, 'Feature windows refilled from stored calls');
  const stats = new StatsService(db, {
    capacityPerSec: config.PIPELINE_CAPACITY_PER_SEC,
    modelVersion: () => models.version,
  });
  models.onSwap(() => stats.invalidate());
  const stream = new ThreatStreamPublisher(
    stats,
    (batch) => pubsub.publish('threatBatch', batch),
    config.STREAM_INTERVAL_MS,
    supervisor.component('stats-publisher'),
  );
  const alerts = new Alerts(db, (alert) => pubsub.publish('alertRaised', alert));
  const { desk: cases, sweep: caseSweep } = createCaseDesk(config, db, pubsub, alerts, logger);
  // Allow and block lists, loaded before the first call is scored (docs/decisions/016-lists.md).
  const lists = new ListSync(db, pubsub, logger, {
    pollMs: config.LIST_POLL_MS,
    fullReloadMs: config.LIST_RELOAD_MS,
  });
  const workerId = config.WORKER_ID ?? `${hostname()}-${config.PORT || process.pid}`;
  const campaignGrid = config.REDIS_URL
    ? createCampaignGrid(config, {
        redisUrl: config.REDIS_URL,
        workerId,
        supervisor,
        registry: metrics.registry,
        logger,
      })
    : null;
  const campaigns = new CampaignMonitor(
    db,
    liveScorer,
    alerts,
    logger,
    {
      intervalMs: config.CAMPAIGN_INTERVAL_MS,
      quietMs: config.CAMPAIGN_QUIET_MS,
      ignored: (number) => lists.matcher.verdict(number)?.kind === 'ALLOW',
      grid: campaignGrid ?? undefined,
    },
    supervisor.component('campaign-detection'),
  );
  await campaigns.restore();
  const pipeline = new CallPipeline({
    db,
    scorer: liveScorer,
    alerts,
    maxBatch: config.MAX_INGEST_BATCH,
    publish: (events) => {
      stream.push(events);
      campaigns.countFlagged(events.reduce((n, event) => n + (event.flagged ? 1 : 0), 0));
    },
    count: (outcome, calls) => metrics.callsIngested.inc({ outcome }, calls),
    timed: (step, seconds) => metrics.pipelineStepSeconds.observe({ step }, seconds),
    lists: lists.matcher,
  });
  // An 'api' instance of a grid holds no caller's window: it queues calls for the workers, who
  // score and store them (redis/cdr-forwarder.ts); 'all' and a lone instance store them here.
  const forwarder =
    redisCommands && config.INSTANCE_ROLE === 'api'
      ? new CdrForwarder({
          db,
          redis: redisCommands,
          target: { stream: config.REDIS_STREAM, partitions: config.REDIS_PARTITIONS },
          maxBatch: config.MAX_INGEST_BATCH,
          count: (outcome, calls) => metrics.callsIngested.inc({ outcome }, calls),
        })
      : null;
  const ingest = (calls: readonly unknown[]) => (forwarder ?? pipeline).ingest(calls);
  const retention = new RetentionJob(
    db,
    logger,
    {
      // The simulator writes ~26 million calls a day at its default rate; real traffic is kept.
      retentionMs: (config.CALL_RETENTION_HOURS ?? (config.SIMULATOR ? 6 : 0)) * 3600_000,
      intervalMs: 60_000,
    },
    supervisor.component('retention'),
  );
  const simulator = config.SIMULATOR
    ? new TrafficSimulator(
        ingest,
        logger,
        {
          ratePerSec: config.SIMULATOR_RATE,
          callers: config.SIMULATOR_CALLERS,
          fraudRatio: config.SIMULATOR_FRAUD_RATIO,
          historyDays: config.SIMULATOR_HISTORY_DAYS,
          warmupHours: config.SIMULATOR_WARMUP_HOURS,
          seed: config.SIMULATOR_SEED ?? Date.now() % 2_147_483_647,
          maxBatch: config.MAX_INGEST_BATCH,
        },
        supervisor.component('simulator'),
      )
    : null;
  const keyUsage = new KeyUsageRecorder(db, config.KEY_USAGE_FLUSH_MS, (error) =>
    logger.warn({ err: error }, 'api keys: lastUsedAt not written'),
  );
  const sockets = new LiveSockets(
    db,
    pubsub,
    logger,
    { recheckMs: config.KEY_RECHECK_MS, usage: keyUsage },
    supervisor.component('socket-revocation'),
  );
  // An active API key's requests cost no database read; revocations make every instance forget.
  const activeKeys = new ActiveKeys(db, { ttlMs: config.KEY_RECHECK_MS });
  sockets.onRevoked((event) => activeKeys.forget(event));
  // Who checked which number, written in batches off the request path (services/lookups.ts).
  const lookups = new LookupHistory(db, {
    flushMs: LOOKUP_FLUSH_MS,
    health: supervisor.component('lookup-history'),
  });
  const people = new People(db, config, logger, redisCommands);
  const modelSync = new ModelSync(
    db,
    models,
    pubsub,
    logger,
    { checkMs: config.MODEL_SYNC_MS },
    supervisor.component('model-sync'),
  );
  const services: AppServices = {
    config,
    db,
    pubsub,
    stats,
    stream,
    alerts,
    liveScorer,
    models,
    campaigns,
    retention,
    anonymousMutations: new RateLimiter({
      points: config.ANON_MUTATIONS_PER_MINUTE,
      redis: redisCommands ?? undefined,
      keyPrefix: `${config.REDIS_PREFIX}:ratelimit:anon`,
    }),
    anonymousChecks: new RateLimiter({
      points: config.ANON_CHECKS_PER_MINUTE,
      redis: redisCommands ?? undefined,
      keyPrefix: `${config.REDIS_PREFIX}:ratelimit:checks`,
    }),
    deadLetters: redisCommands ? createDeadLetterStream(config, redisCommands) : null,
    sockets,
    lookups,
    ingest,
    explain: createNumberExplainer(models),
    retrain: async (retrainOptions) => {
      const summary = await retrain(db, models, retrainOptions);
      modelSync.announce(summary.version);
      return summary;
    },
    people,
    cases,
    lists,
  };
  // An 'api' instance serves requests only; workers (and 'all') read the CDR stream.
  const redisReader =
    config.REDIS_URL && config.INSTANCE_ROLE !== 'api'
      ? createCdrConsumer(config, {
          redisUrl: config.REDIS_URL,
          workerId,
          ingest,
          databaseAnswers: () => db.$queryRaw`SELECT 1`.then(() => true),
          metrics,
          logger,
        })
      : null;
  const redisConsumer = redisReader?.consumer ?? null;
  // With Redis configured the instance needs it: for the CDR stream, live events and limits.
  if (redisConsumer) supervisor.observe('redis-consumer', () => redisConsumer.health(), { required: true });
  if (redisCommands) supervisor.probe('redis', () => redisCommands.ping(), { required: true });

  // Counts the services keep themselves, in /metrics beside the rest.
  exportCount(
    metrics.registry,
    'satark_alerts_dropped_total',
    'Alerts not raised because their kind passed its per-minute cap',
    () => alerts.dropped,
  );
  exportCount(
    metrics.registry,
    'satark_stream_events_dropped_total',
    'Threat events left out of live batches (a batch keeps every flagged event and samples the rest)',
    () => stream.droppedFromBatches,
  );
  exportCount(
    metrics.registry,
    'satark_campaign_writes_refused_total',
    'Campaign writes the database refused: a leader with a higher fencing token had written (this one had lost its lease)',
    () => campaigns.refusedWrites,
  );
  exportCount(
    metrics.registry,
    'satark_campaign_rounds_total',
    'Campaign detection rounds completed by this instance',
    () => campaigns.ticks,
  );
  if (simulator) {
    exportCount(
      metrics.registry,
      'satark_simulator_calls_sent_total',
      'Generated calls the simulator handed to the pipeline',
      () => simulator.sent,
    );
  }

  // Background work, in the order it starts (stopped in reverse): what feeds calls in comes last.
  parts.add(
    // Stopped after every other part: the lookups queued by the last requests are written.
    lookups,
    lists,
    stream,
    campaignGrid,
    campaigns,
    retention,
    caseSweep,
    keyUsage,
    sockets,
    modelSync,
    people,
    redisReader && {
      start: () => redisReader.consumer.start(),
      stop: async () => {
        await redisReader.consumer.stop();
        redisReader.connection.disconnect();
      },
    },
    simulator,
  );

  return {
    services,
    logger,
    metrics,
    readiness: () => supervisor.readiness(),
    redisConsumer,
    embeddedDatabase: database.embedded,
    viewerFrom: (authorization, client) =>
      viewerFromAuthorization(db, authorization, client, {
        sessions: people.sessions,
        usage: keyUsage,
        keys: activeKeys,
      }),
    start: () => parts.start(),
    stop: () => parts.stop(),
  };
}
