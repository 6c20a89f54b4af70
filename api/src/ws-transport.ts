// graphql-ws on a `ws` server, like graphql-ws's own `useServer` (keep-alive pings, the same
// close codes), with one difference: a result is serialised once, however many sockets it goes
// to. Subscribers that share a subscription get the very same result object (see
// shared-subscriptions.ts), but graphql-ws stringifies the whole `next` message per socket, and
// Node 20 has no JSON.rawJSON to hand it a ready-made payload. So `onNext` gives graphql-ws a
// stand-in payload that serialises to a marker, and this transport's `send` puts the result's
// JSON (computed once per result object) where the marker is. See decision 025.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';

export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/** Unguessable, so nothing a client sends (its subscription id) can pass for a marker. */
const MARKER = `satark-next-${randomBytes(12).toString('hex')}-`;
/** graphql-ws builds `{ id, type, payload }` in that order: the payload is always last. */
const MARKED_TAIL = `,"payload":"${MARKER}`;

/**
 * The results' JSON between `onNext` and the `send` right after it, by marker number. An entry
 * lives for one message: `send` takes it out (sent or not).
 */
const pendingPayloads = new Map<number, string>();
let nextMarker = 0;
const serialised = new WeakMap<ExecutionResult, string>();

/** The `payload` graphql-ws would send for `result`, serialised once per result object. */
export function payloadJson(result: ExecutionResult): string {
  let json = serialised.get(result);
  if (json === undefined) {
    const { errors, ...rest } = result;
    json = JSON.stringify(errors ? { ...rest, errors: errors.map((error) => error.toJSON()) } : rest);
    serialised.set(result, json);
  }
  return json;
}

/** A stand-in payload whose JSON is a marker that `withPayload` replaces with `result`'s JSON. */
export function markedPayload(result: ExecutionResult): FormattedExecutionResult {
  nextMarker = nextMarker === Number.MAX_SAFE_INTEGER ? 1 : nextMarker + 1;
  const marker = nextMarker;
  pendingPayloads.set(marker, payloadJson(result));
  return { toJSON: () => `${MARKER}${marker}` } as FormattedExecutionResult;
}

/** The message with the marked payload (if any) replaced by the result's JSON. */
export function withPayload(message: string): string {
  if (!message.endsWith('"}')) return message;
  const at = message.lastIndexOf(MARKED_TAIL);
  if (at < 0) return message;
  const marker = Number(message.slice(at + MARKED_TAIL.length, -2));
  const json = pendingPayloads.get(marker);
  if (json === undefined) return message;
  pendingPayloads.delete(marker);
  return `${message.slice(0, at)},"payload":${json}}`;
}

/** Results waiting for their send (0 unless a send is in progress): for tests. */
export const pendingPayloadCount = () => pendingPayloads.size;

/**
 * Serves graphql-ws on `wsServer` (graphql-ws's `useServer`, with each result serialised once).
 * `keepAliveMs`: a ping every so often; a socket that has not answered by the next one is dropped.
 */
export function serveGraphqlWs<P extends Record<string, unknown> | undefined, E extends object>(
  options: ServerOptions<P, WsExtra & Partial<E>>,
  wsServer: WebSocketServer,
  logger: Logger,
  keepAliveMs = 12_000,
): { dispose(): Promise<void> } {
  const onNext = options.onNext;
  const server = makeServer<P, WsExtra & Partial<E>>({
    ...options,
    onNext: async (ctx, id, payload, args, result) => {
      const own = await onNext?.(ctx, id, payload, args, result);
      return own || markedPayload(result);
    },
  });
  wsServer.options.handleProtocols = handleProtocols;
  wsServer.once('error', (error) => {
    logger.error({ err: error }, 'WebSocket server failed');
    for (const client of wsServer.clients)
      client.close(CloseCode.InternalServerError, 'Internal server error');
  });
  wsServer.on('connection', (socket, request) => {
    socket.once('error', (error) => {
      logger.warn({ err: error }, 'WebSocket failed');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval =
      keepAliveMs > 0
        ? setInterval(() => {
            if (socket.readyState !== socket.OPEN) return;
            pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
            socket.once('pong', () => {
              if (pongWait) clearTimeout(pongWait);
              pongWait = null;
            });
            socket.ping();
          }, keepAliveMs)
        : null;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          const message = withPayload(data);
          if (socket.readyState !== socket.OPEN) return;
          return new Promise<void>((resolve, reject) =>
            socket.send(message, (error) => (error ? reject(error) : resolve())),
          );
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              logger.error({ err: error }, 'WebSocket message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request } as WsExtra & Partial<E>,
    );
    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      if (pingInterval) clearInterval(pingInterval);
      closed(code, String(reason)).catch((error: unknown) =>
        logger.error({ err: error }, 'WebSocket close handling failed'),
      );
    });
  });
  return {
    async dispose() {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      wsServer.removeAllListeners();
      await new Promise<void>((resolve, reject) =>
        wsServer.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
