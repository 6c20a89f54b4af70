// One leader among the instances sharing a Redis, for work that must run once for the whole
// grid (campaign detection: docs/decisions/024-campaigns-once-for-the-grid.md).
//
// The lease is one key holding the leader's random token: taken with SET NX PX, renewed every
// third of its time to live by a compare-and-pexpire, released on stop by a compare-and-delete
// (both in Lua, so an instance never extends or deletes a lease another instance holds). A
// leader that dies stops renewing; its lease expires and the next instance to try takes it.
//
// Fencing: each acquisition also takes the next number of a counter that never expires
// (`<key>:fence`, INCR in the same script as the SET NX; the key carries a hash tag, so on a Redis
// Cluster both are in one slot), so every term of leadership has a
// token higher than every earlier one. Writes carry it and the store refuses a lower one than it
// has seen (services/campaign-fence.ts): a leader that stalled past its lease cannot overwrite
// what its successor wrote, whatever its clock believes.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Component } from '../supervision';
import { hasHashTag } from './hash-tag';

/** Extends the key's time to live only while it still holds our token. */
export const RENEW_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/**
 * Takes the lease if free and, if taken, the next fencing token (0 when not taken).
 * KEYS: lease, fence counter. ARGV: our token, ttl ms.
 */
export const ACQUIRE_WITH_FENCE = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return redis.call('incr', KEYS[2]) else return 0 end`;
/**
 * While the lease holds our token: a new fencing token above both the counter and `floor` (the
 * highest the store has seen: after Redis lost the counter, a restart without persistence).
 * KEYS: lease, fence counter. ARGV: our token, floor. 0 when the lease is not ours.
 */
export const REFENCE_IF_HELD = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
local next = redis.call('incr', KEYS[2])
local floor = tonumber(ARGV[2])
if next <= floor then next = floor + 1; redis.call('set', KEYS[2], next) end
return next`;
/** Deletes the key only while it still holds our token. */
export const RELEASE_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaderLeaseOptions {
  /**
   * The Redis key of the lease, with a hash tag (./hash-tag.ts), e.g.
   * `{<REDIS_PREFIX>:leader:campaign-detection}`: its fencing counter is `<key>:fence`.
   */
  key: string;
  /** The lease's time to live: a dead leader is replaced within this long. */
  ttlMs: number;
  /** Written beside the token so an operator can see who leads (`GET` shows `<holder> <token>`). */
  holder: string;
}

export class LeaderLease {
  private readonly token: string;
  private leading = false;
  private leaseUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private attempt: Promise<void> | null = null;
  private stopped = false;
  /** Times this instance became the leader. */
  acquisitions = 0;
  /** Times it lost the lease while it still wanted it (expired or taken). */
  losses = 0;
  /**
   * The fencing token of this instance's current (or last) term: higher than every token any
   * earlier term had. 0 before the first acquisition.
   */
  fence = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: LeaderLeaseOptions,
    private readonly logger: Logger,
    private readonly health?: Component,
  ) {
    if (!hasHashTag(options.key)) {
      throw new Error(
        `A lease key needs a hash tag ({…}) so its fencing counter shares its slot: ${options.key}`,
      );
    }
    this.token = `${options.holder} ${randomUUID()}`;
  }

  /**
   * Whether this instance leads now: it holds the lease and the lease cannot have expired in
   * Redis yet by this process's clock (a stalled event loop does not make two leaders).
   */
  get isLeader(): boolean {
    return this.leading && Date.now() < this.leaseUntil;
  }

  /** The lease's Redis key. */
  get key(): string {
    return this.options.key;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.tryHold();
    this.timer = setInterval(() => void this.tryHold(), Math.max(50, Math.floor(this.options.ttlMs / 3)));
    this.timer.unref();
  }

  /** Takes or renews the lease; failures are recorded on the component and retried next round. */
  tryHold(): Promise<void> {
    this.attempt ??= this.hold().finally(() => {
      this.attempt = null;
    });
    return this.attempt;
  }

  /**
   * After a write was refused for a stale token while this instance still thinks it leads: a new
   * token above `floor` if the lease is still ours (the counter was lost), else stands down.
   * Returns the new token, or 0 when the lease is not ours.
   */
  async refence(floor: number): Promise<number> {
    const { key } = this.options;
    const next = Number(await this.redis.eval(REFENCE_IF_HELD, 2, key, this.fenceKey, this.token, floor));
    if (next > 0) {
      this.fence = next;
      this.logger.warn({ key, fence: next, floor }, 'leader lease: new fencing token above the stored one');
    } else if (this.leading) {
      this.losses += 1;
      this.setLeading(false);
    }
    return next;
  }

  private get fenceKey(): string {
    return `${this.options.key}:fence`;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.attempt;
    if (this.leading) {
      await this.redis.eval(RELEASE_IF_HELD, 1, this.options.key, this.token).catch(() => 0);
      this.setLeading(false);
    }
    this.health?.stopped();
  }

  private async hold(): Promise<void> {
    if (this.stopped) return;
    const { key, ttlMs } = this.options;
    const askedAt = Date.now();
    try {
      let held: boolean;
      if (this.leading) held = (await this.redis.eval(RENEW_IF_HELD, 1, key, this.token, ttlMs)) === 1;
      else {
        const fence = Number(
          await this.redis.eval(ACQUIRE_WITH_FENCE, 2, key, this.fenceKey, this.token, ttlMs),
        );
        held = fence > 0;
        if (held) this.fence = fence;
      }
      if (held) this.leaseUntil = askedAt + ttlMs;
      else if (this.leading) this.losses += 1;
      this.setLeading(held);
      this.health?.succeeded();
    } catch (error) {
      // Without an answer we cannot know we still lead: the lease runs out on our clock.
      this.health?.failed(error);
      this.logger.warn({ err: error, key }, 'leader lease: Redis did not answer');
    }
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    if (leading) this.acquisitions += 1;
    this.logger.info(
      { key: this.options.key, holder: this.options.holder },
      leading ? 'leader lease: leading' : 'leader lease: following',
    );
  }
}
