// Same-origin graphql-ws endpoints: each browser socket gets its own socket to the API, acting for
// whoever the route admits (the signed-in person's session, or the anonymous public), and
// messages are relayed both ways.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { relayableCloseCode, screenClientMessage } from './live-messages';

const PROTOCOL = 'graphql-transport-ws';
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
const MAX_PENDING_MESSAGES = 50;

/** What a route decides about a browser's socket before anything is relayed. */
export type RelayAdmission =
  /** Relay, sending this Authorization upstream (null: anonymous). */
  | { outcome: 'relay'; authorization: string | null }
  /** Refuse the upgrade itself with an HTTP status (no session cookie at all, a foreign origin). */
  | { outcome: 'refuse'; status: 401 | 403; reason: string }
  /** Accept, then close at once with a code the browser's client can read (4401: sign in again). */
  | { outcome: 'close'; code: number; reason: string };

export interface LiveRelayOptions {
  /** The API's graphql-ws URL (ws:// or wss://). */
  upstreamUrl: string;
  /** Path → who a socket on it acts for. Upgrades on any other path are refused. */
  routes: Record<string, (request: IncomingMessage) => Promise<RelayAdmission>>;
  log?: (message: string) => void;
}

/** A browser page's Origin must be this server's own (cookies ride along on cross-site sockets). */
export function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser; it cannot carry someone else's cookies
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: 401 | 403, reason: string): void {
  const text = status === 401 ? 'Unauthorized' : 'Forbidden';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

export interface LiveRelay {
  connections(): number;
  close(): Promise<void>;
}

export function attachLiveRelay(server: Server, options: LiveRelayOptions): LiveRelay {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
    const pathname = new URL(request.url ?? '/', 'http://relay').pathname;
    const admit = Object.hasOwn(options.routes, pathname) ? options.routes[pathname] : undefined;
    if (!admit) {
      socket.destroy();
      return;
    }
    socket.on('error', () => socket.destroy());
    admit(request).then(
      (admission) => {
        if (admission.outcome === 'refuse') {
          refuseUpgrade(socket, admission.status, admission.reason);
          return;
        }
        wss.handleUpgrade(request, socket, head, (client) => {
          if (admission.outcome === 'close') client.close(admission.code, admission.reason);
          else relay(client, admission.authorization);
        });
      },
      (error: unknown) => {
        options.log?.(
          `live relay: admission failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        socket.destroy();
      },
    );
  }

  function relay(client: WebSocket, authorization: string | null) {
    const upstream = new WebSocket(options.upstreamUrl, PROTOCOL);
    const pending: string[] = [];

    client.on('message', (data) => {
      const decision = screenClientMessage(data.toString(), authorization);
      if (decision.action === 'close') {
        client.close(decision.code, decision.reason);
      } else if (decision.action === 'reply') {
        client.send(decision.message);
      } else if (upstream.readyState === WebSocket.OPEN) {
        upstream.send(decision.message);
      } else if (pending.length < MAX_PENDING_MESSAGES) {
        pending.push(decision.message);
      } else {
        client.close(4429, 'Too many messages before the API answered');
      }
    });
    client.on('close', () => {
      if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
      else upstream.close();
    });
    client.on('error', () => client.terminate());

    upstream.on('open', () => {
      for (const message of pending.splice(0)) upstream.send(message);
    });
    upstream.on('message', (data) => {
      if (client.readyState === WebSocket.OPEN) client.send(data.toString());
    });
    upstream.on('close', (code, reason) => {
      if (client.readyState === WebSocket.OPEN) client.close(relayableCloseCode(code), reason.toString());
    });
    upstream.on('error', (error) => {
      options.log?.(`live relay: the API's WebSocket failed: ${error.message}`);
      if (client.readyState === WebSocket.OPEN) client.close(1011, 'The Satark API is not reachable');
    });
  }

  server.on('upgrade', onUpgrade);
  return {
    connections: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
