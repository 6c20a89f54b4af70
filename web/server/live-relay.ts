// A same-origin graphql-ws endpoint: each browser socket gets its own socket to the API,
// authenticated with the dashboard's key, and messages are relayed both ways.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { relayableCloseCode, screenClientMessage } from './live-messages';

const PROTOCOL = 'graphql-transport-ws';
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
const MAX_PENDING_MESSAGES = 50;

export interface LiveRelayOptions {
  /** The API's graphql-ws URL (ws:// or wss://). */
  upstreamUrl: string;
  /** The dashboard's key, or null to relay anonymously. */
  apiKey: string | null;
  path?: string;
  log?: (message: string) => void;
}

export interface LiveRelay {
  connections(): number;
  close(): Promise<void>;
}

export function attachLiveRelay(server: Server, options: LiveRelayOptions): LiveRelay {
  const path = options.path ?? '/live';
  const authorization = options.apiKey ? `Bearer ${options.apiKey}` : null;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
    const pathname = new URL(request.url ?? '/', 'http://relay').pathname;
    if (pathname !== path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (client) => relay(client));
  }

  function relay(client: WebSocket) {
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
