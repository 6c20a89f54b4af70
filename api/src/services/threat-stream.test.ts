import { describe, expect, it, vi } from 'vitest';
import type { StatsService, StatsSnapshot } from './stats';
import type { ThreatBatch, ThreatEvent } from './threat-events';
import {
  IDLE_BATCH_EVERY_MS,
  MAX_EVENTS_PER_BATCH,
  selectBatch,
  ThreatStreamPublisher,
} from './threat-stream';

let sequence = 0;
function event(flagged = false): ThreatEvent {
  sequence += 1;
  return {
    id: `call-${sequence}`,
    timestamp: new Date(1_700_000_000_000 + sequence * 1000).toISOString(),
    caller: '+919800000001',
    receiver: '+919800000002',
    durationSec: 30,
    riskScore: flagged ? 90 : 10,
    verdict: flagged ? 'DANGEROUS' : 'SAFE',
    category: null,
    region: 'Delhi',
    targetRegion: 'Delhi',
    flagged,
  };
}
const events = (n: number, flagged = false) => Array.from({ length: n }, () => event(flagged));

describe('selectBatch', () => {
  it('carries every event up to the limit', () => {
    const pending = events(5);
    expect(selectBatch(pending, 5)).toEqual(pending);
  });

  it('past the limit keeps the flagged events first, then the newest others, in time order', () => {
    const old = events(3);
    const flagged = events(2, true);
    const recent = events(3);
    const batch = selectBatch([...old, ...flagged, ...recent], 4);
    expect(batch.map((e) => e.id)).toEqual([flagged[0], flagged[1], recent[1], recent[2]].map((e) => e?.id));
  });

  it('keeps only the newest flagged events when they alone are past the limit', () => {
    const flagged = events(5, true);
    const batch = selectBatch([...flagged, ...events(3)], 3);
    expect(batch.map((e) => e.id)).toEqual(flagged.slice(-3).map((e) => e.id));
  });

  it('sorts what it keeps by time, whatever order it came in', () => {
    const [a, b, c] = events(3, true);
    const batch = selectBatch([c, a, b, ...events(1)] as ThreatEvent[], 3);
    expect(batch.map((e) => e.id)).toEqual([a?.id, b?.id, c?.id]);
  });
});

function publisher(snapshot: () => Promise<StatsSnapshot>) {
  const batches: ThreatBatch[] = [];
  const health = { ok: 0, failed: 0 };
  const stats = { snapshot } as unknown as StatsService;
  const stream = new ThreatStreamPublisher(stats, (batch) => batches.push(batch), 1000, {
    succeeded: () => {
      health.ok += 1;
    },
    failed: () => {
      health.failed += 1;
    },
  } as never);
  return { stream, batches, health };
}
const stats = {} as StatsSnapshot;

describe('ThreatStreamPublisher', () => {
  it('publishes what was pushed since the last flush as one batch with the stats', async () => {
    const { stream, batches, health } = publisher(async () => stats);
    const first = events(3);
    stream.push(first.slice(0, 2));
    stream.push(first.slice(2));
    await stream.flush();
    expect(batches.map((b) => b.events.length)).toEqual([3]);
    expect(batches[0]?.events).toEqual(first);
    expect(batches[0]?.stats).toBe(stats);
    expect(health).toEqual({ ok: 1, failed: 0 });
  });

  it('sends an empty round’s stats at most once every IDLE_BATCH_EVERY_MS', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    try {
      const { stream, batches } = publisher(async () => stats);
      await stream.flush();
      await stream.flush();
      expect(batches.map((b) => b.events.length)).toEqual([0]);
      vi.advanceTimersByTime(IDLE_BATCH_EVERY_MS);
      await stream.flush();
      expect(batches.map((b) => b.events.length)).toEqual([0, 0]);
      // Events never wait for the idle interval.
      stream.push(events(2));
      await stream.flush();
      expect(batches.map((b) => b.events.length)).toEqual([0, 0, 2]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the events for the next round when the stats cannot be read, and says so', async () => {
    let fail = true;
    const { stream, batches, health } = publisher(async () => {
      if (fail) throw new Error('database away');
      return stats;
    });
    const pending = events(2);
    stream.push(pending);
    await stream.flush();
    expect(batches).toEqual([]);
    expect(health.failed).toBe(1);
    fail = false;
    await stream.flush();
    expect(batches[0]?.events).toEqual(pending);
  });

  it('counts what a full batch leaves out', async () => {
    const { stream, batches } = publisher(async () => stats);
    stream.push(events(MAX_EVENTS_PER_BATCH + 7));
    await stream.flush();
    expect(batches[0]?.events).toHaveLength(MAX_EVENTS_PER_BATCH);
    expect(stream.droppedFromBatches).toBe(7);
  });

  it('bounds what waits while publishing fails, dropping the oldest and counting them', () => {
    const { stream } = publisher(async () => stats);
    stream.push(events(20 * MAX_EVENTS_PER_BATCH));
    expect(stream.droppedFromBatches).toBe(0);
    stream.push(events(1));
    expect(stream.droppedFromBatches).toBe(1);
    stream.push(events(5));
    expect(stream.droppedFromBatches).toBe(6);
  });
});
