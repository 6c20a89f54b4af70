// Collects the events of ingested calls and publishes them with the current stats at most once
// per interval (STREAM_INTERVAL_MS), so every subscriber gets one small batch instead of a
// message per call. Events do not wait for a clock tick: when the last batch is at least an
// interval old they go out at once, otherwise as soon as it is (decision 025).
// A batch never waits for the stats queries: it carries the latest snapshot while the next
// one is computed (only the very first batch waits), so a slow stats query — under load, or
// the flagged-calls scan every 15 s — does not hold every event behind it.
import type { Component } from '../supervision';
import type { StatsService, StatsSnapshot } from './stats';
import type { ThreatBatch, ThreatEvent } from './threat-events';

/** Past this, a batch keeps the flagged events first and then the newest. */
export const MAX_EVENTS_PER_BATCH = 1000;
/** A round with no events still sends the stats, but not more often than this. */
export const IDLE_BATCH_EVERY_MS = 1000;

export class ThreatStreamPublisher {
  private pending: ThreatEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The next batch of events, when it is due (at most one scheduled). */
  private due: NodeJS.Timeout | null = null;
  /** The newest stats snapshot, and the refresh in flight (at most one). */
  private latestStats: StatsSnapshot | null = null;
  private refreshing: Promise<StatsSnapshot> | null = null;
  private lastPublishedAt = 0;
  private flushing: Promise<void> | null = null;
  droppedFromBatches = 0;

  constructor(
    private readonly stats: StatsService,
    private readonly publish: (batch: ThreatBatch) => void,
    private readonly intervalMs: number,
    private readonly health?: Component,
  ) {}

  push(events: ThreatEvent[]): void {
    this.pending.push(...events);
    // While publishing fails the events wait, up to a bound.
    const excess = this.pending.length - 20 * MAX_EVENTS_PER_BATCH;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.droppedFromBatches += excess;
    }
    if (this.timer && events.length > 0) this.scheduleBatch();
  }

  start(): void {
    if (this.timer) return;
    // The tick sends an idle round's stats, and retries events a failed round left waiting.
    this.timer = setInterval(() => {
      if (Date.now() - this.lastPublishedAt >= this.intervalMs) this.round();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timers and waits for a batch in flight (it must not publish after the pub/sub closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.due) clearTimeout(this.due);
    this.due = null;
    await this.flushing;
    await this.refreshing?.catch(() => {});
  }

  async flush(): Promise<void> {
    // With a short interval and thousands of subscribers, empty rounds were most of the traffic.
    if (this.pending.length === 0 && Date.now() - this.lastPublishedAt < IDLE_BATCH_EVERY_MS) return;
    const events = this.takePending();
    const cached = this.latestStats;
    let stats: StatsSnapshot;
    try {
      stats = cached ?? (await this.refreshStats());
    } catch {
      // No stats yet (refreshStats said so in /ready): the events wait for the next round.
      this.pending.unshift(...events);
      return;
    }
    if (cached) void this.refreshStats().catch(() => {});
    this.publish({ events, stats });
    this.lastPublishedAt = Date.now();
  }

  /** The next batch at the earliest moment an interval after the last one: now, if that has passed. */
  private scheduleBatch(): void {
    if (this.due) return;
    const wait = Math.max(0, this.lastPublishedAt + this.intervalMs - Date.now());
    this.due = setTimeout(() => {
      this.due = null;
      this.round();
    }, wait);
    this.due.unref();
  }

  private round(): void {
    if (this.flushing) return;
    const before = this.lastPublishedAt;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      // Events pushed while this round waited go next; after a failed round the tick retries.
      if (this.timer && this.pending.length > 0 && this.lastPublishedAt !== before) this.scheduleBatch();
    });
  }

  /** Starts computing the next snapshot unless one is being computed; a failure shows in /ready. */
  private refreshStats(): Promise<StatsSnapshot> {
    this.refreshing ??= this.stats.snapshot().then(
      (stats) => {
        this.latestStats = stats;
        this.refreshing = null;
        this.health?.succeeded();
        return stats;
      },
      (error: unknown) => {
        this.refreshing = null;
        this.health?.failed(error);
        throw error;
      },
    );
    return this.refreshing;
  }

  private takePending(): ThreatEvent[] {
    const pending = this.pending;
    this.pending = [];
    const batch = selectBatch(pending);
    this.droppedFromBatches += pending.length - batch.length;
    return batch;
  }
}

/**
 * The events one batch carries: all of them up to `max`; past it the newest flagged events
 * first, then the newest others, in time order.
 */
export function selectBatch(pending: readonly ThreatEvent[], max = MAX_EVENTS_PER_BATCH): ThreatEvent[] {
  if (pending.length <= max) return pending.slice();
  const flagged = pending.filter((event) => event.flagged);
  const rest = pending.filter((event) => !event.flagged);
  const room = max - Math.min(flagged.length, max);
  const kept = [...flagged.slice(-max), ...(room > 0 ? rest.slice(-room) : [])];
  return kept.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
