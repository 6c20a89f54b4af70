// Operators' switches XADD call records to a Redis Stream; every API instance reads it in one
// consumer group, so instances share the load. A record is acknowledged only after it is
// committed to PostgreSQL; a worker that dies leaves its pending records, which it reclaims on
// restart (same WORKER_ID) or another worker claims once they have been idle long enough.
//
// No record can stop the consumer: a record that cannot be parsed or is rejected by validation
// goes to the dead-letter stream at once; when a batch fails, it is retried by halves so the
// good records commit, and a record that still fails alone goes to the dead-letter stream once
// Redis has delivered it REDIS_MAX_DELIVERIES times. Entries deleted or trimmed while pending
// are acknowledged and counted. Redis or database outages back off exponentially (capped).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CallRecordInput, IngestResult } from '../pipeline';
import type { DeadLetterKind, DeadLetterStream } from '../redis/dead-letters';
import { trimAcknowledged } from '../redis/stream-trim';

/** How records that cannot be stored are handled; the same for every stream a worker reads. */
export interface RecordHandling {
  deadLetters: DeadLetterStream;
  maxDeliveries: number;
  /** Trim acknowledged entries this often; null leaves the stream alone. */
  trimIntervalMs: number | null;
  /** Whether the database answers: asked before a failure is blamed on a record. */
  databaseAnswers: () => Promise<boolean>;
  events?: ConsumerEvents;
  backoff?: { initialMs: number; maxMs: number };
}

/** Hooks for metrics. */
export interface ConsumerEvents {
  deadLettered?(kind: DeadLetterKind, count: number): void;
  /** Pending entries that were deleted or trimmed from the stream before they were stored. */
  skipped?(count: number): void;
  trimmed?(count: number): void;
}

export interface RedisCdrConsumerOptions {
  stream: string;
  group: string;
  consumer: string;
  batchSize: number;
  blockMs: number;
  /** Pending records idle this long are taken over from a silent worker. */
  claimIdleMs: number;
  handling: RecordHandling;
}

export interface ConsumerHealth {
  state: 'running' | 'degraded' | 'stopped';
  lastSuccessAt: number | null;
  lastError: string | null;
  /** How often the loop recovered from an error (Redis or database). */
  restarts: number;
}

/** An entry; fields are null when it was deleted from the stream while pending. */
type StreamEntry = [id: string, fields: string[] | null];

interface ParsedEntry {
  id: string;
  fields: string[];
  call: CallRecordInput;
}

/** One entry: field `cdr` holds a JSON call record ({ callId, caller, receiver, startedAt, durationSec, ... }). */
export function parseStreamCall(fields: string[]): CallRecordInput | string {
  const index = fields.indexOf('cdr');
  const raw = index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
  if (raw === undefined) return 'entry has no "cdr" field';
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return '"cdr" is not valid JSON';
  }
  if (typeof value !== 'object' || value === null) return '"cdr" is not a JSON object';
  const record = value as Record<string, unknown>;
  return {
    callId: String(record.callId ?? ''),
    caller: String(record.caller ?? ''),
    receiver: String(record.receiver ?? ''),
    startedAt: new Date(
      typeof record.startedAt === 'string' || typeof record.startedAt === 'number'
        ? record.startedAt
        : Number.NaN,
    ),
    durationSec: typeof record.durationSec === 'number' ? record.durationSec : Number.NaN,
    originRegion: typeof record.originRegion === 'string' ? record.originRegion : null,
    targetRegion: typeof record.targetRegion === 'string' ? record.targetRegion : null,
  };
}

const TRANSIENT_CODES = new Set([
  'P1001', // can't reach the database
  'P1002',
  'P1008',
  'P1017', // server closed the connection
  'P2024', // pool timeout
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin shutdown
  '53300', // too many connections
]);

