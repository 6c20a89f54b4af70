// Operators' switches XADD call records to a Redis Stream; every API instance reads it in one
// consumer group, so instances share the load. A record is acknowledged only after it is
// committed to PostgreSQL; a worker that dies leaves its pending records, which it reclaims on
// restart (same WORKER_ID) or another worker claims once they have been idle long enough.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CallRecordInput, IngestResult } from '../pipeline';

export interface RedisCdrConsumerOptions {
  stream: string;
  group: string;
  consumer: string;
  batchSize: number;
  blockMs: number;
  /** Pending records idle this long are taken over from a silent worker. */
  claimIdleMs: number;
}

type StreamEntry = [id: string, fields: string[]];

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

export class RedisCdrConsumer {
  private running = false;
  private loop: Promise<void> | null = null;
  processed = 0;
  rejected = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisCdrConsumerOptions,
    private readonly ingest: (calls: CallRecordInput[]) => Promise<IngestResult>,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { stream, group } = this.options;
    try {
      await this.redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) throw error;
    }
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        // First our own pending records: read before a crash, or in a batch that failed (a
        // database error); they are retried here before anything new is read.
        const own = await this.read('0', 0);
        if (own.length) {
          await this.handle(own);
          continue;
        }
        const claimed = await this.claimIdle();
        if (claimed.length) await this.handle(claimed);
        const fresh = await this.read('>', this.options.blockMs);
        if (fresh.length) await this.handle(fresh);
      } catch (error) {
        if (!this.running) break;
        this.logger.error({ err: error }, 'redis cdr stream: read failed; retrying in 1 s');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
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
    )) as [string, StreamEntry[]];
    return reply[1].filter((entry) => Array.isArray(entry[1]));
  }

  private async handle(entries: StreamEntry[]): Promise<void> {
    const calls: CallRecordInput[] = [];
    const unreadable: { id: string; reason: string }[] = [];
    for (const [id, fields] of entries) {
      const parsed = parseStreamCall(fields);
      if (typeof parsed === 'string') unreadable.push({ id, reason: parsed });
      else calls.push(parsed);
    }
    const result = calls.length ? await this.ingest(calls) : null;
    for (const { id, reason } of unreadable) {
      await this.redis.xadd(
        `${this.options.stream}:rejected`,
        'MAXLEN',
        '~',
        100_000,
        '*',
        'id',
        id,
        'reason',
        reason,
      );
    }
    for (const rejection of result?.rejections ?? []) {
      await this.redis.xadd(
        `${this.options.stream}:rejected`,
        'MAXLEN',
        '~',
        100_000,
        '*',
        'callId',
        rejection.callId ?? '',
        'reason',
        rejection.reason,
      );
    }
    // Only now, with the calls committed, are the records done.
    await this.redis.xack(this.options.stream, this.options.group, ...entries.map(([id]) => id));
    this.processed += (result?.accepted ?? 0) + (result?.duplicate ?? 0);
    this.rejected += unreadable.length + (result?.rejected ?? 0);
  }
}
