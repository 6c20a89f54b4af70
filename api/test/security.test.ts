import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callInput, startTestApi, type TestApi, uniqueNumber } from './harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    env: {
      ANON_MUTATIONS_PER_MINUTE: '3',
      MAX_QUERY_DEPTH: '4',
      MAX_QUERY_COMPLEXITY: '400',
      // The complexity test below uses 50 aliases; the alias limit is tested in adversarial-http.
      MAX_QUERY_ALIASES: '100',
    },
  });
});
afterAll(() => api.close());

const operations = {
  stats: '{ stats { totalCalls } }',
  regions: '{ regions { region } }',
  checkNumber: `{ checkNumber(number: "+919812345678") { __typename } }`,
  campaigns: '{ campaigns { totalCount } }',
  alerts: '{ alerts { totalCount } }',
  recentEvents: '{ recentEvents(last: 1) { id caller } }',
  apiKeys: '{ apiKeys { id } }',
  ingestCalls: 'mutation($calls: [CallRecordInput!]!) { ingestCalls(calls: $calls) { __typename } }',
};

type Who = 'ANONYMOUS' | 'ANALYST' | 'OPERATOR' | 'ADMIN';
const allowed: Record<keyof typeof operations, Who[]> = {
  stats: ['ANONYMOUS', 'ANALYST', 'OPERATOR', 'ADMIN'],
  regions: ['ANONYMOUS', 'ANALYST', 'OPERATOR', 'ADMIN'],
  checkNumber: ['ANONYMOUS', 'ANALYST', 'OPERATOR', 'ADMIN'],
  campaigns: ['ANALYST', 'OPERATOR', 'ADMIN'],
  alerts: ['ANALYST', 'OPERATOR', 'ADMIN'],
  recentEvents: ['ANALYST', 'OPERATOR', 'ADMIN'],
  ingestCalls: ['OPERATOR', 'ADMIN'],
  apiKeys: ['ADMIN'],
};

describe('the role matrix', () => {
  for (const [name, query] of Object.entries(operations) as [keyof typeof operations, string][]) {
    for (const who of ['ANONYMOUS', 'ANALYST', 'OPERATOR', 'ADMIN'] as const) {
      const may = allowed[name].includes(who);
      it(`${who} ${may ? 'may' : 'may not'} use ${name}`, async () => {
        const key = who === 'ANONYMOUS' ? null : api.keys[who];
        const result = await api.gql(
          query,
          name === 'ingestCalls' ? { calls: [callInput()] } : undefined,
          key,
        );
        if (may) {
          expect(result.errors).toBeUndefined();
        } else {
          expect(result.errors?.[0]?.extensions?.code).toBe(
            who === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
          );
        }
      });
    }
  }

  it('answers a wrong key with 401 UNAUTHENTICATED instead of treating it as anonymous', async () => {
    const result = await api.gql('{ stats { totalCalls } }', undefined, 'sk_not-a-real-key');
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a malformed Authorization header with 401', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: '{ stats { totalCalls } }' }),
    });
    expect(response.status).toBe(401);
  });

  it('lets an ADMIN create a key that then works, and revoke it so it stops working', async () => {
    const created = await api.gql<{
      createApiKey: { data: { key: string; apiKey: { id: string; role: string } } };
    }>(
      'mutation { createApiKey(name: "bank-x", role: ANALYST) { ... on MutationCreateApiKeySuccess { data { key apiKey { id role } } } } }',
      undefined,
      api.keys.ADMIN,
    );
    const { key, apiKey } = created.data?.createApiKey.data ?? { key: '', apiKey: { id: '', role: '' } };
    expect(apiKey.role).toBe('ANALYST');
    expect((await api.gql('{ viewer { role keyName } }', undefined, key)).data).toEqual({
      viewer: { role: 'ANALYST', keyName: 'bank-x' },
    });
    await api.gql(`mutation { revokeApiKey(id: "${apiKey.id}") { revokedAt } }`, undefined, api.keys.ADMIN);
    expect((await api.gql('{ viewer { role } }', undefined, key)).status).toBe(401);
  });

  it('stores only a hash of each key', async () => {
    const keys = await api.app.db.apiKey.findMany();
    for (const stored of keys) expect(Object.values(stored)).not.toContain(api.keys.ADMIN);
  });
});

describe('query limits', () => {
  it('rejects a query deeper than the limit before running it', async () => {
    const deep = '{ alerts { edges { node { campaign { name } } } } }';
    const result = await api.gql(deep, undefined, api.keys.ANALYST);
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
    expect(result.data ?? null).toBeNull();
  });

  it('rejects a query costlier than the limit before running it', async () => {
    const costly = `{ ${Array.from({ length: 50 }, (_, i) => `r${i}: regions { region calls flaggedCalls }`).join(' ')} }`;
    const result = await api.gql(costly);
    expect(result.errors?.[0]?.message).toMatch(/complexity/i);
  });
});

