// Anonymous clients' budget of requests a minute. With Redis it is one budget across every API
// instance (RateLimiterRedis, keys under `<REDIS_PREFIX>:ratelimit:`); without, per process.
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { RateLimitError } from './errors';

export interface RateLimiterOptions {
  /** Points a client may spend per window. */
  points: number;
  windowSec?: number;
  /** Shared across instances when given. */
  redis?: Redis;
  /** Key namespace, e.g. `satark:ratelimit:anon`. */
  keyPrefix: string;
}

export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(readonly options: RateLimiterOptions) {
    const base = { points: options.points, duration: options.windowSec ?? 60, keyPrefix: options.keyPrefix };
    this.limiter = options.redis
      ? new RateLimiterRedis({
          ...base,
          storeClient: options.redis,
          // Redis away: fall back to a per-process budget rather than refusing everyone.
          insuranceLimiter: new RateLimiterMemory(base),
        })
      : new RateLimiterMemory(base);
  }

  /** Spends `points` of `client`'s budget; throws RateLimitError (with retry-after) past it. */
  async consume(client: string, points = 1): Promise<void> {
    if (!Number.isInteger(points) || points < 1) throw new RangeError('points must be a positive integer');
    try {
      await this.limiter.consume(client, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new RateLimitError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      }
      throw rejection;
    }
  }
}
