// `npm run bench:hostile [-- --json --quick --seconds N --attackers N --max-attacks N]`
//
// Does a flood of hostile requests hurt ordinary users? Starts the real API (its own process,
// no simulator) on the local database, measures the latency of ordinary requests (`stats`,
// `checkNumber`, `/health`) alone, then again while a bounded flood of hostile requests (huge
// alias bodies, deep queries, nested fragments, 50 MB bodies, form posts, costly aliases) comes
// from concurrent clients in another process on loopback. Both phases are printed in one run,
// with the machine they ran on. Bounded in time and in count; stops by itself.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type ChildApi, quantile, repoRoot, spawnApi } from './bench-support';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    attackers: { type: 'string' },
    'max-attacks': { type: 'string' },
    'database-url': { type: 'string' },
    // Internal: this script re-runs itself as the attacking process.
    attack: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const seconds = Number(values.seconds ?? (quick ? 3 : 10));
const attackers = Number(values.attackers ?? (quick ? 4 : 8));
const maxAttacks = Number(values['max-attacks'] ?? (quick ? 200 : 2000));
if (!(seconds > 0 && seconds <= 120)) fail('--seconds must be between 0 and 120');
if (!Number.isInteger(attackers) || attackers < 1 || attackers > 64) fail('--attackers must be 1..64');
if (!Number.isInteger(maxAttacks) || maxAttacks < 1) fail('--max-attacks must be a positive integer');

function fail(message: string): never {
  process.stderr.write(`bench:hostile: ${message}\n`);
  process.exit(2);
}
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------- HTTP without a shared pool
interface Answer {
  status: number;
  ms: number;
}

/**
 * One request on its own socket (a refused 50 MB body may end its connection). Body chunks are
 * written until the server answers; `status` 0 means the connection failed without an answer.
 */
function send(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string | number>;
    chunks?: () => Iterable<Buffer>;
  } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let answered = false;
    const done = (status: number) => resolve({ status, ms: performance.now() - started });
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false });
    req.setTimeout(60_000, () => req.destroy());
    req.on('response', (response) => {
      answered = true;
      response.resume();
      response.on('end', () => done(response.statusCode ?? 0));
      response.on('error', () => done(response.statusCode ?? 0));
    });
    req.on('error', () => {
      if (!answered) done(0);
    });
    (async () => {
      for (const chunk of options.chunks?.() ?? []) {
        if (answered || req.destroyed) break;
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(() => {});
  });
}

const json = (body: unknown) => {
  const buffer = Buffer.from(JSON.stringify(body));
  return {
    method: 'POST',
    // The GraphQL-over-HTTP media type: a refused document is a 4xx, not a 200 with errors.
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      'content-length': buffer.byteLength,
    },
    chunks: () => [buffer],
  };
};

// ---------------------------------------------------------------- the hostile requests
const aliasBomb = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

function hostileRequests(graphqlUrl: string) {
  const deepIntrospection = `{ __schema { types { fields { type { ${'ofType { '.repeat(30)}name${' }'.repeat(30)} } } } } }`;
  const nestedFragments = `{ ${'... on Query { '.repeat(5000)}__typename${' }'.repeat(5000)} }`;
  const fiftyMb = 50 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const form = Buffer.from(
    new URLSearchParams({
      query:
        'mutation { reportNumber(input: { number: "+919812345678", category: LOTTERY }) { __typename } }',
    }).toString(),
  );
  const bodies = {
    aliases100k: json({ query: aliasBomb(100_000, '__typename') }),
    regionsAliases: json({ query: aliasBomb(25, 'regions { region calls flaggedCalls }') }),
    deepIntrospection: json({ query: deepIntrospection }),
    nestedFragments: json({ query: nestedFragments }),
    formPost: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': form.byteLength },
      chunks: () => [form],
    },
    body50mb: {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': fiftyMb },
      chunks: function* () {
        for (let sent = 0; sent < fiftyMb; sent += chunk.byteLength) yield chunk;
      },
    },
  };
  return Object.entries(bodies).map(([kind, options]) => ({
    kind,
    run: () => send(graphqlUrl, options),
  }));
}

