// `npm run bench:lists [-- --entries 100000 --calls 20000 --rounds 3 --blocked-every 100 --json --database-url URL]`
//
// Measures on this machine, in this run: importing a list of N entries as CSV (parse, check,
// overlap check, one transaction), how long every instance's matcher takes to hold them, the
// matcher's lookups a second, and the live pipeline's scored CDRs a second with the N entries
// against none. Needs a PostgreSQL (DATABASE_URL or --database-url); it leaves its calls behind
// and removes its list.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startApi } from '../src/server';
import { parseListCsv } from '../src/services/list-csv';
import { importListEntries, loadListEntries } from '../src/services/lists';
import { benchDataDir } from './bench-support';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '100000' },
    calls: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    /** One call in this many is from a listed (blocked) caller; 0: none, to see the lookups alone. */
    'blocked-every': { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  },
});
const entries = Number(values.entries);
const totalCalls = Number(values.calls);
const rounds = Number(values.rounds);
const blockedEvery = Number(values['blocked-every']);
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
function fail(message: string): never {
  process.stderr.write(`bench:lists: ${message}\n`);
  process.exit(2);
}
if (!Number.isInteger(entries) || entries < 100) fail('--entries must be an integer of at least 100');
if (!Number.isInteger(totalCalls) || totalCalls < 5000) fail('--calls must be an integer of at least 5000');
if (!Number.isInteger(rounds) || rounds < 1) fail('--rounds must be a positive integer');
if (!Number.isInteger(blockedEvery) || blockedEvery < 0)
  fail('--blocked-every must be 0 or a positive integer');
if (!databaseUrl) fail('set DATABASE_URL or pass --database-url');
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
const BATCH = 5000;

/** N entries that never overlap: 90% numbers, 5% prefixes, 5% ranges, in separate blocks. */
function listCsv(count: number): string {
  const lines = ['number,prefix,from,to,reason,source'];
  const prefixes = Math.floor(count * 0.05);
  const ranges = Math.floor(count * 0.05);
  const numbers = count - prefixes - ranges;
  for (let i = 0; i < numbers; i++) lines.push(`+9196${String(i).padStart(8, '0')},,,,bench fraud,bench`);
  for (let i = 0; i < prefixes; i++) lines.push(`,+91950${String(i).padStart(5, '0')},,,bench prefix,bench`);
  for (let i = 0; i < ranges; i++) {
    const base = `+91940${String(i).padStart(5, '0')}`;
    lines.push(`,,${base}00,${base}99,bench range,bench`);
  }
  return lines.join('\n');
}

/** Calls from a pool of callers; one call in `blockedEvery` is from a caller on the list. */
function calls(count: number, run: string) {
  const start = Date.now() - 3_600_000;
  return Array.from({ length: count }, (_, i) => {
    const caller =
      blockedEvery > 0 && i % blockedEvery === 0
        ? `+9196${String(i % 50_000).padStart(8, '0')}`
        : `+9189${String(i % 20_000).padStart(8, '0')}`;
    return {
      callId: `bench-lists-${run}-${i}`,
      caller,
      receiver: `+9188${String((i * 7919) % 1_000_000).padStart(8, '0')}`,
      startedAt: new Date(start + Math.floor((i / count) * 3_500_000)).toISOString(),
      durationSec: 5 + (i % 200),
      originRegion: 'Delhi',
      targetRegion: 'Mumbai',
    };
  });
}

