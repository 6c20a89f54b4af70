// One leader among the instances sharing a Redis, for work that must run once for the whole
// grid (campaign detection: docs/decisions/024-campaigns-once-for-the-grid.md).
//
// The lease is one key holding the leader's random token: taken with SET NX PX, renewed every
// third of its time to live by a compare-and-pexpire, released on stop by a compare-and-delete
// (both in Lua, so an instance never extends or deletes a lease another instance holds). A
// leader that dies stops renewing; its lease expires and the next instance to try takes it.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Component } from '../supervision';

/** Extends the key's time to live only while it still holds our token. */
export const RENEW_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the key only while it still holds our token. */
export const RELEASE_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaderLeaseOptions {
  /** The Redis key of the lease, e.g. `<REDIS_PREFIX>:leader:campaign-detection`. */
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

  constructor(
    private readonly redis: Redis,
    private readonly options: LeaderLeaseOptions,
    private readonly logger: Logger,
    private readonly health?: Component,
  ) {
    this.token = `${options.holder} ${randomUUID()}`;
  }

  /**
   * Whether this instance leads now: it holds the lease and the lease cannot have expired in
   * Redis yet by this process's clock (a stalled event loop does not make two leaders).
   */
  get isLeader(): boolean {
    return this.leading && Date.now() < this.leaseUntil;
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
      const held = this.leading
        ? (await this.redis.eval(RENEW_IF_HELD, 1, key, this.token, ttlMs)) === 1
        : (await this.redis.set(key, this.token, 'PX', ttlMs, 'NX')) === 'OK';
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