/** The attacking process: `attackers` loops over the hostile kinds until time or count runs out. */
async function attack(graphqlUrl: string) {
  const kinds = hostileRequests(graphqlUrl);
  const deadline = Date.now() + seconds * 1000;
  let started = 0;
  const tally: Record<string, { count: number; statuses: Record<string, number>; ms: number[] }> = {};
  await Promise.all(
    Array.from({ length: attackers }, async (_, worker) => {
      for (let i = worker; Date.now() < deadline && started < maxAttacks; i++) {
        started++;
        const { kind, run } = kinds[i % kinds.length] as (typeof kinds)[number];
        const answer = await run();
        const entry = tally[kind] ?? { count: 0, statuses: {}, ms: [] };
        tally[kind] = entry;
        entry.count++;
        entry.statuses[answer.status] = (entry.statuses[answer.status] ?? 0) + 1;
        entry.ms.push(answer.ms);
      }
    }),
  );
  const summary = Object.fromEntries(
    Object.entries(tally).map(([kind, t]) => [
      kind,
      { count: t.count, statuses: t.statuses, p50Ms: quantile(t.ms, 0.5), p99Ms: quantile(t.ms, 0.99) },
    ]),
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

// ---------------------------------------------------------------- the ordinary users
const ORDINARY_CLIENTS = 4;

async function ordinaryLoad(graphqlUrl: string, durationMs: number) {
  const healthUrl = graphqlUrl.replace(/\/graphql$/, '/health');
  const requests = {
    stats: () => send(graphqlUrl, json({ query: '{ stats { totalCalls flaggedCalls trackedNumbers } }' })),
    checkNumber: () =>
      send(graphqlUrl, json({ query: '{ checkNumber(number: "+919812345678") { __typename } }' })),
    health: () => send(healthUrl),
  };
  const samples: Record<string, number[]> = { stats: [], checkNumber: [], health: [] };
  const failures: Record<string, number> = { stats: 0, checkNumber: 0, health: 0 };
  const deadline = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: ORDINARY_CLIENTS }, async () => {
      while (Date.now() < deadline) {
        for (const [kind, run] of Object.entries(requests)) {
          const answer = await run();
          if (answer.status === 200) samples[kind]?.push(answer.ms);
          else failures[kind] = (failures[kind] ?? 0) + 1;
        }
      }
    }),
  );
  return Object.fromEntries(
    Object.keys(requests).map((kind) => {
      const ms = samples[kind] ?? [];
      return [
        kind,
        { count: ms.length, failed: failures[kind], p50Ms: quantile(ms, 0.5), p99Ms: quantile(ms, 0.99) },
      ];
    }),
  );
}

// ---------------------------------------------------------------- processes
function startApi(): Promise<ChildApi> {
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  return spawnApi({ LOG_LEVEL: 'fatal', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
}

function spawnAttackers(graphqlUrl: string): Promise<Record<string, unknown>> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      import.meta.filename,
      '--attack',
      graphqlUrl,
      '--seconds',
      String(seconds),
      '--attackers',
      String(attackers),
      '--max-attacks',
      String(maxAttacks),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the attacking process exited with ${code}`));
      resolve(JSON.parse(output.trim()) as Record<string, unknown>);
    });
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    node: process.version,
  };
}

// ---------------------------------------------------------------- main
async function main() {
  const before = machine();
  progress('starting the API (no simulator)');
  const api = await startApi();
  try {
    // Warm up: the first requests compile and fill caches.
    await ordinaryLoad(api.url, 1000);
    progress(`ordinary requests alone for ${seconds} s (${ORDINARY_CLIENTS} clients)`);
    const alone = await ordinaryLoad(api.url, seconds * 1000);
    progress(
      `ordinary requests under a hostile flood for ${seconds} s (${attackers} attackers, ≤${maxAttacks} requests)`,
    );
    const flood = spawnAttackers(api.url);
    const underAttack = await ordinaryLoad(api.url, seconds * 1000);
    const attacks = await flood;
    const health = await send(api.url.replace(/\/graphql$/, '/health'));
    const result = {
      machine: { ...before, loadAverageAfter: machine().loadAverage },
      seconds,
      ordinaryClients: ORDINARY_CLIENTS,
      attackers,
      alone,
      underAttack,
      attacks,
      apiHealthyAfter: health.status === 200,
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      printTable(result);
    }
  } finally {
    await api.stop();
  }
}

function printTable(result: {
  machine: ReturnType<typeof machine> & { loadAverageAfter: number[] };
  alone: Record<string, { count: number; failed?: number; p50Ms: number | null; p99Ms: number | null }>;
  underAttack: Record<string, { count: number; failed?: number; p50Ms: number | null; p99Ms: number | null }>;
  attacks: Record<string, unknown>;
  apiHealthyAfter: boolean;
}) {
  const m = result.machine;
  const lines = [
    `Machine: ${m.cpus} × ${m.cpuModel}, load average ${m.loadAverage.join(' ')} before, ${m.loadAverageAfter.join(' ')} after, Node ${m.node}`,
    '',
    'Ordinary requests           alone: n   p50 ms   p99 ms   | under attack: n   p50 ms   p99 ms  failed',
  ];
  for (const kind of Object.keys(result.alone)) {
    const a = result.alone[kind];
    const u = result.underAttack[kind];
    lines.push(
      `  ${kind.padEnd(24)} ${String(a?.count).padStart(8)} ${String(a?.p50Ms).padStart(8)} ${String(a?.p99Ms).padStart(8)}   | ${String(u?.count).padStart(15)} ${String(u?.p50Ms).padStart(8)} ${String(u?.p99Ms).padStart(8)} ${String(u?.failed).padStart(7)}`,
    );
  }
  lines.push('', 'Hostile requests            n   statuses                  p50 ms   p99 ms');
  for (const [kind, t] of Object.entries(result.attacks) as [
    string,
    { count: number; statuses: Record<string, number>; p50Ms: number; p99Ms: number },
  ][]) {
    const statuses = Object.entries(t.statuses)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    lines.push(
      `  ${kind.padEnd(22)} ${String(t.count).padStart(5)}   ${statuses.padEnd(24)} ${String(t.p50Ms).padStart(8)} ${String(t.p99Ms).padStart(8)}`,
    );
  }
  lines.push('', `API healthy afterwards: ${result.apiHealthyAfter ? 'yes' : 'NO'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (values.attack) {
  await attack(values.attack);
} else {
  await main();
}
