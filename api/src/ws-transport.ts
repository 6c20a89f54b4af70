// The `next` messages of shared subscriptions (shared-subscriptions.ts), written straight to the
// subscriber's socket: a result is serialised once however many sockets it goes to, and each
// socket gets the message graphql-ws would have sent, `{"id":…,"type":"next","payload":…}`.
// graphql-ws itself would stringify the whole message per socket (Node 20 has no JSON.rawJSON
// to hand it a ready-made payload) and await every send. See decision 025.
// Also the cap on operations in flight per socket (MAX_SUBSCRIPTIONS_PER_SOCKET).
import { type ExecutionResult, GraphQLError } from 'graphql';
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

/**
 * The operations in flight on one graphql-ws socket, at most `limit` (MAX_SUBSCRIPTIONS_PER_SOCKET).
 * A proxy sees one WebSocket, not the subscribe messages inside it: without a cap one anonymous
 * socket held 20,000 subscriptions (+400 MB, HTTP requests of everyone else took seconds).
 *
 * Every subscribe message counts, queries and mutations too, until the operation has ended
 * (completed by the client or the server, failed, refused after admission). An operation is
 * known by its subscribe message's payload object, not by its id: once a client has sent
 * `complete` it may reuse the id before the server has finished ending the old operation, and
 * the old operation's end must not free the new one's slot.
 *
 * That reuse also loses the new operation in graphql-ws (6.x): the old one's end deletes the
 * id from graphql-ws's own table, so the client's `complete` no longer reaches the new one and
 * the socket's close does not end it. It keeps its slot, and `endAll` ends it with its socket.
 */
export class OperationSlots {
  /** Each operation holding a slot, with how to end it once it is running (a subscription). */
  private readonly held = new Map<object, (() => void) | undefined>();
  /** Whether a subscribe has been refused on this socket (logged once). */
  refused = false;

  constructor(readonly limit: number) {}

  /** Takes a slot for `operation`; false when every slot is taken. */
  take(operation: object): boolean {
    if (this.held.size >= this.limit) return false;
    this.held.set(operation, undefined);
    return true;
  }

  /** How to end `operation`, now running, if its socket closes first; nothing once it is freed. */
  endWith(operation: object, end: () => void): void {
    if (this.held.has(operation)) this.held.set(operation, end);
  }

  /** Frees the slot of `operation`; freeing it again, or one never taken, does nothing. */
  free(operation: object): void {
    this.held.delete(operation);
  }

  /** The socket closed: ends every operation still running on it and frees every slot. */
  endAll(): void {
    const ends = [...this.held.values()];
    this.held.clear();
    for (const end of ends) end?.();
  }
}

/** The graphql-ws `error` payload for a subscribe over the limit: that operation only, the socket stays open. */
export function tooManySubscriptions(limit: number): GraphQLError[] {
  return [
    new GraphQLError(
      `Too many subscriptions on this connection: at most ${limit} at once. Complete one before subscribing again.`,
      { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit } },
    ),
  ];
}