/** Errors that say the infrastructure is away, not that the records are bad. */
export function looksTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  if (error.name === 'PrismaClientInitializationError') return true;
  return /can't reach database|connection (terminated|is closed|refused)|ECONNREFUSED|ECONNRESET/i.test(
    error.message,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RedisCdrConsumer {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A record failed alone but may be delivered again: wait a little before re-reading it. */
  private retryingRecord = false;
  private nextTrimAt = 0;
  private readonly status: ConsumerHealth = {
    state: 'stopped',
    lastSuccessAt: null,
    lastError: null,
    restarts: 0,
  };
  processed = 0;
  rejected = 0;
  deadLettered = 0;
  skipped = 0;
  trimmed = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisCdrConsumerOptions,
    private readonly ingest: (calls: CallRecordInput[]) => Promise<IngestResult>,
    private readonly logger: Logger,
  ) {}

  health(): ConsumerHealth {
    // ioredis queues commands while it reconnects: a read waits rather than fails, so say so here.
    if (this.status.state === 'running' && this.redis.status !== 'ready') {
      return { ...this.status, state: 'degraded', lastError: `redis connection ${this.redis.status}` };
    }
    return { ...this.status };
  }

  async start(): Promise<void> {
    const { stream, group } = this.options;
    try {
      await this.redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) throw error;
    }
    this.running = true;
    this.status.state = 'running';
    this.nextTrimAt = Date.now() + (this.options.handling.trimIntervalMs ?? 0);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.status.state = 'stopped';
  }

  /** Trims the acknowledged entries now (also done every trimIntervalMs). */
  async trim(): Promise<number> {
    const removed = await trimAcknowledged(this.redis, this.options.stream);
    if (removed > 0) {
      this.trimmed += removed;
      this.options.handling.events?.trimmed?.(removed);
    }
    return removed;
  }

  private async run(): Promise<void> {
    const { initialMs, maxMs } = this.options.handling.backoff ?? { initialMs: 250, maxMs: 30_000 };
    let failures = 0;
    while (this.running) {
      try {
        await this.step();
        const trimEvery = this.options.handling.trimIntervalMs;
        if (trimEvery !== null && Date.now() >= this.nextTrimAt) {
          await this.trim();
          this.nextTrimAt = Date.now() + trimEvery;
        }
        failures = 0;
        this.status.state = 'running';
        this.status.lastSuccessAt = Date.now();
        if (this.retryingRecord) {
          this.retryingRecord = false;
          await this.pause(initialMs);
        }
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        this.status.restarts += 1;
        this.status.state = 'degraded';
        this.status.lastError = messageOf(error);
        const delay = Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 20));
        this.logger.error(
          { err: error, stream: this.options.stream, retryInMs: delay },
          'redis cdr stream: failed; backing off',
        );
        await this.pause(delay);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async step(): Promise<void> {
    // First our own pending records: read before a crash, or in a batch that failed (a
    // database error); they are retried here before anything new is read.
    const own = await this.read('0', 0);
    if (own.length) {
      await this.handle(own);
      return;
    }
    const claimed = await this.claimIdle();
    if (claimed.length) await this.handle(claimed);
    const fresh = await this.read('>', this.options.blockMs);
    if (fresh.length) await this.handle(fresh);
  }

  private async read(from: '0' | '>', blockMs: number): Promise<StreamEntry[]> {
    const { group, consumer, batchSize, stream } = this.options;
    const args: (string | number)[] = ['GROUP', group, consumer, 'COUNT', batchSize];
    if (blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', stream, from);
    const reply = (await this.redis.call('XREADGROUP', ...args)) as [string, StreamEntry[]][] | null;
    return reply?.[0]?.[1] ?? [];
  }

  private async claimIdle(): Promise<StreamEntry[]> {
    const { stream, group, consumer, claimIdleMs, batchSize } = this.options;
    const reply = (await this.redis.call(
      'XAUTOCLAIM',
      stream,
      group,
      consumer,
      claimIdleMs,
      '0-0',
      'COUNT',
      batchSize,
    )) as [string, StreamEntry[], string[]?];
    // Redis 7 drops entries deleted from the stream from the pending list itself and names them here.
    const deleted = reply[2]?.length ?? 0;
    if (deleted) this.countSkipped(deleted);
    return reply[1];
  }

  private countSkipped(count: number): void {
    this.skipped += count;
    this.options.handling.events?.skipped?.(count);
    this.logger.warn(
      { stream: this.options.stream, count },
      'redis cdr stream: pending entries were deleted',
    );
  }

  private async handle(entries: StreamEntry[]): Promise<void> {
    const { stream, group } = this.options;
    const gone = entries.filter(([, fields]) => !Array.isArray(fields)).map(([id]) => id);
    if (gone.length) {
      await this.redis.xack(stream, group, ...gone);
      this.countSkipped(gone.length);
    }
    const parsed: ParsedEntry[] = [];
    const unreadable = this.redis.multi();
    let unreadableCount = 0;
    for (const [id, fields] of entries) {
      if (!Array.isArray(fields)) continue;
      const call = parseStreamCall(fields);
      if (typeof call !== 'string') {
        parsed.push({ id, fields, call });
        continue;
      }
      // Parsing will not get better with another delivery: no retries.
      this.options.handling.deadLetters.append(unreadable, {
        kind: 'unreadable',
        stream,
        streamId: id,
        reason: call,
        deliveries: 1,
        fields,
      });
      unreadable.xack(stream, group, id);
      unreadableCount += 1;
    }
    if (unreadableCount) {
      await unreadable.exec();
      this.noteDeadLetters('unreadable', unreadableCount);
    } else {
      unreadable.discard();
    }
    if (parsed.length) await this.store(parsed, true);
  }

  /**
   * Stores the records and acknowledges them; when the batch fails, stores it by halves so one
   * bad record does not hold the others hostage.
   */
  private async store(items: ParsedEntry[], whole: boolean): Promise<void> {
    let result: IngestResult;
    try {
      result = await this.ingest(items.map((item) => item.call));
    } catch (error) {
      if (looksTransient(error)) throw error;
      // A whole batch failing is more often the database than the records: check first.
      if (whole && !(await this.options.handling.databaseAnswers().catch(() => false))) throw error;
      if (items.length === 1) {
        await this.failedAlone(items[0] as ParsedEntry, error);
        return;
      }
      const half = Math.ceil(items.length / 2);
      await this.store(items.slice(0, half), false);
      await this.store(items.slice(half), false);
      return;
    }
    const { stream, group } = this.options;
    const done = this.redis.multi();
    for (const rejection of result.rejections) {
      const item = items[rejection.index];
      if (!item) continue;
      this.options.handling.deadLetters.append(done, {
        kind: 'rejected',
        stream,
        streamId: item.id,
        reason: rejection.reason,
        deliveries: 1,
        fields: item.fields,
      });
    }
    // Only now, with the calls committed, are the records done.
    done.xack(stream, group, ...items.map((item) => item.id));
    await done.exec();
    if (result.rejections.length) this.noteDeadLetters('rejected', result.rejections.length);
    this.processed += result.accepted + result.duplicate;
    this.rejected += result.rejected;
  }

  /** A record that failed on its own: tried again until Redis has delivered it maxDeliveries times. */
  private async failedAlone(item: ParsedEntry, error: unknown): Promise<void> {
    const { stream, group, consumer } = this.options;
    const pending = (await this.redis.call('XPENDING', stream, group, item.id, item.id, 1, consumer)) as [
      string,
      string,
      number,
      number,
    ][];
    const deliveries = Number(pending[0]?.[3] ?? 0);
    if (!pending.length) return; // no longer ours (claimed by another worker meanwhile)
    const reason = messageOf(error);
    if (deliveries < this.options.handling.maxDeliveries) {
      this.retryingRecord = true;
      this.status.lastError = reason;
      this.logger.warn(
        { stream, id: item.id, deliveries, err: error },
        'redis cdr stream: a record failed; it will be retried',
      );
      return;
    }
    const multi = this.redis.multi();
    this.options.handling.deadLetters.append(multi, {
      kind: 'failing',
      stream,
      streamId: item.id,
      reason,
      deliveries,
      fields: item.fields,
    });
    multi.xack(stream, group, item.id);
    await multi.exec();
    this.noteDeadLetters('failing', 1);
    this.logger.error(
      { stream, id: item.id, deliveries, err: error },
      'redis cdr stream: a record kept failing; moved to the dead-letter stream',
    );
  }

  private noteDeadLetters(kind: DeadLetterKind, count: number): void {
    this.deadLettered += count;
    this.options.handling.events?.deadLettered?.(kind, count);
  }
}
