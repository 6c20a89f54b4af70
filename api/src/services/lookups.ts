// Lookup history: every checkNumber by a signed-in person or a key (who, when, which number,
// the verdict given), kept LOOKUP_HISTORY_DAYS.
//
// A lookup is not written on the request's path: it is queued in memory and the queue is written
// in one INSERT every `flushMs` (and when it is long, and on close), like keys' lastUsedAt. Each
// lookup gets its id when it is queued and the INSERT skips ids already stored, so a batch that is
// retried after a failure is still counted once. Reading the history first writes this instance's
// queue, so a person sees their own check at once; another instance's checks show within
// `flushMs` (docs/decisions/026-number-lookup-cost.md).
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../auth';
import { type Db, queryPrepared } from '../db';
import type { NumberLookup, Verdict } from '../generated/prisma/client';
import type { Component } from '../supervision';

/** How often queued lookups are written: the most another instance's reader sees them late. */
export const LOOKUP_FLUSH_MS = 1000;
/** Lookups queued at once before a request waits for the queue to be written. */
const MAX_QUEUED = 50_000;
/** Lookups written in one INSERT. */
const BATCH = 5_000;

export class LookupHistory {
  private queue: NumberLookup[] = [];
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  private readonly write: (batch: readonly NumberLookup[]) => Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly options: {
      flushMs: number;
      health?: Component;
      /** Writes one batch (default: insertLookups); tests make it fail. */
      write?: (batch: readonly NumberLookup[]) => Promise<void>;
    },
  ) {
    this.write = options.write ?? ((batch) => insertLookups(db, batch));
  }

  /** Lookups queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues what a signed-in person or a key checked and the verdict they were given. */
  async record(
    viewer: Viewer,
    check: { number: string; verdict: Verdict; riskScore: number | null },
  ): Promise<void> {
    if (viewer.role === 'ANONYMOUS') return;
    this.queue.push({
      id: randomUUID(),
      number: check.number,
      at: new Date(),
      verdict: check.verdict,
      riskScore: check.riskScore,
      actor: viewer.actor,
      accountId: viewer.accountId,
      keyId: viewer.keyId,
    });
    // While the database is away the queue grows; past a bound, requests wait for it.
    if (this.queue.length >= MAX_QUEUED) await this.flush();
    else if (this.queue.length >= BATCH) void this.flush().catch(() => {});
  }

  /** Writes every lookup queued so far; throws (keeping them queued) when the database fails. */
  async flush(): Promise<void> {
    // One writer at a time; a flush asked for during a write waits for it and writes the rest.
    while (this.writing) await this.writing.catch(() => {});
    if (this.queue.length === 0) return;
    this.writing = this.writeQueued();
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, BATCH);
      try {
        await this.write(batch);
      } catch (error) {
        this.options.health?.failed(error);
        throw error;
      }
      this.queue = this.queue.slice(batch.length);
      this.options.health?.succeeded();
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      void this.flush().catch(() => {}); // recorded on the health component; retried next tick
    }, this.options.flushMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is queued (after the server stopped taking requests). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    this.options.health?.stopped();
  }

  /** A number's lookups, newest first (this instance's queue written first). */
  async list(number: string, page: { offset: number; limit: number }): Promise<NumberLookup[]> {
    await this.flush();
    return this.db.numberLookup.findMany({
      where: { number },
      orderBy: [{ at: 'desc' }, { id: 'asc' }],
      skip: page.offset,
      take: page.limit,
    });
  }

  async count(number: string): Promise<number> {
    await this.flush();
    return this.db.numberLookup.count({ where: { number } });
  }
}

/**
 * One INSERT of a batch of lookups, ids already stored skipped (a retried batch counts once).
 * On the pg pool under Prisma, as arrays: Prisma's createMany cost 0.2–0.4 ms of CPU a row,
 * as much as a tenth of a lookup, and this about 0.01 ms (docs/decisions/026). Times go as UTC
 * ISO text, as Prisma writes them.
 */
export async function insertLookups(db: Db, batch: readonly NumberLookup[]): Promise<void> {
  if (batch.length === 0) return;
  await queryPrepared(db, {
    name: 'satark_insert_lookups',
    text: `INSERT INTO "NumberLookup" ("id", "number", "at", "actor", "accountId", "keyId", "verdict", "riskScore")
      SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp(3)[], $4::text[], $5::text[], $6::text[],
        $7::"Verdict"[], $8::float8[])
      ON CONFLICT ("id") DO NOTHING`,
    values: [
      batch.map((lookup) => lookup.id),
      batch.map((lookup) => lookup.number),
      batch.map((lookup) => lookup.at.toISOString()),
      batch.map((lookup) => lookup.actor),
      batch.map((lookup) => lookup.accountId),
      batch.map((lookup) => lookup.keyId),
      batch.map((lookup) => lookup.verdict),
      batch.map((lookup) => lookup.riskScore),
    ],
  });
}

export async function deleteOldLookups(db: Db, days: number, now = Date.now()): Promise<number> {
  const result = await db.numberLookup.deleteMany({
    where: { at: { lt: new Date(now - days * 86_400_000) } },
  });
  return result.count;
}
