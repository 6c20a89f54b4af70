// Builds the Redis Stream reader the configuration asks for: one shared stream, or streams
// partitioned by caller (docs/decisions/007 and 008).
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import type { CallRecordInput, IngestResult } from '../pipeline';
import { type RecordHandling, RedisCdrConsumer } from '../services/redis-cdr-consumer';
import { PartitionedCdrConsumer } from '../services/redis-partitions';
import { DeadLetterStream } from './dead-letters';

export function deadLetterStreamKey(config: Config): string {
  return `${config.REDIS_PREFIX}:dead-letters`;
}

export function createDeadLetterStream(config: Config, redis: Redis): DeadLetterStream {
  return new DeadLetterStream(redis, deadLetterStreamKey(config), config.REDIS_DEAD_LETTER_MAXLEN);
}

export function createCdrConsumer(
  config: Config,
  deps: {
    redisUrl: string;
    workerId: string;
    ingest: (calls: CallRecordInput[]) => Promise<IngestResult>;
    databaseAnswers: () => Promise<boolean>;
    metrics: Metrics;
    logger: Logger;
  },
): { consumer: RedisCdrConsumer | PartitionedCdrConsumer; connection: Redis } {
  // Blocking reads hold their connection, and must wait out a Redis restart rather than fail.
  const redis = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  const handling: RecordHandling = {
    deadLetters: createDeadLetterStream(config, redis),
    maxDeliveries: config.REDIS_MAX_DELIVERIES,
    trimIntervalMs: config.REDIS_TRIM ? config.REDIS_TRIM_INTERVAL_MS : null,
    databaseAnswers: deps.databaseAnswers,
    events: {
      deadLettered: (kind, count) => deps.metrics.redisDeadLetters.inc({ kind }, count),
      skipped: (count) => deps.metrics.redisSkipped.inc(count),
      trimmed: (count) => deps.metrics.redisTrimmed.inc(count),
    },
  };
  const common = {
    stream: config.REDIS_STREAM,
    group: config.REDIS_GROUP,
    consumer: deps.workerId,
    batchSize: Math.min(500, config.MAX_INGEST_BATCH),
    blockMs: 1000,
    handling,
  };
  const consumer =
    config.REDIS_PARTITIONS > 1
      ? new PartitionedCdrConsumer(
          redis,
          { ...common, partitions: config.REDIS_PARTITIONS, leaseMs: config.REDIS_LEASE_MS },
          deps.ingest,
          deps.logger,
        )
      : new RedisCdrConsumer(
          redis,
          { ...common, claimIdleMs: config.REDIS_CLAIM_IDLE_MS },
          deps.ingest,
          deps.logger,
        );
  return { consumer, connection: redis };
}
