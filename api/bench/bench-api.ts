// `npm run bench:api [-- --json --seconds N --connections N --calls N]`
//
// What a number lookup costs next to the cheapest request the API answers: the real API in its
// own process on the local database, 100 concurrent keep-alive connections (by default) sending
// `checkNumber` for numbers it has seen, then the same connections sending `{ __typename }`,
// for the same time. Prints requests a second for both, their ratio and the lookup's latency,
// with the machine and its load. Goal: ratio >= 0.5.
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { streamTraffic } from '@satark/ml';
import { toCallInput } from '../src/services/simulator';
import { machine, quantile, round, spawnApi } from './bench-support';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    calls: { type: 'string', default: '20000' },
    'database-url': { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const callCount = Number(values.calls);
if (!Number.isInteger(callCount) || callCount < 100 || callCount > 1_000_000)
  fail('--calls must be 100..1000000');
if (!(seconds > 0 && seconds <= 300)) fail('--seconds must be between 0 and 300');
if (!Number.isInteger(connections) || connections < 1 || connections > 1000)
  fail('--connections must be 1..1000');
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
if (!databaseUrl)
  fail('set DATABASE_URL (or --database-url) to a PostgreSQL database the benchmark may write to');

function fail(message: string): never {
  process.stderr.write(`bench:api: ${message}\n`);
  process.exit(2);
}
const progress = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);

const agent = new Agent({ keepAlive: true, maxSockets: connections });

function post(url: string, key: string, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${key}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `connections` clients sending one request after another for `seconds`. */
async function load(url: string, key: string, bodies: () => string) {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const answer = await post(url, key, bodies());
        if (answer.status === 200) latencies.push(answer.ms);
        else failed += 1;
      }
    }),
  );
  return {
    rps: round(latencies.length / seconds),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    failed,
  };
}

async function createKey(url: string): Promise<string> {
  const { createApiKey } = await import('../src/services/api-keys');
  const { createDb } = await import('../src/db');
  const db = createDb(url, 1);
  try {
    return (await createApiKey(db, { name: `bench-api-${Date.now().toString(36)}`, role: 'OPERATOR' })).key;
  } finally {
    await db.$disconnect();
  }
}

const before = machine();
progress(
  `${before.cpu}, ${before.cores} cores, load ${before.loadAverage1m}; ${connections} connections, ${seconds} s per phase`,
);
const api = await spawnApi({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'fatal' });
try {
  const key = await createKey(databaseUrl);
  // Numbers the API has seen and scored: a day of generated traffic through ingestCalls.
  const run = Date.now().toString(36);
  const calls = [];
  for (const cdr of streamTraffic({
    seed: 11,
    start: Date.now() - 86_400_000,
    callers: 2000,
    fraudRatio: 0.01,
  })) {
    if (calls.length === callCount) break;
    calls.push(toCallInput({ ...cdr, callId: `bench-api-${run}-${cdr.callId}` }));
  }
  progress(`ingesting ${calls.length.toLocaleString()} calls so the lookups find scored numbers`);
  for (let i = 0; i < calls.length; i += 5000) {
    const body = JSON.stringify({
      query: 'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
      variables: { c: calls.slice(i, i + 5000) },
    });
    const answer = await post(api.url, key, body);
    if (answer.status !== 200) fail(`ingestCalls answered ${answer.status}`);
  }
  const numbers = [...new Set(calls.map((call) => call.caller))];
  const lookup = `query($n: String!) { checkNumber(number: $n) { __typename ... on QueryCheckNumberSuccess {
    data { number verdict riskScore reportCount campaign { id } reasons { feature text } } } } }`;
  let next = 0;
  progress(`checkNumber over ${numbers.length.toLocaleString()} numbers`);
  const checkNumber = await load(api.url, key, () =>
    JSON.stringify({ query: lookup, variables: { n: numbers[next++ % numbers.length] } }),
  );
  progress('{ __typename }');
  const trivial = await load(api.url, key, () => JSON.stringify({ query: '{ __typename }' }));
  const result = {
    checkNumberRps: checkNumber.rps,
    trivialRps: trivial.rps,
    ratio: round(checkNumber.rps / Math.max(trivial.rps, 1e-9), 3),
    p50Ms: checkNumber.p50Ms,
    p99Ms: checkNumber.p99Ms,
    details: { connections, seconds, numbers: numbers.length, checkNumber, trivial },
    machine: { ...before, loadAverage1mAfter: machine().loadAverage1m },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const rows = [
      [
        'checkNumber',
        `${result.checkNumberRps} req/s`,
        `p50 ${checkNumber.p50Ms} ms, p99 ${checkNumber.p99Ms} ms`,
      ],
      ['{ __typename }', `${result.trivialRps} req/s`, `p50 ${trivial.p50Ms} ms, p99 ${trivial.p99Ms} ms`],
      ['ratio', `${result.ratio}`, 'goal >= 0.5'],
    ];
    for (const row of rows) process.stdout.write(`${row[0].padEnd(16)} ${row[1].padEnd(16)} ${row[2]}\n`);
    process.stdout.write(`machine: ${JSON.stringify(result.machine)}\n`);
  }
} finally {
  agent.destroy();
  await api.stop();
}
