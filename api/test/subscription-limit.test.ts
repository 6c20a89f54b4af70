// MAX_SUBSCRIPTIONS_PER_SOCKET against the real server: one anonymous graphql-ws socket held
// 20,000 threatStream subscriptions (each with its own minRisk) before there was a cap, and a
// reverse proxy cannot see subscribe messages inside a WebSocket. Each test opens its own socket.
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { maskCallId } from '../src/services/masking';
import { subscriberCount } from '../src/shared-subscriptions';
import { callInput, eventually, startTestApi, type TestApi } from './harness';

const LIMIT = 3;
/** The tester's flood: the same subscription, with a different minRisk each time. */
const FLOOD_QUERY = 'subscription($m:Float){threatStream(minRisk:$m){stats{totalCalls} events{id}}}';

let api: TestApi;
const sockets: RawGraphqlWs[] = [];
const clients: Client[] = [];
beforeAll(async () => {
  api = await startTestApi({ env: { MAX_SUBSCRIPTIONS_PER_SOCKET: String(LIMIT) } });
});
afterAll(async () => {
  for (const raw of sockets) raw.socket.close();
  await Promise.all(clients.map((client) => client.dispose()));
  await api.close();
});

const wsUrl = () => api.url.replace(/^http/, 'ws');

interface Message {
  id?: string;
  type: string;
  payload?: unknown;
}
interface ErrorPayload {
  message: string;
  extensions?: { code?: string; limit?: number };
}

/** graphql-ws spoken by hand (anonymous): every message the server sends is kept in order. */
class RawGraphqlWs {
  readonly socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
  readonly messages: Message[] = [];
  closed: { code: number; reason: string } | null = null;

  constructor() {
    sockets.push(this);
    this.socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Message));
    this.socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
    this.socket.on('error', () => {});
  }

  static async open(): Promise<RawGraphqlWs> {
    const raw = new RawGraphqlWs();
    await new Promise<void>((resolve, reject) => {
      raw.socket.once('open', () => resolve());
      raw.socket.once('error', reject);
    });
    raw.socket.send(JSON.stringify({ type: 'connection_init' }));
    await eventually(
      () => (raw.messages.some((m) => m.type === 'connection_ack') ? true : undefined),
      10_000,
      'connection_ack',
    );
    return raw;
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>, operationName?: string): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables, operationName } }));
  }

  complete(id: string): void {
    this.socket.send(JSON.stringify({ id, type: 'complete' }));
  }

  /** The message that ended operation `id` (`error` or `complete`), once there is one. */
  end(id: string): Promise<Message> {
    return eventually(
      () => this.messages.find((m) => m.id === id && (m.type === 'error' || m.type === 'complete')),
      10_000,
      `the end of operation ${id}`,
    );
  }

  /** Whether operation `id` was sent an event holding call `callId` (as the public sees its id). */
  delivered(id: string, callId: string): boolean {
    return this.messages.some(
      (m) =>
        m.id === id &&
        m.type === 'next' &&
        (
          m.payload as { data?: { threatStream?: { events: { id: string }[] } } }
        ).data?.threatStream?.events.some((event) => event.id === maskCallId(callId)) === true,
    );
  }

  /** The `error` messages that refused an operation for being over the limit. */
  refusals(): Message[] {
    return this.messages.filter(
      (m) =>
        m.type === 'error' && (m.payload as ErrorPayload[])[0]?.extensions?.code === 'TOO_MANY_SUBSCRIPTIONS',
    );
  }
}

/** A threatStream subscription of its own (not shared with the others'): the operation name differs. */
const ownStream = (name: string) => `subscription ${name} { threatStream { events { id } } }`;

const ingest = (call: ReturnType<typeof callInput>) =>
  api.gql(
    'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
    { c: [call] },
    api.keys.OPERATOR,
  );

/**
 * Ingests a new call until every check says it was delivered (a subscription just sent may not
 * be listening yet); the id of that call.
 */
function deliveredTo(...checks: ((callId: string) => boolean)[]): Promise<string> {
  return eventually(
    async () => {
      const call = callInput();
      await ingest(call);
      const got = await eventually(
        () => (checks.every((check) => check(call.callId)) ? true : undefined),
        2000,
      ).catch(() => undefined);
      return got ? call.callId : undefined;
    },
    20_000,
    'delivery of an ingested call',
  );
}

