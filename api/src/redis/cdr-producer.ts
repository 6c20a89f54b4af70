// What a producer does to feed the grid: XADD each CDR (field `cdr`, a JSON CallRecordInput) to
// the stream, or with REDIS_PARTITIONS = P > 1 to its caller's partition `<stream>:<p>`
// (docs/decisions/007-redis-scale-out.md). For tests, benchmarks and integrators' tools.
import type { Redis } from 'ioredis';
import { partitionOf, partitionStream } from '../services/redis-partitions';

/** Sends the CDRs in one round trip per `chunk`; returns how many were sent. */
export async function produceCdrs(
  redis: Redis,
  target: { stream: string; partitions: number },
  cdrs: readonly { caller: string }[],
  chunk = 5000,
): Promise<number> {
  const streamOf = (caller: string) =>
    target.partitions > 1
      ? partitionStream(target.stream, partitionOf(caller, target.partitions))
      : target.stream;
  for (let from = 0; from < cdrs.length; from += chunk) {
    const batch = redis.pipeline();
    for (const cdr of cdrs.slice(from, from + chunk))
      batch.xadd(streamOf(cdr.caller), '*', 'cdr', JSON.stringify(cdr));
    const results = (await batch.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }
  return cdrs.length;
}
