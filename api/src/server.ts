// The transport: HTTP (GraphQL and GraphiQL through Yoga, with Yoga's /health, /ready and
// /metrics; the CSV exports) and graphql-ws on the same port and path. What it serves is
// built by app.ts; `startApi` = loadConfig + createApp + serve.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionArgs } from 'graphql';
import {
  CloseCode,
  type OperationResult,
  type SubscribePayload,
  type Context as WsContext,
} from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { DestinationStream, Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { type App, createApp } from './app';
import { auditCsv } from './audit-csv';
import { AuthenticationError, type Viewer, viewKey } from './auth';
import { createClientAddress, trustedProxies } from './client-address';
import { loadConfig } from './config';
import type { AppServices, Context } from './context';
import { matchCsvExport, serveCsvExport } from './csv-export';
import { parseOrErrors, webSocketLimits, yogaGuard } from './guard';
import { labelsCsv } from './labels-csv';
import { listCsv } from './list-csv-route';
import { createLogger } from './logger';
import { type Metrics, prometheusPlugin } from './metrics';
import { schema } from './schema';
import { requestIdOf } from './services/people';
import type { RedisCdrConsumer } from './services/redis-cdr-consumer';
import type { PartitionedCdrConsumer } from './services/redis-partitions';
import { type NextSender, subscribeShared } from './shared-subscriptions';
import { nextSender, OperationSlots, tooManySubscriptions } from './ws-transport';

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
  /** The process's Prometheus metrics, as served at /metrics. */
  metrics: Metrics;
  /** Reading the Redis Stream (with REDIS_URL): partitioned by caller when REDIS_PARTITIONS > 1. */
  redisConsumer: RedisCdrConsumer | PartitionedCdrConsumer | null;
  logger: Logger;
  close(): Promise<void>;
}

const CSV_EXPORTS = [auditCsv, labelsCsv, listCsv];
/** How long an idle HTTP keep-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;

type WsExtra = {
  request: IncomingMessage;
  viewer?: Viewer;
  untrack?: () => void;
  /** Its operations in flight, at most MAX_SUBSCRIPTIONS_PER_SOCKET. */
  slots?: OperationSlots;
};

