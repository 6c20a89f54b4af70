import { randomUUID } from 'node:crypto';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../src/services/api-keys';
import { maskCallId } from '../src/services/masking';
import { callInput, eventually, startTestApi, type TestApi } from './harness';

let api: TestApi;
const clients: Client[] = [];
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api.close();
});

const wsUrl = () => api.url.replace(/^http/, 'ws');

function client(key?: string): Client {
  const created = createClient({
    url: wsUrl(),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: key ? { authorization: `Bearer ${key}` } : undefined,
  });
  clients.push(created);
  return created;
}

interface Batch {
  threatStream: {
    events: { id: string; caller: string; riskScore: number | null }[];
    stats: { totalCalls: number };
  };
}

/** Subscribes and resolves with the first batch that holds the call, or rejects. */
function waitForCall(
  subscriber: Client,
  callId: string,
  query: string,
): Promise<Batch['threatStream']['events'][number]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no batch with the call within 10 s')), 10_000);
    const stop = subscriber.subscribe<Batch>(
      { query },
      {
        next: ({ data, errors }) => {
          if (errors) reject(new Error(errors.map((e) => e.message).join('; ')));
          const event = data?.threatStream.events.find((e) => e.id === callId);
          if (event) {
            clearTimeout(timer);
            stop();
            resolve(event);
          }
        },
        error: reject,
        complete: () => {},
      },
    );
  });
}

const ingest = (call: ReturnType<typeof callInput>) =>
  api.gql(
    'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
    { c: [call] },
    api.keys.OPERATOR,
  );

describe('threatStream over graphql-ws', () => {
  const query = 'subscription { threatStream { events { id caller riskScore } stats { totalCalls } } }';

  it('delivers an ingested call to an ANALYST subscriber with the number in full and no invented score', async () => {
    const call = callInput();
    const received = waitForCall(client(api.keys.ANALYST), call.callId, query);
    await new Promise((r) => setTimeout(r, 300));
    await ingest(call);
    const event = await received;
    expect(event).toEqual({ id: call.callId, caller: call.caller, riskScore: null });
  });

  it('masks numbers for an anonymous subscriber', async () => {
    const call = callInput();
    // The public sees an opaque digest of the call id (it may be built from the numbers).
    const received = waitForCall(client(), maskCallId(call.callId), query);
    await new Promise((r) => setTimeout(r, 300));
    await ingest(call);
    const event = await received;
    expect(event.caller).not.toBe(call.caller);
    expect(event.caller).toMatch(/^\+91 \d\dX+\d{3}$/);
    expect(event.caller.slice(-3)).toBe(call.caller.slice(-3));
    expect(event.id).toMatch(/^call-[0-9a-f]{20}$/);
  });

  it('goes on serving a shared subscription when one subscriber leaves, and serves one that joins later', async () => {
    const seen = { a: new Set<string>(), b: new Set<string>(), c: new Set<string>() };
    const listen = (into: Set<string>) =>
      client(api.keys.ANALYST).subscribe<Batch>(
        { query },
        {
          next: ({ data }) => {
            for (const event of data?.threatStream.events ?? []) into.add(event.id);
          },
          error: () => {},
          complete: () => {},
        },
      );
    /** Ingests a new call until `who` all have it; the id of that call. */
    const deliveredTo = (...who: Set<string>[]) =>
      eventually(async () => {
        const call = callInput();
        await ingest(call);
        const got = await eventually(
          () => (who.every((s) => s.has(call.callId)) ? true : undefined),
          2000,
        ).catch(() => undefined);
        return got ? call.callId : undefined;
      });
    const stopA = listen(seen.a);
    listen(seen.b);
    await deliveredTo(seen.a, seen.b);
    stopA();
    const afterLeaving = await deliveredTo(seen.b);
    expect(seen.a.has(afterLeaving)).toBe(false);
    listen(seen.c);
    const afterJoining = await deliveredTo(seen.b, seen.c);
    expect(seen.a.has(afterJoining)).toBe(false);
  });

  it('filters by region', async () => {
    const elsewhere = callInput({ originRegion: 'Chennai' });
    const here = callInput({ originRegion: 'Hyderabad' });
    const seen: string[] = [];
    const subscriber = client(api.keys.ANALYST);
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout')), 10_000);
      subscriber.subscribe<Batch>(
        {
          query:
            'subscription { threatStream(region: "Hyderabad") { events { id caller riskScore } stats { totalCalls } } }',
        },
        {
          next: ({ data }) => {
            for (const event of data?.threatStream.events ?? []) seen.push(event.id);
            if (seen.includes(here.callId)) {
              clearTimeout(timer);
              resolve();
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300));
    await api.gql(
      'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
      { c: [elsewhere, here] },
      api.keys.OPERATOR,
    );
    await done;
    expect(seen).not.toContain(elsewhere.callId);
  });

  it('closes the connection with 4403 when connection_init carries a wrong key', async () => {
    const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer sk_wrong' } })),
    );
    expect(await closed).toBe(4403);
  });

  it('closes the connection with 4400 on a malformed message', async () => {
    const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.on('open', () => socket.send('{"type": "subscribe", this is not json'));
    const { code } = await closed;
    expect(code).toBe(4400);
  });

  it('refuses an ANALYST-only subscription to an anonymous client with an error, not data', async () => {
    const errors = await new Promise<string>((resolve) => {
      client().subscribe(
        { query: 'subscription { alertRaised { id } }' },
        {
          next: ({ errors: e }) => resolve(e?.map((x) => x.message).join(';') ?? 'no error'),
          error: (error) =>
            resolve(Array.isArray(error) ? error.map((e: Error) => e.message).join(';') : String(error)),
          complete: () => {},
        },
      );
    });
    expect(errors).toMatch(/API key/);
  });
});

describe('alertRaised over graphql-ws', () => {
  it('delivers an alert raised by reports to an ANALYST subscriber', async () => {
    const number = `+9198${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const received = new Promise<{ number: string; kind: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no alert within 10 s')), 10_000);
      client(api.keys.ANALYST).subscribe<{ alertRaised: { number: string; kind: string } }>(
        { query: 'subscription { alertRaised { number kind severity } }' },
        {
          next: ({ data }) => {
            if (data?.alertRaised.number === number) {
              clearTimeout(timer);
              resolve(data.alertRaised);
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300));
    // Three banks' (OPERATOR) keys: only trusted reporters can make a number DANGEROUS.
    for (let i = 0; i < 3; i += 1) {
      const { key } = await createApiKey(api.app.db, {
        name: `bank-${randomUUID().slice(0, 8)}`,
        role: 'OPERATOR',
      });
      await api.gql(
        'mutation($n: String!) { reportNumber(input: { number: $n, category: WANGIRI }) { __typename } }',
        { n: number },
        key,
      );
    }
    expect(await received).toMatchObject({ number, kind: 'REPORTED_NUMBER' });
  });
});
