// CDRs partitioned by caller across workers, so that all of a caller's calls meet in one
// worker's feature windows (docs/decisions/007-redis-scale-out.md).
//
// With REDIS_PARTITIONS = P > 1, producers XADD each CDR to `<REDIS_STREAM>:<p>` where
// p = partitionOf(caller in E.164, P). Each worker keeps a heartbeat key, counts the live
// workers, and holds leases on its fair share of the partitions (ceil(P / workers)), renewing
// them; it reads each partition it holds with a RedisCdrConsumer. A worker that dies stops
// renewing; its leases expire and the others take its partitions over, pending records
// included (they are claimed at once: the lease makes the new holder the only reader).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CallRecordInput, IngestResult } from '../pipeline';
import { type ConsumerHealth, type RecordHandling, RedisCdrConsumer } from './redis-cdr-consumer';

/** FNV-1a over the caller's E.164 string: the partition a producer writes the CDR to. */
export function partitionOf(callerE164: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < callerE164.length; i++) {
    hash ^= callerE164.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

export function partitionStream(stream: string, partition: number): string {
  return `${stream}:${partition}`;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface PartitionedConsumerOptions {
  stream: string;
  group: string;
  consumer: string;
  partitions: number;
  batchSize: number;
  blockMs: number;
  /** A lease or heartbeat not renewed for this long is gone. */
  leaseMs: number;
  handling: RecordHandling;
}

interface Held {
  consumer: RedisCdrConsumer;
  connection: Redis;
}

export class PartitionedCdrConsumer {
  private readonly held = new Map<number, Held>();
  private timer: NodeJS.Timeout | null = null;
  private balancing: Promise<void> | null = null;
  private stopped = false;
  private started = false;
  private rebalanceError: string | null = null;
  private rebalanceFailures = 0;
  private lastRebalanceAt: number | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly options: PartitionedConsumerOptions,
    private readonly ingest: (calls: CallRecordInput[]) => Promise<IngestResult>,
    private readonly logger: Logger,
  ) {}

  /** The partitions this worker reads now. */
  get partitions(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Degraded when a partition's reader is, or when the leases could not be renewed. */
  health(): ConsumerHealth {
    const parts = [...this.held.values()].map((held) => held.consumer.health());
    const successes = [this.lastRebalanceAt, ...parts.map((part) => part.lastSuccessAt)].filter(
      (at): at is number => at !== null,
    );
    const degraded = this.rebalanceError !== null || parts.some((part) => part.state === 'degraded');
    return {
      state: !this.started || this.stopped ? 'stopped' : degraded ? 'degraded' : 'running',
      lastSuccessAt: successes.length ? Math.max(...successes) : null,
      lastError: this.rebalanceError ?? parts.find((part) => part.lastError)?.lastError ?? null,
      restarts: this.rebalanceFailures + parts.reduce((sum, part) => sum + part.restarts, 0),
    };
  }

  async start(): Promise<void> {
    await this.rebalance();
    this.started = true;
    this.lastRebalanceAt = Date.now();
    this.timer = setInterval(
      () => {
        if (!this.balancing && !this.stopped) {
          this.balancing = this.rebalance()
            .then(() => {
              this.rebalanceError = null;
              this.lastRebalanceAt = Date.now();
            })
            .catch((error) => {
              this.rebalanceFailures += 1;
              this.rebalanceError = error instanceof Error ? error.message : String(error);
              this.logger.error({ err: error }, 'redis partitions: rebalance failed');
            })
            .finally(() => {
              this.balancing = null;
            });
        }
      },
      Math.max(100, Math.floor(this.options.leaseMs / 3)),
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.balancing;
    for (const partition of [...this.held.keys()]) await this.release(partition);
    await this.redis.del(this.workerKey(this.options.consumer));
  }

  private workerKey(id: string): string {
    return `${this.options.stream}:workers:${id}`;
  }

  private leaseKey(partition: number): string {
    return `${this.options.stream}:lease:${partition}`;
  }

  private async rebalance(): Promise<void> {
    const { consumer, partitions, leaseMs } = this.options;
    await this.redis.set(this.workerKey(consumer), '1', 'PX', leaseMs);
    const live = (await this.redis.keys(this.workerKey('*'))).length;
    const target = Math.ceil(partitions / Math.max(1, live));
    for (const partition of [...this.held.keys()]) {
      const renewed = await this.redis.eval(RENEW, 1, this.leaseKey(partition), consumer, leaseMs);
      if (renewed !== 1) {
        this.logger.warn({ partition }, 'redis partitions: lease lost; stopping that partition');
        await this.release(partition);
      }
    }
    while (this.held.size > target) {
      await this.release(Math.max(...this.held.keys()));
    }
    for (let partition = 0; partition < partitions && this.held.size < target; partition++) {
      if (this.held.has(partition) || this.stopped) continue;
      const won = await this.redis.set(this.leaseKey(partition), consumer, 'PX', leaseMs, 'NX');
      if (won === 'OK') await this.take(partition);
    }
  }

  private async take(partition: number): Promise<void> {
    // A blocking read holds its connection: one per partition.
    const connection = this.redis.duplicate();
    const consumer = new RedisCdrConsumer(
      connection,
      {
        stream: partitionStream(this.options.stream, partition),
        group: this.options.group,
        consumer: this.options.consumer,
        batchSize: this.options.batchSize,
        blockMs: this.options.blockMs,
        // The lease makes this worker the partition's only reader: what another left pending is ours now.
        claimIdleMs: 0,
        handling: this.options.handling,
      },
      this.ingest,
      this.logger,
    );
    await consumer.start();
    this.held.set(partition, { consumer, connection });
    this.logger.info({ partition }, 'redis partitions: reading partition');
  }

  private async release(partition: number): Promise<void> {
    const held = this.held.get(partition);
    if (!held) return;
    this.held.delete(partition);
    await held.consumer.stop();
    held.connection.disconnect();
    await this.redis.eval(RELEASE, 1, this.leaseKey(partition), this.options.consumer);
  }
}
