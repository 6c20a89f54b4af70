// Every instance's flagged callers, shared through Redis so that one leader can detect campaigns
// over the whole grid (docs/decisions/024-campaigns-once-for-the-grid.md).
//
// Each instance replaces its own snapshot every detection round: a hash
// `<prefix>:suspects:<holder>` (caller -> what detection needs: risk, category, receivers, the
// time of its latest call) with a time to live, so a dead instance's suspects vanish on their
// own, and its name in the index `<prefix>:suspects` (a sorted set by expiry). Flagged calls
// since the last round are added to `<prefix>:flagged-calls`, which the leader takes for burst
// detection. The leader also keeps the burst rule's baseline (the running mean of flagged calls
// per round) in `<prefix>:burst-baseline` after each round, with the time it took the flagged
// calls, so the next leader goes on from it instead of starting empty or from its own stale one.
// What is read back is validated like any input: a malformed entry is dropped.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { FraudCategory } from '../generated/prisma/enums';
import type { SuspectCaller } from '../services/campaign-detector';

/** A flagged caller as one instance saw it. */
export interface SharedSuspect extends SuspectCaller {
  /** Time of the caller's latest call (the caller's own clock, as in the feature store). */
  lastCallAt: number;
}

/** Enough receivers to find shared targets; bounds one caller's entry (~70 kB at most). */
export const MAX_SHARED_RECEIVERS = 5000;

const entrySchema = z.object({
  r: z.number().finite().min(0).max(100),
  c: z.enum(FraudCategory).nullable(),
  t: z.number().finite(),
  v: z.array(z.string().min(1).max(32)).max(MAX_SHARED_RECEIVERS),
});

/** A baseline older than this is not handed over: the traffic it measured is gone. */
export const BASELINE_TTL_MS = 3600_000;

const baselineSchema = z.object({
  m: z.number().finite().min(0).max(1e9),
  at: z.number().int().positive(),
});

/** The burst baseline as the last leader left it. */
export interface BurstBaseline {
  /** Running mean of the grid's flagged calls per detection round. */
  mean: number;
  /** When that leader last took the grid's flagged calls (epoch ms). */
  takenAt: number;
}

export interface SharedSuspectsOptions {
  /** `<REDIS_PREFIX>`: every key below it. */
  prefix: string;
  /** This instance, unique in the grid. */
  holder: string;
  /** How long a snapshot outlives its instance's last round. */
  ttlMs: number;
}

export class SharedSuspects {
  constructor(
    private readonly redis: Redis,
    private readonly options: SharedSuspectsOptions,
  ) {}

  private get indexKey() {
    return `${this.options.prefix}:suspects`;
  }

  private snapshotKey(holder: string) {
    return `${this.options.prefix}:suspects:${holder}`;
  }

  private get flaggedCallsKey() {
    return `${this.options.prefix}:flagged-calls`;
  }

  /** Replaces this instance's snapshot with `suspects` and adds its flagged calls since the last round. */
  async share(suspects: readonly SharedSuspect[], flaggedCalls: number): Promise<void> {
    const { holder, ttlMs } = this.options;
    const key = this.snapshotKey(holder);
    const transaction = this.redis.multi().del(key);
    if (suspects.length > 0) {
      const fields: string[] = [];
      for (const suspect of suspects) {
        fields.push(
          suspect.callerId,
          JSON.stringify({
            r: suspect.riskScore,
            c: suspect.category,
            t: suspect.lastCallAt,
            v: suspect.receivers.slice(0, MAX_SHARED_RECEIVERS),
          }),
        );
      }
      transaction.hset(key, ...fields).pexpire(key, ttlMs);
    }
    transaction.zadd(this.indexKey, Date.now() + ttlMs, holder);
    if (flaggedCalls > 0) transaction.incrby(this.flaggedCallsKey, flaggedCalls);
    const results = await transaction.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (!results || failed) throw failed ?? new Error('shared suspects: transaction discarded');
  }

  /** Every live instance's suspects, one entry per caller (sorted by caller, for repeatable detection). */
  async gather(): Promise<SharedSuspect[]> {
    await this.redis.zremrangebyscore(this.indexKey, '-inf', Date.now());
    const holders = await this.redis.zrange(this.indexKey, 0, -1);
    if (holders.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const holder of holders) pipeline.hgetall(this.snapshotKey(holder));
    const snapshots = (await pipeline.exec()) ?? [];
    const merged = new Map<string, SharedSuspect>();
    for (const [error, snapshot] of snapshots) {
      if (error) throw error;
      for (const [callerId, raw] of Object.entries(snapshot as Record<string, string>)) {
        const suspect = parseEntry(callerId, raw);
        if (!suspect) continue;
        const seen = merged.get(callerId);
        merged.set(callerId, seen ? mergeViews(seen, suspect) : suspect);
      }
    }
    return [...merged.values()].sort((a, b) =>
      a.callerId < b.callerId ? -1 : a.callerId > b.callerId ? 1 : 0,
    );
  }

  /** The grid's flagged calls since the leader last took them (read and reset at once). */
  async takeFlaggedCalls(): Promise<number> {
    const value = Number(await this.redis.getdel(this.flaggedCallsKey));
    return Number.isFinite(value) && value > 0 ? value : 0;
  }

  /** The leader, after each round: the burst rule's running mean and when it took the flagged calls. */
  async keepBaseline(baseline: BurstBaseline): Promise<void> {
    if (!Number.isFinite(baseline.mean) || baseline.mean < 0) return;
    await this.redis.set(
      this.baselineKey,
      JSON.stringify({ m: baseline.mean, at: Math.round(baseline.takenAt) }),
      'PX',
      BASELINE_TTL_MS,
    );
  }

  /** The baseline the previous leader left, or null (none, expired or malformed). */
  async handedBaseline(): Promise<BurstBaseline | null> {
    const raw = await this.redis.get(this.baselineKey);
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return null;
    }
    const parsed = baselineSchema.safeParse(json);
    return parsed.success ? { mean: parsed.data.m, takenAt: parsed.data.at } : null;
  }

  private get baselineKey() {
    return `${this.options.prefix}:burst-baseline`;
  }

  /** Removes this instance's snapshot (on a clean stop). */
  async withdraw(): Promise<void> {
    await this.redis
      .multi()
      .del(this.snapshotKey(this.options.holder))
      .zrem(this.indexKey, this.options.holder)
      .exec();
  }
}

function parseEntry(callerId: string, raw: string): SharedSuspect | null {
  if (!/^\+?\d{3,20}$/.test(callerId)) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success) return null;
  const { r, c, t, v } = parsed.data;
  return { callerId, riskScore: r, category: c, lastCallAt: t, receivers: v };
}

/**
 * One caller seen by two instances: during a partition hand-over both may hold it, and on an
 * unpartitioned stream each holds part of its calls. The union of the receivers, the higher risk
 * and its category, the later call.
 */
function mergeViews(a: SharedSuspect, b: SharedSuspect): SharedSuspect {
  const riskier = b.riskScore > a.riskScore ? b : a;
  return {
    callerId: a.callerId,
    riskScore: riskier.riskScore,
    category: riskier.category,
    lastCallAt: Math.max(a.lastCallAt, b.lastCallAt),
    receivers: [...new Set([...a.receivers, ...b.receivers])],
  };
}
