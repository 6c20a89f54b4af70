// `npm run bench:api [-- --json --seconds N --connections N --calls N --count-sql --cpu-prof DIR]`
//
// What a number lookup costs next to the cheapest request the API answers: the real API in its
// own process on the local database, 100 concurrent keep-alive connections (by default) sending
// `checkNumber` for numbers it has seen (each once first, reported as firstLookups; then round
// and round for the phase), then the same connections sending `{ __typename }` for the same
// time, both as an OPERATOR API key (not subject to ANON_CHECKS_PER_MINUTE).
// Prints requests a second for both, their ratio and the lookup's latency, with the machine and
// its load; checks that every lookup answered is in the lookup history once after a clean
// shutdown. Goal: ratio >= 0.5. `--count-sql`: database transactions per request;
// `--cpu-prof DIR`: the API process's CPU profile (docs/decisions/026-number-lookup-cost.md).
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { streamTraffic } from '@satark/ml';
import { createDb } from '../src/db';
import { createApiKey } from '../src/services/api-keys';
import { toCallInput } from '../src/services/simulator';
import { machine, quantile, round, spawnApi } from './bench-support';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    calls: { type: 'string', default: '20000' },
    'database-url': { type: 'string' },
    /** Writes the API process's CPU profile (node --cpu-prof) into this directory. */
    'cpu-prof': { type: 'string' },
    /** Counts the database transactions per request (adds about 40 s of waiting). */
    'count-sql': { type: 'boolean', default: false },
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

