// The `next` messages of shared subscriptions (shared-subscriptions.ts), written straight to the
// subscriber's socket: a result is serialised once however many sockets it goes to, and each
// socket gets the message graphql-ws would have sent, `{"id":…,"type":"next","payload":…}`.
// graphql-ws itself would stringify the whole message per socket (Node 20 has no JSON.rawJSON
// to hand it a ready-made payload) and await every send. See decision 025.
import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { NextSender } from './shared-subscriptions';

/**
 * Past this many bytes waiting in a socket's send buffer the subscriber is not keeping up: its
 * socket is closed with 1013, try again later (graphql-ws clients reconnect) rather than let the server's memory grow.
 */
export const MAX_BUFFERED_BYTES = 16 * 2 ** 20;

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

/** Sends the results of subscription `id` on `socket` as graphql-ws `next` messages. */
export function nextSender(socket: WebSocket, id: string): NextSender {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  return (result) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'Too far behind the live stream');
      return;
    }
    socket.send(`${head}${payloadJson(result)}}`);
  };
}
