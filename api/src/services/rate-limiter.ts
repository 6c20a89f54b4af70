// A fixed-window counter per client: enough to stop one anonymous client flooding mutations.
import { RateLimitError } from './errors';

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request for `client`; throws RateLimitError past the limit. */
  take(client: string, now = Date.now()): void {
    const window = this.windows.get(client);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.prune(now);
      this.windows.set(client, { start: now, count: 1 });
      return;
    }
    if (window.count >= this.limit) {
      throw new RateLimitError(Math.ceil((window.start + this.windowMs - now) / 1000));
    }
    window.count += 1;
  }

  /**
   * Counts `points` requests for `client`; rejects with RateLimitError past the limit. The
   * interface of the Redis-backed limiter replacing this class (rate-limiter-flexible).
   */
  async consume(client: string, points = 1): Promise<void> {
    for (let i = 0; i < points; i++) this.take(client);
  }

  private prune(now: number): void {
    for (const [client, window] of this.windows) {
      if (now - window.start >= this.windowMs) this.windows.delete(client);
    }
  }
}
