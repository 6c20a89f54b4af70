// Acknowledged CDRs are of no use in the stream: trim everything older than the oldest record
// some consumer group still needs (the smallest pending id, or the group's last-delivered id
// when nothing is pending), so the stream stays bounded and nothing unread is ever trimmed.
import type { Redis } from 'ioredis';

/** `<ms>-<seq>` compared numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map((part) => BigInt(part));
  const [bMs = 0n, bSeq = 0n] = b.split('-').map((part) => BigInt(part));
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

function fieldsOf(flat: unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(String(flat[i]), flat[i + 1]);
  return map;
}

/** The lowest id any group of `stream` still needs; null when there is no group or nothing was read. */
export async function oldestNeededId(redis: Redis, stream: string): Promise<string | null> {
  const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  if (!groups.length) return null;
  let oldest: string | null = null;
  for (const group of groups) {
    const info = fieldsOf(group);
    let needed = String(info.get('last-delivered-id') ?? '0-0');
    if (Number(info.get('pending') ?? 0) > 0) {
      const summary = (await redis.call('XPENDING', stream, String(info.get('name')))) as unknown[];
      const smallest = summary[1];
      if (typeof smallest === 'string' && compareStreamIds(smallest, needed) < 0) needed = smallest;
    }
    if (oldest === null || compareStreamIds(needed, oldest) < 0) oldest = needed;
  }
  return oldest === '0-0' ? null : oldest;
}

/** Removes the entries every group is done with; returns how many. */
export async function trimAcknowledged(redis: Redis, stream: string): Promise<number> {
  const threshold = await oldestNeededId(redis, stream);
  if (!threshold) return 0;
  return Number(await redis.call('XTRIM', stream, 'MINID', threshold));
}