function post(url: string, key: string, body: string): Promise<{ status: number; ms: number; text: string }> {
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
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `connections` clients sending one request after another for `seconds`. An answer counts when
 * it is a 200 without errors that `answered` accepts.
 */
async function load(
  url: string,
  key: string,
  bodies: () => string | null,
  answered: (text: string) => boolean,
  countSql = values['count-sql'],
) {
  const transactionsBefore = countSql ? await committedTransactions() : 0;
  const started = performance.now();
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let body = bodies(); body !== null; body = bodies()) {
        const answer = await post(url, key, body);
        if (answer.status === 200 && !answer.text.includes('"errors"') && answered(answer.text))
          latencies.push(answer.ms);
        else failed += 1;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const phase: {
    rps: number;
    p50Ms: number | null;
    p99Ms: number | null;
    answered: number;
    failed: number;
    sqlTransactionsPerRequest?: number;
  } = {
    rps: round(latencies.length / elapsedSeconds),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    answered: latencies.length,
    failed,
  };
  if (!countSql) return phase;
  const transactions = (await committedTransactions()) - transactionsBefore;
  const background = (idleTransactionsPerSecond ?? 0) * ((performance.now() - started) / 1000);
  return {
    ...phase,
    sqlTransactionsPerRequest: round((transactions - background) / Math.max(latencies.length + failed, 1), 2),
  };
}

const sqlPerRequest = (phase: { sqlTransactionsPerRequest?: number }) =>
  phase.sqlTransactionsPerRequest === undefined
    ? ''
    : `, ${phase.sqlTransactionsPerRequest} SQL transactions/request`;

const statsDb = createDb(databaseUrl, 1);
// PostgreSQL publishes an idle backend's counts within 10 s (PGSTAT_IDLE_INTERVAL).
const STATS_SETTLE_MS = 11_000;
let idleTransactionsPerSecond: number | null = null;

/** Transactions committed in the benchmark's database, once PostgreSQL has published them. */
async function committedTransactions(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, STATS_SETTLE_MS));
  const rows = await statsDb.$queryRaw<{ n: bigint }[]>`
    SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * What the API's background loops commit while nobody asks anything (stats, list polls, ...),
 * subtracted from the phases: each statement outside a transaction is one transaction.
 */
async function measureIdleTransactions(): Promise<void> {
  const started = performance.now();
  const before = await committedTransactions();
  const after = await committedTransactions();
  idleTransactionsPerSecond = (after - before) / ((performance.now() - started) / 1000);
}

/**
 * The caller: an OPERATOR key, as a bank's integration would use. Keys are not subject to the
 * anonymous limit (ANON_CHECKS_PER_MINUTE), and their lookups go to the lookup history.
 */
async function createKey(): Promise<{ key: string; id: string }> {
  const created = await createApiKey(statsDb, {
    name: `bench-api-${Date.now().toString(36)}`,
    role: 'OPERATOR',
  });
  return { key: created.key, id: created.apiKey.id };
}

const before = machine();
progress(
  `${before.cpu}, ${before.cores} cores, load ${before.loadAverage1m}; ${connections} connections, ${seconds} s per phase`,
);
const api = await spawnApi(
  { DATABASE_URL: databaseUrl, LOG_LEVEL: 'fatal' },
  values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [],
);
let stopped = false;
try {
  const { key, id: keyId } = await createKey();
  progress('caller: an OPERATOR API key (keys are not subject to ANON_CHECKS_PER_MINUTE)');
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
  const lookupOf = (n: string) => JSON.stringify({ query: lookup, variables: { n } });
  /** The same requests for `seconds`. */
  const during = (body: () => string) => {
    // The clock starts with the first request, not when the phase is set up: `--count-sql`
    // waits for PostgreSQL's statistics before a phase begins.
    let deadline: number | null = null;
    return () => {
      deadline ??= performance.now() + seconds * 1000;
      return performance.now() < deadline ? body() : null;
    };
  };
  // Every number once first: lookups of numbers the API has not explained yet (and its JIT warm).
  progress(`checkNumber: a first lookup of each of ${numbers.length.toLocaleString()} numbers`);
  let next = 0;
  const firstLookups = await load(
    api.url,
    key,
    () => (next < numbers.length ? lookupOf(numbers[next++] as string) : null),
    (text) => text.includes('QueryCheckNumberSuccess'),
    false,
  );
  if (values['count-sql']) {
    progress('counting what the API commits while idle');
    await measureIdleTransactions();
  }
  progress(`checkNumber over the same numbers again and again for ${seconds} s`);
  const checkNumber = await load(
    api.url,
    key,
    during(() => lookupOf(numbers[next++ % numbers.length] as string)),
    (text) => text.includes('QueryCheckNumberSuccess'),
  );
  progress(`{ __typename } for ${seconds} s`);
  const trivial = await load(
    api.url,
    key,
    during(() => JSON.stringify({ query: '{ __typename }' })),
    (text) => text.includes('"Query"'),
  );
  const loadAverage1mAfter = machine().loadAverage1m;
  // Every answered lookup is in the lookup history once, after a clean shutdown.
  await api.stop();
  stopped = true;
  const lookupsRecorded = await statsDb.numberLookup.count({ where: { keyId } });
  const result = {
    checkNumberRps: checkNumber.rps,
    trivialRps: trivial.rps,
    ratio: round(checkNumber.rps / Math.max(trivial.rps, 1e-9), 3),
    p50Ms: checkNumber.p50Ms,
    p99Ms: checkNumber.p99Ms,
    details: {
      caller: 'OPERATOR API key (not subject to ANON_CHECKS_PER_MINUTE)',
      connections,
      seconds,
      numbers: numbers.length,
      firstLookups,
      checkNumber,
      trivial,
      lookupsAnswered: firstLookups.answered + checkNumber.answered,
      lookupsRecorded,
      idleTransactionsPerSecond: idleTransactionsPerSecond && round(idleTransactionsPerSecond, 1),
    },
    machine: { ...before, loadAverage1mAfter },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const rows = [
      [
        'checkNumber',
        `${result.checkNumberRps} req/s`,
        `p50 ${checkNumber.p50Ms} ms, p99 ${checkNumber.p99Ms} ms${sqlPerRequest(checkNumber)}`,
      ],
      [
        '{ __typename }',
        `${result.trivialRps} req/s`,
        `p50 ${trivial.p50Ms} ms, p99 ${trivial.p99Ms} ms${sqlPerRequest(trivial)}`,
      ],
      ['ratio', `${result.ratio}`, 'goal >= 0.5'],
      [
        'first lookups',
        `${firstLookups.rps} req/s`,
        `p50 ${firstLookups.p50Ms} ms, p99 ${firstLookups.p99Ms} ms (each number once, before the above)`,
      ],
      [
        'lookup history',
        `${lookupsRecorded} rows`,
        `for ${firstLookups.answered + checkNumber.answered} lookups answered`,
      ],
    ];
    for (const row of rows) process.stdout.write(`${row[0].padEnd(16)} ${row[1].padEnd(16)} ${row[2]}\n`);
    process.stdout.write(`machine: ${JSON.stringify(result.machine)}\n`);
  }
} finally {
  agent.destroy();
  if (!stopped) await api.stop();
  await statsDb.$disconnect();
}