async function refusedTotal(): Promise<number> {
  const text = await (await fetch(api.url.replace(/\/graphql$/, '/metrics'))).text();
  const match = /^satark_websocket_subscriptions_refused_total (\d+)$/m.exec(text);
  if (!match) throw new Error('satark_websocket_subscriptions_refused_total is not in /metrics');
  return Number(match[1]);
}

function expectTooMany(message: Message): void {
  expect(message.type).toBe('error');
  const errors = message.payload as ErrorPayload[];
  expect(errors).toHaveLength(1);
  expect(errors[0]?.extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: LIMIT });
  expect(errors[0]?.message).toContain(`at most ${LIMIT} at once`);
}

describe('MAX_SUBSCRIPTIONS_PER_SOCKET', () => {
  it('is 20 by default, well above the dashboard’s two subscriptions a page', () => {
    expect(loadConfig({}).MAX_SUBSCRIPTIONS_PER_SOCKET).toBe(20);
    expect(() => loadConfig({ MAX_SUBSCRIPTIONS_PER_SOCKET: '0' })).toThrow(/MAX_SUBSCRIPTIONS_PER_SOCKET/);
  });

  it('refuses the N+1st concurrent subscription on one socket with TOO_MANY_SUBSCRIPTIONS while the first N keep delivering and another socket is unaffected', async () => {
    const refusedBefore = await refusedTotal();
    const raw = await RawGraphqlWs.open();
    for (let i = 1; i <= LIMIT; i++) raw.subscribe(`s${i}`, ownStream(`S${i}`));
    raw.subscribe('over', FLOOD_QUERY, { m: 50 });

    expectTooMany(await raw.end('over'));
    const held = Array.from({ length: LIMIT }, (_, i) => `s${i + 1}`);
    await deliveredTo(...held.map((id) => (callId: string) => raw.delivered(id, callId)));

    // Another socket (graphql-ws's own client, from the same address) subscribes as usual.
    const other = createClient({ url: wsUrl(), webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(other);
    const seenByOther = new Set<string>();
    const otherErrors: unknown[] = [];
    other.subscribe<{ threatStream: { events: { id: string }[] } }>(
      { query: FLOOD_QUERY, variables: {} },
      {
        next: ({ data }) => {
          for (const event of data?.threatStream.events ?? []) seenByOther.add(event.id);
        },
        error: (error) => otherErrors.push(error),
        complete: () => {},
      },
    );
    const afterOther = await deliveredTo(
      (callId) => seenByOther.has(maskCallId(callId)),
      ...held.map((id) => (callId: string) => raw.delivered(id, callId)),
    );
    expect(raw.delivered('over', afterOther)).toBe(false);
    expect(otherErrors).toEqual([]);

    // The refusal ended that operation only: the socket is open and nothing else ended.
    expect(raw.closed).toBeNull();
    expect(raw.messages.filter((m) => m.type === 'error' || m.type === 'complete').map((m) => m.id)).toEqual([
      'over',
    ]);
    expect(await refusedTotal()).toBe(refusedBefore + 1);
  });

  it('frees the slot of a subscription the client completes: a subscribe sent right after it is accepted', async () => {
    const raw = await RawGraphqlWs.open();
    for (let i = 1; i <= LIMIT; i++) raw.subscribe(`s${i}`, ownStream(`S${i}`));
    await deliveredTo(
      (callId) => raw.delivered('s1', callId) && raw.delivered('s2', callId) && raw.delivered('s3', callId),
    );

    // Sent back to back, without waiting for anything in between.
    raw.complete('s1');
    raw.subscribe('s4', ownStream('S4'));
    raw.complete('s2');
    raw.subscribe('s5', ownStream('S5'));
    raw.subscribe('over', FLOOD_QUERY, { m: 10 });

    expectTooMany(await raw.end('over'));
    const afterSwap = await deliveredTo(
      (callId) => raw.delivered('s3', callId),
      (callId) => raw.delivered('s4', callId),
      (callId) => raw.delivered('s5', callId),
    );
    expect(raw.delivered('s1', afterSwap) || raw.delivered('s2', afterSwap)).toBe(false);
    expect(raw.refusals()).toHaveLength(1);
    expect(raw.closed).toBeNull();
  });

  it('frees the slot of an operation the server ends or refuses: a query, an unauthorised subscription, invalid documents', async () => {
    const raw = await RawGraphqlWs.open();
    // Every slot but one held for the whole test.
    for (let i = 1; i < LIMIT; i++) raw.subscribe(`held${i}`, ownStream(`Held${i}`));
    const operations: [query: string, operationName?: string][] = [
      ['{ __typename }'],
      // ANALYST-only: refused by its resolver with an error result, then completed.
      ['subscription { alertRaised { id } }'],
      ['subscription { noSuchField }'],
      ['subscription {'],
      // Valid, but names no operation of the document: graphql-ws refuses it after onSubscribe.
      ['subscription A { threatStream { events { id } } }', 'B'],
    ];
    // Twice over, one at a time: each takes the last free slot, and must give it back.
    for (const round of [1, 2]) {
      for (const [n, [query, operationName]] of operations.entries()) {
        const id = `op${round}-${n}`;
        raw.subscribe(id, query, undefined, operationName);
        const end = await raw.end(id);
        expect(JSON.stringify(end.payload ?? null)).not.toContain('TOO_MANY_SUBSCRIPTIONS');
      }
    }

    raw.subscribe('last', ownStream('Last'));
    raw.subscribe('over', FLOOD_QUERY, { m: 1 });
    expectTooMany(await raw.end('over'));
    await deliveredTo(
      (callId) => raw.delivered('last', callId),
      (callId) => raw.delivered('held1', callId),
    );
    expect(raw.refusals()).toHaveLength(1);
    expect(raw.closed).toBeNull();
  });

  it('counts and ends with its socket a subscription graphql-ws lost track of (its id reused right after complete)', async () => {
    const before = subscriberCount();
    const raw = await RawGraphqlWs.open();
    raw.subscribe('x', ownStream('X'));
    await deliveredTo((callId) => raw.delivered('x', callId));
    // Allowed by the protocol, but graphql-ws 6 ends the old operation after the new one has
    // started, deletes the id from its table and sends `complete` for it: the new one runs on,
    // out of reach of the client's `complete` and of graphql-ws's own cleanup at close.
    raw.complete('x');
    raw.subscribe('x', ownStream('X'));
    const afterReuse = await deliveredTo((callId) => raw.delivered('x', callId));
    raw.complete('x');
    raw.subscribe('y', ownStream('Y'));
    raw.subscribe('z', ownStream('Z'));
    raw.subscribe('over', FLOOD_QUERY, { m: 5 });
    expectTooMany(await raw.end('over'));
    // The lost subscription still runs, and holds its slot.
    await deliveredTo(
      (callId) => callId !== afterReuse && raw.delivered('x', callId),
      (callId) => raw.delivered('y', callId),
      (callId) => raw.delivered('z', callId),
    );
    expect(subscriberCount()).toBe(before + LIMIT);

    raw.socket.close();
    await eventually(
      () => (subscriberCount() === before ? true : undefined),
      10_000,
      'every subscription of the closed socket to end',
    );
  });

  it('holds a flood of subscribes on one anonymous socket to the limit, with an error for each of the rest, while HTTP keeps answering', async () => {
    const FLOOD = 2000;
    const refusedBefore = await refusedTotal();
    const raw = await RawGraphqlWs.open();
    for (let i = 0; i < FLOOD; i++) raw.subscribe(`f${i}`, FLOOD_QUERY, { m: i / 100 });

    const typename = await api.gql<{ __typename: string }>('{ __typename }');
    expect(typename.data).toEqual({ __typename: 'Query' });

    await eventually(
      () => (raw.refusals().length === FLOOD - LIMIT ? true : undefined),
      30_000,
      `${FLOOD - LIMIT} refusals`,
    );
    // The first LIMIT were accepted and are still running; the rest were refused one by one.
    const ended = new Set(
      raw.messages.filter((m) => m.type === 'error' || m.type === 'complete').map((m) => m.id),
    );
    expect(Array.from({ length: LIMIT }, (_, i) => ended.has(`f${i}`))).toEqual([false, false, false]);
    expect(ended.size).toBe(FLOOD - LIMIT);
    expect(raw.closed).toBeNull();
    expect(await refusedTotal()).toBe(refusedBefore + FLOOD - LIMIT);
  });
});
