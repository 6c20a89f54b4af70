// Collects the events of ingested calls and publishes them about once a second with the
// current stats, so every subscriber gets one small batch instead of a message per call.
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
  /** The newest stats snapshot, and the refresh in flight (at most one). */
  private latestStats: StatsSnapshot | null = null;
  private refreshing: Promise<StatsSnapshot> | null = null;
  private lastPublishedAt = 0;
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
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async flush(): Promise<void> {
    // With a short interval and thousands of subscribers, empty rounds were most of the traffic.
    if (this.pending.length === 0 && Date.now() - this.lastPublishedAt < IDLE_BATCH_EVERY_MS) return;
    const events = this.takePending();
    try {
      const stats = this.latestStats ?? (await this.refreshStats());
      if (this.latestStats !== null) void this.refreshStats().catch(() => {});
      this.publish({ events, stats });
      this.lastPublishedAt = Date.now();
    } catch (error) {
      // No stats yet: the events wait for the next round.
      this.pending.unshift(...events);
      this.health?.failed(error);
    }
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
    if (pending.length <= MAX_EVENTS_PER_BATCH) return pending;
    const flagged = pending.filter((event) => event.flagged);
    const rest = pending.filter((event) => !event.flagged);
    const kept = [
      ...flagged.slice(-MAX_EVENTS_PER_BATCH),
      ...rest.slice(-(MAX_EVENTS_PER_BATCH - Math.min(flagged.length, MAX_EVENTS_PER_BATCH))),
    ];
    this.droppedFromBatches += pending.length - kept.length;
    return kept.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  }
}
