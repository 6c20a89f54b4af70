// In-memory mode (no Redis); the shared Redis budget is covered by api/test/adversarial-redis.test.ts.
import { describe, expect, it } from 'vitest';
import { RateLimitError } from './errors';
import { RateLimiter } from './rate-limiter';

const limiter = (points: number, windowSec = 60) =>
  new RateLimiter({ points, windowSec, keyPrefix: `test:${Math.random()}` });

async function refusal(consume: Promise<void>): Promise<RateLimitError> {
  const error = await consume.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof RateLimitError)) throw new Error(`expected RateLimitError, got ${String(error)}`);
  return error;
}

describe('RateLimiter (in memory)', () => {
  it('lets a client spend its points, then refuses with RATE_LIMITED and when to retry', async () => {
    const limits = limiter(3, 60);
    for (let i = 0; i < 3; i++) await limits.consume('client');
    const error = await refusal(limits.consume('client'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(error.retryAfterSec).toBeLessThanOrEqual(60);
  });

  it('keeps one budget per client', async () => {
    const limits = limiter(1);
    await limits.consume('a');
    await limits.consume('b');
    await refusal(limits.consume('a'));
  });

  it('spends several points at once, refusing a spend larger than what is left', async () => {
    const limits = limiter(5);
    await limits.consume('client', 4);
    await refusal(limits.consume('client', 2));
  });

  it('refuses a spend that is not a positive integer before touching the budget', async () => {
    const limits = limiter(1);
    for (const points of [0, -1, 1.5, Number.NaN]) {
      await expect(limits.consume('client', points)).rejects.toThrow(RangeError);
    }
    await limits.consume('client');
  });

  it('tells a refused client to retry once the window ends (never 0 s)', async () => {
    const limits = limiter(1, 1);
    await limits.consume('client');
    const { retryAfterSec } = await refusal(limits.consume('client'));
    expect(retryAfterSec).toBe(1);
  });
});
