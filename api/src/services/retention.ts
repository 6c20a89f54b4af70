// Keeps the database from growing without end: at the simulator's default 300 calls a second
// a day of calls is 26 million rows. Calls ingested longer ago than the retention are deleted
// in bounded chunks; per-second counters older than two days likewise. Totals live in the
// per-minute counters, which are kept, so `stats` totals do not drop.
import type { Logger } from 'pino';
import type { Db } from '../db';
import type { Component } from '../supervision';

const CHUNK = 50_000;
const STAT_SECONDS_KEPT_MS = 2 * 24 * 3600_000;

export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly options: { retentionMs: number; intervalMs: number },
    private readonly health?: Component,
  ) {}

  start(): void {
    if (this.timer || this.options.retentionMs <= 0) return;
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.runOnce()
          .then(() => this.health?.succeeded())
          .catch((error) => {
            this.health?.failed(error);
            this.logger.error({ err: error }, 'Retention failed; retrying next round');
          })
          .finally(() => {
            this.running = null;
          });
      }
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Deletes what is past retention; returns the calls deleted. */
  async runOnce(now = Date.now()): Promise<number> {
    const callsBefore = new Date(now - this.options.retentionMs);
    let deleted = 0;
    for (;;) {
      const removed = await this.db.$executeRaw`
        DELETE FROM "CallRecord" WHERE "callId" IN (
          SELECT "callId" FROM "CallRecord" WHERE "ingestedAt" < ${callsBefore} LIMIT ${CHUNK})`;
      deleted += removed;
      if (removed < CHUNK) break;
    }
    await this.db.statSecond.deleteMany({ where: { at: { lt: new Date(now - STAT_SECONDS_KEPT_MS) } } });
    if (deleted > 0)
      this.logger.info({ deleted, before: callsBefore.toISOString() }, 'Retention: old calls deleted');
    return deleted;
  }
}
