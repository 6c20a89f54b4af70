// The traffic simulator: the ml generator's endless stream, paced to a rate and fed through
// the same ingest path as every other source.
//
// The stream is simulated subscribers on a compressed clock: it starts `historyDays` ago and
// plays forward as fast as the rate asks (at the defaults one simulated day takes about ten
// minutes), so campaigns start, grow and stop within a demo. Calls carry their simulated start
// times; a call is never sent before its time has come (the simulator waits if it catches up
// with the present). See docs/decisions/006-simulator-clock.md.
import { type CallRecord, streamTraffic } from '@satark/ml';
import type { Logger } from 'pino';
import type { CallRecordInput, IngestResult } from '../pipeline';
import { type Component, pause } from '../supervision';

export interface SimulatorOptions {
  ratePerSec: number;
  callers: number;
  fraudRatio: number;
  historyDays: number;
  /** Simulated hours played at full speed first. */
  warmupHours: number;
  seed: number;
  /** Calls per ingest batch at most. */
  maxBatch: number;
}

const TICK_MS = 200;

export function toCallInput(cdr: CallRecord): CallRecordInput {
  return {
    callId: cdr.callId,
    caller: cdr.callerId,
    receiver: cdr.receiverId,
    startedAt: new Date(cdr.timestamp),
    durationSec: cdr.durationSec,
    originRegion: cdr.originRegion,
    targetRegion: cdr.targetRegion,
  };
}

export class TrafficSimulator {
  private stopped = true;
  private loop: Promise<void> | null = null;
  sent = 0;
  accepted = 0;

  constructor(
    private readonly ingest: (calls: CallRecordInput[]) => Promise<IngestResult>,
    private readonly logger: Logger,
    private readonly options: SimulatorOptions,
    private readonly health: Component,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run()
      .catch((error) => {
        // Only a bug gets here (ingest failures are retried in send): say so where it shows.
        this.health.failed(error);
        this.logger.error({ err: error }, 'The traffic simulator stopped');
      })
      .finally(() => this.health.stopped());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const { ratePerSec, callers, fraudRatio, historyDays, warmupHours, seed, maxBatch } = this.options;
    const start = Date.now() - historyDays * 86_400_000;
    // A run-specific prefix keeps call ids unique across restarts of the simulator.
    const runId = Date.now().toString(36);
    const stream = streamTraffic({ seed, start, callers, fraudRatio })[Symbol.iterator]();
    const take = (): CallRecordInput => {
      const next = stream.next();
      if (next.done) throw new Error('the traffic stream ended');
      return toCallInput({ ...next.value, callId: `sim-${runId}-${next.value.callId}` });
    };
    this.logger.info(
      { ratePerSec, callers, fraudRatio, simulatedStart: new Date(start).toISOString(), warmupHours },
      'Traffic simulator started (SIMULATOR=off disables it)',
    );
    let next = take();

    // Warm-up: the first simulated hours as fast as the pipeline takes them, so callers have
    // enough calls to be scored and campaigns have formed by the time anyone looks.
    const warmUntil = start + warmupHours * 3_600_000;
    const warmStarted = performance.now();
    let warmed = 0;
    while (!this.stopped && next.startedAt.getTime() < warmUntil) {
      const batch: CallRecordInput[] = [];
      while (batch.length < maxBatch && next.startedAt.getTime() < warmUntil) {
        batch.push(next);
        next = take();
      }
      await this.send(batch);
      warmed += batch.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (warmed > 0) {
      this.logger.info(
        { calls: warmed, ms: Math.round(performance.now() - warmStarted) },
        'Traffic simulator warm-up done; now pacing',
      );
    }

    const began = performance.now();
    const sentBefore = this.sent;
    let owed = 0;
    let lastReport = began;
    while (!this.stopped) {
      const tickStarted = performance.now();
      owed = Math.min(owed + (ratePerSec * TICK_MS) / 1000, maxBatch);
      const batch: CallRecordInput[] = [];
      while (batch.length < Math.floor(owed)) {
        const wait = next.startedAt.getTime() - Date.now();
        if (wait > 0) await sleep(Math.min(wait, 60_000));
        if (this.stopped) return;
        batch.push(next);
        next = take();
      }
      owed -= batch.length;
      await this.send(batch);
      if (tickStarted - lastReport >= 60_000) {
        lastReport = tickStarted;
        this.logger.info(
          {
            sent: this.sent,
            ratePerSec: Math.round((this.sent - sentBefore) / ((tickStarted - began) / 1000)),
            simulatedTime: next.startedAt.toISOString(),
          },
          'Traffic simulator progress',
        );
      }
      const spent = performance.now() - tickStarted;
      if (spent < TICK_MS) await sleep(TICK_MS - spent);
    }
  }

  /**
   * Sends a batch until it is stored: a failed transaction or a database that is away for a
   * while delays the simulator, never stops it (calls are idempotent by id, so a retry of a
   * batch that did commit stores nothing twice).
   */
  private async send(batch: CallRecordInput[]): Promise<void> {
    if (batch.length === 0) return;
    let result: IngestResult | null = null;
    while (!result) {
      try {
        result = await this.ingest(batch);
        this.health.succeeded();
      } catch (error) {
        const waitMs = this.health.failed(error);
        this.logger.warn({ err: error, retryInMs: waitMs }, 'Simulator batch failed; retrying');
        await pause(waitMs, () => this.stopped);
        if (this.stopped) return;
      }
    }
    this.sent += batch.length;
    this.accepted += result.accepted;
    if (result.rejected > 0) {
      this.logger.warn({ rejections: result.rejections.slice(0, 3) }, 'Simulator calls rejected');
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
