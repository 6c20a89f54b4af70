// Hostile requests from an attacker audit, each replayed against the real server: before the
// guard (api/src/guard) these froze the API, ran up database time, crashed with HTTP 500 or
// close code 4500, ran mutations cross-site, or leaked and mis-logged errors.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { getIntrospectionQuery } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { callInput, startTestApi, type TestApi, uniqueNumber } from './harness';

let api: TestApi;
const clients: Client[] = [];
const limits = loadConfig({});

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api.close();
});

const wsUrl = () => api.url.replace(/^http/, 'ws');

interface GraphQLBody {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** POSTs a raw body; `accept` asks for the GraphQL-over-HTTP media type, so refusals are 4xx. */
async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...headers,
    },
    body,
  });
  const text = await response.text();
  let json: GraphQLBody = {};
  try {
    json = JSON.parse(text) as GraphQLBody;
  } catch {
    // Not JSON: the status says what happened.
  }
  return { status: response.status, headers: response.headers, ...json };
}

const query = (text: string, variables?: unknown) => post(JSON.stringify({ query: text, variables }));

/**
 * A request on a socket of its own: the server may close a connection after refusing a body it
 * did not read, and that must not break the next test's pooled connection.
 */
function onOwnSocket(
  path: string,
  options: { method?: string; headers?: Record<string, string | number>; chunks?: Iterable<Buffer> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, api.url), {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    let answered = false;
    req.on('response', (response) => {
      answered = true;
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // Writing on after the server answered and closed is expected; only a missing answer fails.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    (async () => {
      for (const chunk of options.chunks ?? []) {
        if (answered || req.destroyed) break;
        if (!req.write(chunk)) await new Promise((resolve) => req.once('drain', resolve));
      }
      req.end();
    })().catch(() => {});
  });
}

const health = async () => (await onOwnSocket('/health')).status;