async function main() {
  const api = await startApi({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    simulator: false,
    logLevel: 'silent',
    env: { CAMPAIGN_INTERVAL_MS: '3600000', LIST_POLL_MS: '1000', DATA_DIR: benchDataDir },
  });
  const { db } = api.app;
  const who = { actor: 'bench:lists', actorRole: 'ADMIN' };
  const report: Record<string, unknown> = {
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version },
    entries,
    calls: totalCalls,
  };
  try {
    await db.numberList.deleteMany({ where: { name: { startsWith: 'bench-lists-' } } });
    const entriesBefore = api.app.lists.matcher.size;

    const ingestRate = async (label: string) => {
      const all = calls(totalCalls, randomUUID().slice(0, 8));
      const started = performance.now();
      let accepted = 0;
      for (let i = 0; i < all.length; i += BATCH)
        accepted += (await api.app.ingest(all.slice(i, i + BATCH))).accepted;
      if (accepted !== all.length) fail(`${label}: ${accepted} of ${all.length} calls accepted`);
      const seconds = (performance.now() - started) / 1000;
      progress(`${label}: ${totalCalls} calls in ${round(seconds, 2)} s`);
      return round(totalCalls / seconds);
    };

    const csv = listCsv(entries);
    const list = await db.numberList.create({
      data: { name: `bench-lists-${randomUUID().slice(0, 8)}`, kind: 'BLOCK', createdBy: who.actor },
    });
    progress(`importing ${entries} entries (${round(csv.length / 1e6, 1)} MB of CSV)`);
    const importStart = performance.now();
    const parsed = parseListCsv(csv);
    const parsedAt = performance.now();
    const { imported } = await importListEntries(
      { db, announce: api.app.lists.announce },
      list.id,
      parsed.rows,
      who,
      parsed.rowNumber,
    );
    const importSeconds = (performance.now() - importStart) / 1000;
    const loadStart = performance.now();
    while (api.app.lists.matcher.size < entriesBefore + imported) await new Promise((r) => setTimeout(r, 20));
    const loadSeconds = (performance.now() - loadStart) / 1000;
    report.import = {
      imported,
      seconds: round(importSeconds, 2),
      rowsPerSec: round(imported / importSeconds),
      parseSeconds: round((parsedAt - importStart) / 1000, 2),
      matcherLoadedAfterSeconds: round(loadSeconds, 2),
    };

    const matcher = api.app.lists.matcher;
    const lookups = 1_000_000;
    const probe = Array.from({ length: 1000 }, (_, i) =>
      i % 3 === 0
        ? `+9196${String(i * 97).padStart(8, '0')}`
        : i % 3 === 1
          ? `+91950${String(i).padStart(5, '0')}123`
          : `+9189${String(i).padStart(8, '0')}`,
    );
    const lookupStart = performance.now();
    let hits = 0;
    for (let i = 0; i < lookups; i++) if (matcher.verdict(probe[i % probe.length] as string)) hits++;
    const lookupSeconds = (performance.now() - lookupStart) / 1000;
    report.matcher = { lookupsPerSec: round(lookups / lookupSeconds), hitShare: round(hits / lookups, 2) };

    // Rounds alternate without and with the list (taken out of and put back into this
    // instance's matcher, the database untouched), so drift on a shared machine and the callers'
    // growing history weigh on both alike; medians are reported.
    const listed = await loadListEntries(db, list);
    const without: number[] = [];
    const withList: number[] = [];
    for (let r = 0; r < rounds; r++) {
      matcher.replaceList(list.id, null);
      without.push(await ingestRate(`round ${r + 1} without`));
      matcher.replaceList(list.id, listed);
      withList.push(await ingestRate(`round ${r + 1} with ${imported} entries`));
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    report.pipeline = {
      rounds,
      scoredCdrsPerSecWithoutList: median(without),
      scoredCdrsPerSecWithList: median(withList),
      samplesWithout: without,
      samplesWith: withList,
      change: `${round(((median(withList) - median(without)) / median(without)) * 100, 1)}%`,
    };
    await db.numberList.delete({ where: { id: list.id } });
  } finally {
    await api.close();
  }
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const r = report as {
      machine: { cpu: string; cores: number; node: string };
      import: {
        imported: number;
        seconds: number;
        rowsPerSec: number;
        parseSeconds: number;
        matcherLoadedAfterSeconds: number;
      };
      matcher: { lookupsPerSec: number };
      pipeline: {
        rounds: number;
        scoredCdrsPerSecWithoutList: number;
        scoredCdrsPerSecWithList: number;
        samplesWithout: number[];
        samplesWith: number[];
        change: string;
      };
    };
    process.stdout.write(
      [
        `machine: ${r.machine.cpu}, ${r.machine.cores} cores, node ${r.machine.node}`,
        `import: ${r.import.imported} entries in ${r.import.seconds} s (${r.import.rowsPerSec} rows/s; CSV parse ${r.import.parseSeconds} s); matcher holding them ${r.import.matcherLoadedAfterSeconds} s later`,
        `matcher: ${r.matcher.lookupsPerSec} lookups/s against ${r.import.imported} entries`,
        `pipeline (median of ${r.pipeline.rounds} alternating rounds of ${totalCalls} calls): ${r.pipeline.scoredCdrsPerSecWithoutList} CDRs/s without the list, ${r.pipeline.scoredCdrsPerSecWithList} with it (${r.pipeline.change}); samples without ${r.pipeline.samplesWithout.join(', ')}, with ${r.pipeline.samplesWith.join(', ')}; ${blockedEvery > 0 ? `1 call in ${blockedEvery} is from a blocked caller (its alert included)` : 'no caller is on the list (the lookups alone)'}`,
        '',
      ].join('\n'),
    );
  }
}

await main();
