// Collects the events of ingested calls and publishes them about once a second with the
// current stats, so every subscriber gets one small batch instead of a message per call.
import type { Component } from '../supervision';
import type { StatsService } from './stats';
import type { ThreatBatch, ThreatEvent } from './threat-events';

/** Past this, a batch keeps the flagged events first and then the newest. */
export const MAX_EVENTS_PER_BATCH = 1000;

export class ThreatStreamPublisher {
  private pending: ThreatEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
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
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flushing ??= this.flush().finally(() => {
        this.flushing = null;
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a batch in flight (it must not publish after the pub/sub closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushing;
  }

  async flush(): Promise<void> {
    const events = this.takePending();
    // The stats shared by every batch are at most half a second old (StatsService caches them),
    // so a short interval does not put a round of queries in front of every batch.
    try {
      const stats = await this.stats.snapshot();
      this.publish({ events, stats });
      this.health?.succeeded();
    } catch (error) {
      // The events wait for the next round; a stats query that keeps failing shows in /ready.
      this.pending.unshift(...events);
      this.health?.failed(error);
    }
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