function aliases(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

/** graphql-ws spoken by hand, so a test can send what a well-behaved client never would. */
class RawGraphqlWs {
  readonly socket: WebSocket;
  readonly messages: { id?: string; type: string; payload?: unknown }[] = [];
  closed: { code: number; reason: string } | null = null;

  constructor() {
    this.socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
    this.socket.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    this.socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
    this.socket.on('error', () => {});
  }

  async open(connectionParams?: Record<string, unknown>): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
    await waitFor(() => this.messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
  }

  send(raw: string): void {
    this.socket.send(raw);
  }

  /** The first message for the operation that ends it (error or complete), or the close. */
  async outcome(id: string) {
    await waitFor(
      () => this.closed !== null || this.messages.some((m) => m.id === id && m.type !== 'next'),
      `an outcome for operation ${id}`,
    );
    return { closed: this.closed, message: this.messages.find((m) => m.id === id && m.type !== 'next') };
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function wsClient(): Client {
  const client = createClient({ url: wsUrl(), webSocketImpl: WebSocket, retryAttempts: 0 });
  clients.push(client);
  return client;
}

/** Runs one operation over graphql-ws; resolves with its errors (an array) or the close event. */
function wsOutcome(client: Client, payload: { query: string; variables?: Record<string, unknown> }) {
  return new Promise<{ errors?: readonly { message: string }[]; close?: { code: number }; data?: unknown }>(
    (resolve) => {
      client.subscribe(payload, {
        next: (result) => resolve({ data: result.data, errors: result.errors }),
        error: (error) =>
          resolve(Array.isArray(error) ? { errors: error } : { close: error as unknown as { code: number } }),
        complete: () => {},
      });
    },
  );
}

describe('query limits are checked before anything runs', () => {
  it('refuses 100,000 `__typename` aliases at the parser while /health keeps answering', async () => {
    const hostile = query(aliases(100_000, '__typename'));
    expect(await health()).toBe(200);
    const result = await hostile;
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/token limit/i);
    expect(result.data ?? null).toBeNull();
  });

  it('refuses more aliases than MAX_QUERY_ALIASES even of free fields', async () => {
    const result = await query(aliases(limits.MAX_QUERY_ALIASES + 1, '__typename'));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/aliases limit/i);
  });

  it('prices every alias of `regions` as a database query and refuses a handful of them', async () => {
    // Under the alias limit, but each alias is an aggregate over a day of calls.
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await query(aliases(12, 'regions { region calls flaggedCalls }'));
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.data ?? null).toBeNull();
    }
  });

  it('refuses a 30-level nested introspection query but answers GraphiQL’s own introspection', async () => {
    let nested = 'name';
    for (let i = 0; i < 30; i++) nested = `ofType { ${nested} }`;
    const deep = await query(`{ __schema { types { fields { type { ${nested} } } } } }`);
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);

    const graphiql = await query(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    );
    expect(graphiql.errors).toBeUndefined();
    expect(graphiql.status).toBe(200);
  });

  it('refuses more directives than MAX_QUERY_DIRECTIVES', async () => {
    const directives = Array.from({ length: limits.MAX_QUERY_DIRECTIVES + 1 }, () => '@include(if: true)');
    const result = await query(`{ __typename ${directives.join(' ')} }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/directives limit/i);
  });

  it('answers 5,000 nested inline fragments with a validation error over HTTP, not a 500', async () => {
    const nested = `{ ${'... on Query { '.repeat(5000)}__typename${' }'.repeat(5000)} }`;
    const result = await query(nested);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/token limit/i);
  });

  it('answers 5,000 nested inline fragments with an error message over graphql-ws, not close 4500', async () => {
    const nested = `{ ${'... on Query { '.repeat(5000)}__typename${' }'.repeat(5000)} }`;
    const outcome = await wsOutcome(wsClient(), { query: nested });
    expect(outcome.close).toBeUndefined();
    expect(outcome.errors?.[0]?.message).toMatch(/token limit/i);
  });

  it('refuses deeply nested variables over HTTP with a validation error', async () => {
    const depth = 100_000;
    const body = `{"query":"query($n: String!) { checkNumber(number: $n) { __typename } }","variables":{"n":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const result = await post(body);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('VARIABLES_TOO_DEEP');
  });

  it('refuses nested variables without refusing the next client who sends the same document', async () => {
    const document = 'query($n: String!) { checkNumber(number: $n) { __typename } }';
    const deep = await query(document, { n: [[[[[[[[[[[[[[[[[['+919812345678']]]]]]]]]]]]]]]]]] });
    expect(deep.errors?.[0]?.extensions?.code).toBe('VARIABLES_TOO_DEEP');
    const plain = await query(document, { n: '+919812345678' });
    expect(plain.errors).toBeUndefined();
    expect(plain.status).toBe(200);
  });

  it('still checks the variables of a document it validated before (the document is remembered, the variables are not)', async () => {
    const document = 'query($n: String!) { checkNumber(number: $n) { __typename } } # remembered';
    const plain = await query(document, { n: '+919812345678' });
    expect(plain.errors).toBeUndefined();
    const deep = await query(document, { n: [[[[[[[[[[[[[[[[[['+919812345678']]]]]]]]]]]]]]]]]] });
    expect(deep.errors?.[0]?.extensions?.code).toBe('VARIABLES_TOO_DEEP');
    const nul = await query(document, { n: '+91981\u00002345678' });
    expect(nul.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses over graphql-ws a NUL that another operation of the document types CallRecordInput, whichever operation is named', async () => {
    const raw = new RawGraphqlWs();
    await raw.open({ authorization: `Bearer ${api.keys.ANALYST}` });
    const ingest = 'mutation M($i:[CallRecordInput!]!){ingestCalls(calls:$i){__typename}}';
    const read = 'query Q($i:[ID!]!){calls(ids:$i){__typename ... on QueryCallsSuccess{data{id}}}}';
    // No operation named (or an unknown one): graphql-ws has no HTTP check refusing the document
    // first, so the guard must not leave out `i` on the strength of either operation.
    const cases = [
      [`${ingest} ${read}`, 'Q'],
      [`${read} ${ingest}`, 'Q'],
      [`${ingest} ${read}`, undefined],
      [`${read} ${ingest}`, undefined],
      [`${ingest} ${read}`, 'Nope'],
    ] as const;
    for (const [index, [query, operationName]] of cases.entries()) {
      const id = `nul-${index}`;
      raw.send(
        JSON.stringify({
          id,
          type: 'subscribe',
          payload: { query, operationName, variables: { i: ['a\u0000b'] } },
        }),
      );
      const { closed, message } = await raw.outcome(id);
      expect(closed).toBeNull();
      expect(message?.type).toBe('error');
      expect(message?.payload).toEqual([
        expect.objectContaining({
          message: 'Strings may not contain the NUL character (U+0000)',
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
    }
    raw.socket.close();
  });

  it('refuses deeply nested variables over graphql-ws with an error message, not close 4500', async () => {
    const raw = new RawGraphqlWs();
    await raw.open();
    const depth = 100_000;
    raw.send(
      `{"id":"deep","type":"subscribe","payload":{"query":"query($n: String!) { checkNumber(number: $n) { __typename } }","variables":{"n":${'['.repeat(depth)}${']'.repeat(depth)}}}}`,
    );
    const { closed, message } = await raw.outcome('deep');
    expect(closed).toBeNull();
    expect(message?.type).toBe('error');
    expect(JSON.stringify(message?.payload)).toMatch(/VARIABLES_TOO_DEEP|nest deeper/);
    raw.socket.close();
  });

  it('still runs the dashboard’s overview query', async () => {
    const { overviewQuery } = await import('../../web/app/lib/graphql/overview');
    const { print } = await import('graphql');
    const result = await api.gql(print(overviewQuery), { minutes: 5 }, api.keys.ANALYST);
    expect(result.errors).toBeUndefined();
  });
});

describe('body and message size limits', () => {
  it('answers a body over MAX_BODY_BYTES with 413 from its content-length', async () => {
    const body = Buffer.from(
      JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(limits.MAX_BODY_BYTES) } }),
    );
    const result = await onOwnSocket('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.byteLength },
      chunks: [body],
    });
    expect(result.status).toBe(413);
  });

  it('answers a chunked body over MAX_BODY_BYTES with 413 while counting it', async () => {
    // No content-length: the server has to count. Twice the limit at most, so a server that
    // never stops reading cannot hang the test.
    function* chunks() {
      yield Buffer.from('{"query":"{ __typename }","variables":{"pad":"');
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let sent = 0; sent <= 2 * limits.MAX_BODY_BYTES; sent += chunk.byteLength) yield chunk;
      yield Buffer.from('"}}');
    }
    const result = await onOwnSocket('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: chunks(),
    });
    expect(result.status).toBe(413);
  });

  it('lets a full ingestCalls batch of MAX_INGEST_BATCH calls through the body limit', async () => {
    const calls = Array.from({ length: limits.MAX_INGEST_BATCH }, () => callInput());
    const body = JSON.stringify({
      query: 'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
      variables: { c: calls },
    });
    expect(Buffer.byteLength(body)).toBeLessThan(limits.MAX_BODY_BYTES);
    // An ANALYST may not ingest: the batch is parsed and checked, and nothing is stored.
    const result = await post(body, { authorization: `Bearer ${api.keys.ANALYST}` });
    expect(result.status).not.toBe(413);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('closes a WebSocket that sends a message over MAX_WS_MESSAGE_BYTES with 1009', async () => {
    const raw = new RawGraphqlWs();
    await raw.open();
    raw.send(
      JSON.stringify({
        id: 'big',
        type: 'subscribe',
        payload: { query: '{ __typename }', variables: { pad: 'x'.repeat(limits.MAX_WS_MESSAGE_BYTES) } },
      }),
    );
    await waitFor(() => raw.closed !== null, 'the socket to close');
    expect(raw.closed?.code).toBe(1009);
    expect(await health()).toBe(200);
  });
});

describe('cross-site requests', () => {
  const mutation = (n: string) =>
    `mutation { reportNumber(input: { number: "${n}", category: LOTTERY }) { __typename } }`;
  const reportsFor = (n: string) => api.app.db.report.count({ where: { number: n } });

  it('refuses a form-encoded POST and runs no mutation', async () => {
    const n = uniqueNumber();
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: mutation(n) }).toString(),
    });
    expect(response.status).toBe(415);
    expect(await reportsFor(n)).toBe(0);
  });

  it('refuses a multipart POST and runs no mutation', async () => {
    const n = uniqueNumber();
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: mutation(n) }));
    form.set('map', '{}');
    const response = await fetch(api.url, { method: 'POST', body: form });
    expect(response.status).toBe(415);
    expect(await reportsFor(n)).toBe(0);
  });

  it('refuses a text/plain POST and runs no mutation', async () => {
    const n = uniqueNumber();
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: mutation(n) }),
    });
    expect(response.status).toBe(415);
    expect(await reportsFor(n)).toBe(0);
  });

  it('never runs a mutation sent with GET', async () => {
    const n = uniqueNumber();
    const response = await fetch(`${api.url}?query=${encodeURIComponent(mutation(n))}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(405);
    expect(await reportsFor(n)).toBe(0);
  });

  it('still runs a JSON POST', async () => {
    const n = uniqueNumber();
    const result = await api.gql<{ reportNumber: { __typename: string } }>(
      mutation(n),
      undefined,
      api.keys.ANALYST,
    );
    expect(result.data?.reportNumber.__typename).toBe('MutationReportNumberSuccess');
    expect(await reportsFor(n)).toBe(1);
  });

  const preflight = (origin: string) =>
    fetch(api.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('gives `Origin: null` no CORS grant and no credentials', async () => {
    const response = await preflight('null');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives an unknown origin no CORS grant', async () => {
    const response = await preflight('https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives a configured origin its grant with credentials', async () => {
    const origin = limits.corsOrigins[0] as string;
    const response = await preflight(origin);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });
});

describe('errors', () => {
  it('cuts an echoed phone number to 64 characters', async () => {
    const result = await api.gql<{ checkNumber: { __typename: string; input: string; message: string } }>(
      `query($n: String!) { checkNumber(number: $n) { __typename ... on InvalidNumberError { input message } } }`,
      { n: '9'.repeat(200_000) },
    );
    expect(result.data?.checkNumber.__typename).toBe('InvalidNumberError');
    expect(result.data?.checkNumber.input).toBe(`${'9'.repeat(64)}…`);
    expect(result.data?.checkNumber.message.length).toBeLessThan(120);
  });

  it('refuses a DateTime without a time zone and accepts Z and offsets', async () => {
    const since = (from: string) =>
      api.gql(
        'query($f: DateTime) { auditLog(filter: { from: $f }, first: 1) { totalCount } }',
        { f: from },
        api.keys.ADMIN,
      );
    const zoneless = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, '');
    const refused = await since(zoneless);
    expect(refused.errors?.[0]?.message).toMatch(/time zone/);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await since(new Date(Date.now() - 60_000).toISOString())).errors).toBeUndefined();
    expect((await since(`${zoneless}+00:00`)).errors).toBeUndefined();
    expect((await since('2026-02-30T10:00:00Z')).errors?.[0]?.message).toMatch(/not a valid DateTime/);
  });

  it("judges a call's start time per record: a zone-less one rejects that record, with the reason", async () => {
    const zoneless = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, '');
    const calls = [callInput({ startedAt: zoneless }), callInput({ startedAt: `${zoneless}+00:00` })];
    const result = await api.gql<{
      ingestCalls: { data: { accepted: number; rejections: { index: number; reason: string }[] } };
    }>(
      `mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) {
        ... on MutationIngestCallsSuccess { data { accepted rejections { index reason } } } } }`,
      { c: calls },
      api.keys.OPERATOR,
    );
    expect(result.data?.ingestCalls.data.accepted).toBe(1);
    expect(result.data?.ingestCalls.data.rejections).toEqual([
      { index: 0, reason: expect.stringMatching(/time zone/) },
    ]);
  });

  it('refuses a NUL character in a string with a typed error and stores nothing', async () => {
    const n = uniqueNumber();
    const result = await api.gql(
      'mutation($n: String!, $d: String) { reportNumber(input: { number: $n, category: LOTTERY, description: $d }) { __typename } }',
      { n, d: 'call me\u0000back' },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await api.app.db.report.count({ where: { number: n } })).toBe(0);
  });

  it('puts a request id on every response, keeping a plain one the client sent', async () => {
    const generated = await fetch(`${api.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const sent = `trace-${randomUUID()}`;
    const kept = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': sent },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(kept.headers.get('x-request-id')).toBe(sent);
  });

  it.skipIf(inject('embeddedDatabase'))(
    'logs a masked database failure with its real error and the request id the client sees',
    async () => {
      const lines: Record<string, unknown>[] = [];
      const destination = new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      });
      // A real fault: this API gives up on a lock after 300 ms, and a second session holds it.
      const url = new URL(inject('databaseUrl'));
      url.searchParams.set('options', '-c lock_timeout=300');
      const faulty = await startTestApi({
        databaseUrl: url.toString(),
        logLevel: 'error',
        logDestination: destination,
      });
      const locker = new pg.Client({ connectionString: inject('databaseUrl') });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE "Report" IN ACCESS EXCLUSIVE MODE');
        const response = await fetch(faulty.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: `mutation { reportNumber(input: { number: "${uniqueNumber()}", category: LOTTERY }) { __typename } }`,
          }),
        });
        await locker.query('ROLLBACK');
        const body = (await response.json()) as GraphQLBody;
        const requestId = response.headers.get('x-request-id');
        expect(body.errors?.[0]?.message).toBe('Unexpected error.');
        expect(body.errors?.[0]?.extensions?.requestId).toBe(requestId);
        expect(JSON.stringify(body)).not.toMatch(/lock timeout/);
        await waitFor(() => lines.some((line) => line.requestId === requestId), 'the log line');
        const logged = lines.find((line) => line.requestId === requestId) as { err: { stack: string } };
        expect(logged.err.stack).toMatch(/lock timeout/);

        // The same over graphql-ws: each operation gets its own id.
        const client = createClient({
          url: faulty.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
        });
        clients.push(client);
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE "Report" IN ACCESS EXCLUSIVE MODE');
        const outcome = await wsOutcome(client, {
          query: `mutation { reportNumber(input: { number: "${uniqueNumber()}", category: LOTTERY }) { __typename } }`,
        });
        await locker.query('ROLLBACK');
        const wsError = outcome.errors?.[0] as { message: string; extensions?: { requestId?: string } };
        expect(wsError.message).toBe('Unexpected error.');
        const wsRequestId = wsError.extensions?.requestId;
        expect(wsRequestId).toMatch(/^[0-9a-f-]{36}$/);
        await waitFor(() => lines.some((line) => line.requestId === wsRequestId), 'the graphql-ws log line');
      } finally {
        await locker.end();
        await faulty.close();
      }
    },
  );
});

describe('GraphiQL', () => {
  it('is served from this server alone: every script and stylesheet is inline or same-origin', async () => {
    const response = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Satark GraphQL');
    const urls = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    const fetched = urls.filter((url) => !url.startsWith('data:'));
    for (const url of fetched) {
      const absolute = new URL(url, api.url);
      expect(absolute.origin).toBe(new URL(api.url).origin);
      expect((await fetch(absolute)).status).toBe(200);
    }
    expect(html).not.toMatch(/(unpkg\.com|cdn\.jsdelivr\.net|esm\.sh)/);
    // Subscriptions from GraphiQL go over our WebSocket.
    expect(html).toContain('"subscriptionsProtocol":"WS"');
  });
});