// The guard refuses a NUL in any variable except call records, which ingestCalls checks one by
// one. What counts is the operation that runs: another operation of the same document typing a
// variable of the same name CallRecordInput once let a NUL through to PostgreSQL (an unexpected error).
describe('the NUL check in a document of several operations', () => {
  const ingest = 'mutation M($i:[CallRecordInput!]!){ingestCalls(calls:$i){__typename}}';
  const read = 'query Q($i:[ID!]!){calls(ids:$i){__typename ... on QueryCallsSuccess{data{id}}}}';
  const post = async (body: string, key: string) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body,
    });
    return {
      status: response.status,
      ...((await response.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      }),
    };
  };
  const expectNulRefused = (result: Awaited<ReturnType<typeof post>>) => {
    expect(result.status).toBe(400);
    expect(result.errors?.map((error) => error.message)).toEqual([
      'Strings may not contain the NUL character (U+0000)',
    ]);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.data ?? null).toBeNull();
  };

  it('refuses a NUL in the variables of the query run though the mutation beside it types them CallRecordInput', async () => {
    // The body as the tester sent it.
    const body =
      '{"query":"mutation M($i:[CallRecordInput!]!){ingestCalls(calls:$i){__typename}} query Q($i:[ID!]!){calls(ids:$i){__typename ... on QueryCallsSuccess{data{id}}}}","operationName":"Q","variables":{"i":["a\\u0000b"]}}';
    expectNulRefused(await post(body, api.keys.ANALYST));
  });

  it('refuses it with the operations in the other order', async () => {
    const body = JSON.stringify({
      query: `${read} ${ingest}`,
      operationName: 'Q',
      variables: { i: ['a\u0000b'] },
    });
    expectNulRefused(await post(body, api.keys.ANALYST));
  });

  it('runs nothing when the document names no operation to run, or an unknown one', async () => {
    // Over HTTP Yoga refuses such a request as soon as it is parsed; over graphql-ws (no such
    // check) the guard refuses the NUL itself (adversarial-http.test.ts).
    for (const query of [`${ingest} ${read}`, `${read} ${ingest}`]) {
      for (const operationName of [undefined, null, 'Nope']) {
        const body = JSON.stringify({ query, operationName, variables: { i: ['a\u0000b'] } });
        const result = await post(body, api.keys.OPERATOR);
        expect(result.status).toBe(400);
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual([
          'OPERATION_RESOLUTION_FAILURE',
        ]);
        expect(result.data ?? null).toBeNull();
      }
    }
  });

  it('still rejects a NUL in one record of ingestCalls for that record alone when ingestCalls runs', async () => {
    const ingestWithResult =
      'mutation M($i:[CallRecordInput!]!){ingestCalls(calls:$i){... on MutationIngestCallsSuccess{data{accepted rejected rejections{index reason}}}}}';
    for (const query of [`${ingestWithResult} ${read}`, `${read} ${ingestWithResult}`]) {
      const good = [callInput(), callInput()];
      const bad = callInput({ originRegion: 'Del\u0000hi' });
      const body = JSON.stringify({ query, operationName: 'M', variables: { i: [good[0], bad, good[1]] } });
      const result = await post(body, api.keys.OPERATOR);
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        ingestCalls: {
          data: {
            accepted: 2,
            rejected: 1,
            rejections: [
              {
                index: 1,
                reason: expect.stringMatching(/originRegion holds a character that cannot be stored/),
              },
            ],
          },
        },
      });
      const stored = await api.app.db.callRecord.count({
        where: { callId: { in: [...good, bad].map((call) => call.callId) } },
      });
      expect(stored).toBe(2);
    }
  });
});

describe('rate limits', () => {
  it('gives an anonymous client a RateLimitError past its mutations a minute, with nothing stored', async () => {
    const mutation = `mutation($n: String!) { reportNumber(input: { number: $n, category: LOTTERY }) { __typename ... on RateLimitError { retryAfterSec } } }`;
    const typenames: string[] = [];
    const numbers = Array.from({ length: 4 }, () => uniqueNumber());
    for (const n of numbers) {
      const result = await api.gql<{ reportNumber: { __typename: string } }>(mutation, { n });
      typenames.push(result.data?.reportNumber.__typename ?? 'error');
    }
    expect(typenames).toEqual([
      'MutationReportNumberSuccess',
      'MutationReportNumberSuccess',
      'MutationReportNumberSuccess',
      'RateLimitError',
    ]);
    expect(await api.app.db.report.count({ where: { number: numbers[3] } })).toBe(0);
    const withKey = await api.gql<{ reportNumber: { __typename: string } }>(
      mutation,
      { n: uniqueNumber() },
      api.keys.ANALYST,
    );
    expect(withKey.data?.reportNumber.__typename).toBe('MutationReportNumberSuccess');
  });
});

describe('HTTP endpoints', () => {
  const base = () => api.url.replace(/\/graphql$/, '');

  it('/health says ok and /ready checks the database', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    const ready = await (await fetch(`${base()}/ready`)).json();
    expect(ready.status).toBe('ready');
    expect(ready.components).toContainEqual(
      expect.objectContaining({ name: 'database', required: true, state: 'running' }),
    );
  });

  it('/metrics serves Prometheus metrics including GraphQL operations', async () => {
    await api.gql('{ stats { totalCalls } }');
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/satark_graphql_operations_total\{operationType="query"\} [1-9]/);
    expect(text).toContain('process_cpu_seconds_total');
    // Counts the services keep themselves are exported too.
    for (const name of [
      'satark_alerts_dropped_total',
      'satark_stream_events_dropped_total',
      'satark_campaign_rounds_total',
    ]) {
      expect(text).toMatch(new RegExp(`^${name} \\d+$`, 'm'));
    }
  });

  it('serves GraphiQL to a browser at /graphql', async () => {
    const response = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(await response.text()).toContain('GraphiQL');
  });

  it('allows the dashboard origin in CORS and not another', async () => {
    const preflight = (origin: string) =>
      fetch(api.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    expect((await preflight('http://localhost:3000')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:3000',
    );
    expect((await preflight('http://evil.example')).headers.get('access-control-allow-origin')).not.toBe(
      'http://evil.example',
    );
  });
});