export async function startApi(options: StartOptions = {}): Promise<RunningApi> {
  const env = { ...process.env, ...options.env };
  if (options.port !== undefined) env.PORT = String(options.port);
  if (options.host) env.HOST = options.host;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  if (options.simulator !== undefined) env.SIMULATOR = options.simulator ? 'on' : 'off';
  if (options.logLevel) env.LOG_LEVEL = options.logLevel;
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL, options.logDestination);
  const app = await createApp(config, { logger, model: options.model });
  try {
    await app.start();
    const server = await serve(app);
    logger.info(
      {
        url: server.url,
        embeddedDatabase: app.embeddedDatabase,
        modelVersion: app.services.models.version,
        simulator: config.SIMULATOR ? `${config.SIMULATOR_RATE} calls/s` : 'off',
        redis: Boolean(config.REDIS_URL),
        redisStream: app.redisConsumer ? config.REDIS_STREAM : null,
        redisPartitions: app.redisConsumer ? config.REDIS_PARTITIONS : null,
      },
      'Satark API is up',
    );
    let closed = false;
    return {
      url: server.url,
      port: server.port,
      app: app.services,
      metrics: app.metrics,
      redisConsumer: app.redisConsumer,
      logger,
      async close() {
        if (closed) return;
        closed = true;
        await server.close();
        await app.stop();
      },
    };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/** Listens on PORT and HOST; `close` stops taking requests and closes every socket. */
export async function serve(app: App) {
  const { services, logger, metrics } = app;
  const { config } = services;
  const clientAddress = createClientAddress(trustedProxies(config.TRUSTED_PROXIES));
  const guard = yogaGuard(config, logger);
  const yoga = createYoga<{ req?: IncomingMessage; res?: ServerResponse; viewer?: Viewer }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'Satark GraphQL', subscriptionsProtocol: 'WS' },
    ...guard.options,
    plugins: [
      useReadinessCheck({
        endpoint: '/ready',
        check: async ({ fetchAPI }) => {
          const { ready, components } = await app.readiness();
          return fetchAPI.Response.json(
            { status: ready ? 'ready' : 'not ready', components },
            { status: ready ? 200 : 503 },
          );
        },
      }),
      prometheusPlugin(metrics.registry),
      ...guard.plugins,
    ],
    context: async (initial) => {
      const viewer =
        initial.viewer ??
        (await app.viewerFrom(initial.request.headers.get('authorization'), clientAddress(initial.req)));
      // graphql-ws operations have no HTTP request here: they get a fresh id each.
      const requestId = requestIdOf((initial.request as Request | undefined)?.headers.get('x-request-id'));
      return { app: services, viewer, requestId };
    },
  });

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/') {
      res.writeHead(302, { location: yoga.graphqlEndpoint }).end();
      return;
    }
    const csv = matchCsvExport(CSV_EXPORTS, path);
    if (!csv) {
      // Yoga's node handler fills the server context with { req, res }.
      yoga(req, res);
      return;
    }
    try {
      await serveCsvExport(req, res, csv.csvExport, csv.params, {
        db: services.db,
        viewer: () => app.viewerFrom(req.headers.authorization, clientAddress(req)),
      });
    } catch (error) {
      logger.error({ err: error, path }, 'CSV export failed');
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"INTERNAL"}}');
    }
  });

  // An idle keep-alive connection is closed after this long. Node's default (5 s) races clients:
  // a client that handled the response late (a busy event loop, on either side) sent its next
  // request on a connection the server was closing, and the request failed ("fetch failed",
  // decision 025). Longer than the 60 s idle timeout of usual proxies and load balancers, so
  // they, not the API, close idle connections (headersTimeout must not be shorter).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;

  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint, ...webSocketLimits(config) });
  type Ctx = WsContext<Record<string, unknown> | undefined, Extra & Partial<WsExtra>>;
  /** The execution arguments of one graphql-ws operation, or the errors that refuse it. */
  const prepare = async (ctx: Ctx, id: string, payload: SubscribePayload, slot: EnvelopedRoot['slot']) => {
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
        // A subscription's results go straight to the socket (ws-transport.ts), not through graphql-ws.
        send: nextSender(ctx.extra.socket, id),
        // The operation's slot on its socket (OperationSlots): `release` frees it the moment the
        // client's `complete` ends the subscription, so a subscribe sent right after that
        // `complete` is not refused; `endWith` says how to end it if the socket closes first.
        slot,
      },
    };
    return args;
  };
  const limit = config.MAX_SUBSCRIPTIONS_PER_SOCKET;
  // One error for every refusal: a flood of refused subscribes builds nothing per message.
  const refusal = tooManySubscriptions(limit);
  const wsCleanup = useServer<Record<string, unknown> | undefined, WsExtra>(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: async (args) => {
        const root = args.rootValue as EnvelopedRoot;
        const result = await subscribeShared(args, root.shareKey, root.send, root.slot.release);
        if (Symbol.asyncIterator in result) root.slot.endWith(() => void result.return?.());
        return result as Awaited<ReturnType<EnvelopedRoot['subscribe']>>;
      },
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          ctx.extra.viewer = await app.viewerFrom(
            typeof authorization === 'string' ? authorization : undefined,
            clientAddress(ctx.extra.request),
          );
        } catch (error) {
          if (error instanceof AuthenticationError) {
            ctx.extra.socket?.close(CloseCode.Forbidden, error.message);
            return false;
          }
          throw error;
        }
        ctx.extra.untrack = services.sockets.track(ctx.extra.viewer, ctx.extra.socket);
        metrics.websocketClients.inc();
        return true;
      },
      onClose: (ctx) => {
        ctx.extra.slots?.endAll();
        ctx.extra.untrack?.();
        if (ctx.extra.viewer) metrics.websocketClients.dec();
      },
      // MAX_SUBSCRIPTIONS_PER_SOCKET, checked before anything is parsed: a refusal costs next to
      // nothing and is an `error` message for that operation alone. A slot is freed when its
      // operation ends (onComplete: completed by either side, failed, or completed by the client
      // while it was being prepared; `release` at once on the client's `complete`) or is refused
      // after admission (errors from prepare, onError).
      onSubscribe: async (ctx, id, payload) => {
        ctx.extra.slots ??= new OperationSlots(limit);
        const slots = ctx.extra.slots;
        if (!slots.take(payload)) {
          metrics.websocketSubscriptionsRefused.inc();
          if (!slots.refused) {
            slots.refused = true;
            logger.warn(
              { actor: ctx.extra.viewer?.actor, client: ctx.extra.viewer?.client, limit },
              'graphql-ws socket at MAX_SUBSCRIPTIONS_PER_SOCKET: refusing its further subscribes',
            );
          }
          return refusal;
        }
        try {
          const prepared = await prepare(ctx, id, payload, {
            release: () => slots.free(payload),
            endWith: (end) => slots.endWith(payload, end),
          });
          if (Array.isArray(prepared)) slots.free(payload);
          return prepared;
        } catch (error) {
          slots.free(payload);
          throw error;
        }
      },
      onError: (ctx, _id, payload) => {
        ctx.extra.slots?.free(payload);
      },
      onComplete: (ctx, _id, payload) => {
        ctx.extra.slots?.free(payload);
      },
    },
    wsServer,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}${yoga.graphqlEndpoint}`,
    port,
    async close() {
      await wsCleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
  shareKey: string;
  send: NextSender;
  slot: { release(): void; endWith(end: () => void): void };
}
