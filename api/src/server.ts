// HTTP (GraphQL, GraphiQL, health, metrics) and graphql-ws on the same port and path.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { SUSPICIOUS_FROM } from '@satark/ml';
import type { DefinitionNode, ExecutionArgs } from 'graphql';
import { CloseCode, type OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { DestinationStream, Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { serveAuditCsv } from './audit-csv';
import { AuthenticationError, type Viewer, viewerFromAuthorization, viewKey } from './auth';
import { createClientAddress, trustedProxies } from './client-address';
import { type Config, loadConfig } from './config';
import type { AppServices, Context } from './context';
import { openDatabase } from './db';
import { parseOrErrors, webSocketLimits, yogaGuard } from './guard';
import { serveLabelsCsv } from './labels-csv';
import { LIST_CSV_PATH, serveListCsv } from './list-csv-route';
import { createLogger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { CallPipeline } from './pipeline';
import { createPubSubHandle } from './pubsub';
import { createCdrConsumer, createDeadLetterStream } from './redis/cdr-consumers';
import { schema } from './schema';
import { bootstrapAdmin } from './services/accounts';
import { ActiveKeys } from './services/active-keys';
import { AlertRaiser } from './services/alerts';
import { KeyUsageRecorder, registerConfiguredKey } from './services/api-keys';
import { CampaignMonitor } from './services/campaign-monitor';
import { createCaseDesk } from './services/case-grouping';
import { KeySockets } from './services/key-sockets';
import { ListSync } from './services/list-sync';
import { LiveScorer } from './services/live-scorer';
import { LOOKUP_FLUSH_MS, LookupHistory } from './services/lookups';
import { ensureModel, loadActiveModel, ModelRegistry, retrain } from './services/model-registry';
import { ModelSync } from './services/model-sync';
import type { NumberExplainer } from './services/numbers';
import { People, requestIdOf } from './services/people';
import { RateLimiter } from './services/rate-limiter';
import type { RedisCdrConsumer } from './services/redis-cdr-consumer';
import type { PartitionedCdrConsumer } from './services/redis-partitions';
import { RetentionJob } from './services/retention';
import { TrafficSimulator } from './services/simulator';
import { StatsService } from './services/stats';
import { ThreatStreamPublisher } from './services/threat-stream';
import { subscribeShared } from './shared-subscriptions';
import { type Component, Supervisor } from './supervision';

export interface StartOptions {
  port?: number;
  host?: string;
  databaseUrl?: string;
  redisUrl?: string;
  simulator?: boolean;
  logLevel?: string;
  /** Where logs go (default stdout): tests read them from a stream. */
  logDestination?: DestinationStream;
  /** Other settings, as environment variables would give them. */
  env?: Record<string, string | undefined>;
  /**
   * 'auto' (default): load the active model, or train one on generated history and store it.
   * 'none': start without a model (calls stay "not scored yet" until one is trained).
   */
  model?: 'auto' | 'none';
}

export interface RunningApi {
  url: string;
  port: number;
  app: AppServices;
  /** Reading the Redis Stream (with REDIS_URL): partitioned by caller when REDIS_PARTITIONS > 1. */
  redisConsumer: RedisCdrConsumer | PartitionedCdrConsumer | null;
  logger: Logger;
  close(): Promise<void>;
}

type WsExtra = { request: IncomingMessage; viewer?: Viewer; untrack?: () => void };

function operationMetricsPlugin(metrics: Metrics): Plugin {
  return {
    onExecute({ args }) {
      const operation = args.document.definitions.find(
        (d: DefinitionNode) => d.kind === 'OperationDefinition',
      );
      const type = operation && 'operation' in operation ? operation.operation : 'unknown';
      return {
        onExecuteDone({ result }) {
          const failed = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
          metrics.operations.inc({ type, outcome: failed ? 'error' : 'ok' });
        },
      };
    },
  };
}

export async function startApi(options: StartOptions = {}): Promise<RunningApi> {
  const env = { ...process.env, ...options.env };
  if (options.port !== undefined) env.PORT = String(options.port);
  if (options.host) env.HOST = options.host;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  if (options.simulator !== undefined) env.SIMULATOR = options.simulator ? 'on' : 'off';
  if (options.logLevel) env.LOG_LEVEL = options.logLevel;
  const config: Config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  const database = await openDatabase(config, logger);
  const { db } = database;
  if (config.DASHBOARD_API_KEY) await registerConfiguredKey(db, config.DASHBOARD_API_KEY, 'dashboard');
  await bootstrapAdmin(db, config.DATA_DIR, logger);
  const pubsubHandle = createPubSubHandle(config.REDIS_URL, config.REDIS_PREFIX);
  const { pubsub } = pubsubHandle;
  const metrics = createMetrics();
  const supervisor = new Supervisor(metrics.registry);
  const databaseHealth = supervisor.component('database', { required: true });

  const models = new ModelRegistry();
  const initialModel = options.model === 'none' ? await loadActiveModel(db) : await ensureModel(db, logger);
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
  const alerts = new AlertRaiser(db, (alert) => pubsub.publish('alertRaised', alert));
  const { desk: cases, sweep: caseSweep } = createCaseDesk(config, db, pubsub, alerts, logger);
  // Allow and block lists, loaded before the first call is scored (docs/decisions/016-lists.md).
  const lists = new ListSync(db, pubsub, logger, {
    pollMs: config.LIST_POLL_MS,
    fullReloadMs: config.LIST_RELOAD_MS,
  });
  await lists.start();
  const campaigns = new CampaignMonitor(
    db,
    liveScorer,
    alerts,
    logger,
    {
      intervalMs: config.CAMPAIGN_INTERVAL_MS,
      quietMs: config.CAMPAIGN_QUIET_MS,
      ignored: (number) => lists.matcher.verdict(number)?.kind === 'ALLOW',
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
    lists: lists.matcher,
  });
  const ingest = (calls: readonly unknown[]) => pipeline.ingest(calls);
  // Every scored number is explained, SAFE ones too (in plain units); `all` gives every feature.
  const explain: NumberExplainer = (phone, explainOptions) => {
    const model = models.model;
    if (!model || phone.modelVersion !== model.version || phone.riskScore == null) return null;
    const features = phone.features as Record<string, unknown> | null;
    if (!features) return null;
    const vector = model.featureNames.map((name) => Number(features[name]));
    if (!vector.every(Number.isFinite)) return null;
    return model
      .reasonsForAnyVerdict(vector, {
        all: explainOptions?.all ?? false,
        safe: (phone.riskScore ?? 0) < SUSPICIOUS_FROM,
      })
      .map(({ feature, label, value, contribution, text }) => ({
        feature,
        label,
        value,
        contribution,
        text,
      }));
  };
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
  // Short commands (rate limits, dead letters): fail fast rather than queue while Redis is away.
  const redisCommands = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : null;
  const keyUsage = new KeyUsageRecorder(db, config.KEY_USAGE_FLUSH_MS, (error) =>
    logger.warn({ err: error }, 'api keys: lastUsedAt not written'),
  );
  const keySockets = new KeySockets(db, pubsub, logger, {
    recheckMs: config.KEY_RECHECK_MS,
    usage: keyUsage,
  });
  // An active API key's requests cost no database read (revocations are broadcast).
  const activeKeys = new ActiveKeys(db, pubsub, logger, { ttlMs: config.KEY_RECHECK_MS });
  const lookups = new LookupHistory(db, {
    flushMs: LOOKUP_FLUSH_MS,
    health: supervisor.component('lookup-history'),
  });
  const people = new People(db, pubsub, config, logger);
  const modelSync = new ModelSync(
    db,
    models,
    pubsub,
    logger,
    { checkMs: config.MODEL_SYNC_MS },
    supervisor.component('model-sync'),
  );
  const clientAddress = createClientAddress(trustedProxies(config.TRUSTED_PROXIES));
  const app: AppServices = {
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
    keySockets,
    ingest,
    explain,
    retrain: async (retrainOptions) => {
      const summary = await retrain(db, models, retrainOptions);
      modelSync.announce(summary.version);
      return summary;
    },
    people,
    cases,
    lists,
    lookups,
  };
  const workerId = config.WORKER_ID ?? `${hostname()}-${config.PORT || process.pid}`;
  const redisReader = config.REDIS_URL
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
  const redisHealth = redisCommands ? supervisor.component('redis', { required: true }) : null;

  const guard = yogaGuard(config, logger);
  const yoga = createYoga<{ req?: IncomingMessage; res?: ServerResponse; viewer?: Viewer }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Satark GraphQL', subscriptionsProtocol: 'WS' },
    ...guard.options,
    plugins: [...guard.plugins, operationMetricsPlugin(metrics)],
    context: async (initial) => {
      const viewer =
        initial.viewer ??
        (await viewerFromAuthorization(
          db,
          initial.request.headers.get('authorization'),
          clientAddress(initial.req),
          { sessions: people.sessions, usage: keyUsage, keys: activeKeys },
        ));
      // graphql-ws operations have no HTTP request here: they get a fresh id each.
      const requestId = requestIdOf((initial.request as Request | undefined)?.headers.get('x-request-id'));
      return { app, viewer, requestId };
    },
  });

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    if (path === '/ready') {
      await probe(databaseHealth, () => db.$queryRaw`SELECT 1`);
      if (redisCommands && redisHealth) await probe(redisHealth, () => redisCommands.ping());
      const ready = supervisor.ready();
      res
        .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ready ? 'ready' : 'not ready', components: supervisor.statuses() }));
      return;
    }
    if (path === '/metrics') {
      res
        .writeHead(200, { 'content-type': metrics.registry.contentType })
        .end(await metrics.registry.metrics());
      return;
    }
    if (path === '/audit.csv') {
      await serveAuditCsv(req, res, db, people.sessions, clientAddress(req));
      return;
    }
    if (path === '/labels.csv') {
      await serveLabelsCsv(req, res, db, people.sessions, clientAddress(req));
      return;
    }
    const listCsv = LIST_CSV_PATH.exec(path ?? '');
    if (listCsv) {
      await serveListCsv(req, res, listCsv[1] as string, db, people.sessions, clientAddress(req));
      return;
    }
    if (path === '/') {
      res.writeHead(302, { location: '/graphql' }).end();
      return;
    }
    // Yoga's node handler fills the server context with { req, res }.
    yoga(req, res);
  });

  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint, ...webSocketLimits(config) });
  const wsCleanup = useServer<Record<string, unknown> | undefined, WsExtra>(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => {
        const root = args.rootValue as EnvelopedRoot;
        return subscribeShared(args, root.shareKey) as ReturnType<EnvelopedRoot['subscribe']>;
      },
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          ctx.extra.viewer = await viewerFromAuthorization(
            db,
            typeof authorization === 'string' ? authorization : undefined,
            clientAddress(ctx.extra.request),
            { sessions: people.sessions, usage: keyUsage, keys: activeKeys },
          );
          const socket = ctx.extra.socket;
          ctx.extra.untrack = people.sockets.track(ctx.extra.viewer, (reason) =>
            socket.close(CloseCode.Forbidden, reason),
          );
        } catch (error) {
          if (error instanceof AuthenticationError) {
            ctx.extra.socket?.close(CloseCode.Forbidden, error.message);
            return false;
          }
          throw error;
        }
        metrics.websocketClients.inc();
        if (ctx.extra.viewer.keyId) keySockets.track(ctx.extra.viewer.keyId, ctx.extra.socket);
        return true;
      },
      onClose: (ctx) => {
        ctx.extra.untrack?.();
        if (ctx.extra.viewer) metrics.websocketClients.dec();
        if (ctx.extra.viewer?.keyId) keySockets.untrack(ctx.extra.viewer.keyId, ctx.extra.socket);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          viewer: ctx.extra.viewer,
          params: payload,
        });
        const document = parseOrErrors(enveloped.parse, payload.query);
        if (Array.isArray(document)) return document;
        // Validated before the share key below serialises the variables (they may nest absurdly).
        const validationErrors = enveloped.validate(enveloped.schema, document);
        if (validationErrors.length) return validationErrors;
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: {
            execute: enveloped.execute,
            subscribe: enveloped.subscribe,
            // Who may see what is decided by the role alone, and whether the session is limited to
            // changing its one-time password (see shared-subscriptions.ts).
            shareKey: JSON.stringify([
              viewKey(ctx.extra.viewer),
              payload.operationName ?? null,
              payload.query,
              payload.variables ?? null,
            ]),
          },
        };
        return args;
      },
    },
    wsServer,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  stream.start();
  campaigns.start();
  retention.start();
  caseSweep.start();
  keyUsage.start();
  activeKeys.start();
  lookups.start();
  keySockets.start();
  modelSync.start();
  people.start();
  await redisConsumer?.start();
  simulator?.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}/graphql`;
  logger.info(
    {
      url,
      embeddedDatabase: database.embedded,
      modelVersion: models.version,
      simulator: simulator ? `${config.SIMULATOR_RATE} calls/s` : 'off',
      redis: Boolean(config.REDIS_URL),
      redisStream: redisConsumer ? config.REDIS_STREAM : null,
      redisPartitions: redisConsumer ? config.REDIS_PARTITIONS : null,
    },
    'Satark API is up',
  );

  let closed = false;
  return {
    url,
    port,
    app,
    redisConsumer,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      await simulator?.stop();
      stream.stop();
      await redisConsumer?.stop();
      redisReader?.connection.disconnect();
      await keySockets.stop();
      await modelSync.stop();
      await keyUsage.stop();
      await campaigns.stop();
      await retention.stop();
      await caseSweep.stop();
      await people.stop();
      await lists.stop();
      await wsCleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // No request is left: the lookups they queued are written before the database closes.
      await lookups.stop().catch((error) => logger.error({ err: error }, 'lookup history not written'));
      await activeKeys.stop();
      await pubsubHandle.close();
      redisCommands?.disconnect();
      await database.close();
    },
  };
}

const PROBE_TIMEOUT_MS = 3000;

/** Asks a dependency for a sign of life, and records the answer (or its absence) on its component. */
async function probe(component: Component, ask: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([ask(), timeout]);
    component.succeeded();
  } catch (error) {
    component.failed(error);
  } finally {
    clearTimeout(timer);
  }
}

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
  shareKey: string;
}
