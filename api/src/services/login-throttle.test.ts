// RedisLoginThrottle when Redis does not answer: it counts in memory rather than letting every
// guess through (the shared counters themselves are tested against a real Redis in
// api/test/people-redis.test.ts).
import { describe, expect, it } from 'vitest';
import { MemoryLoginThrottle, RedisLoginThrottle, type ThrottleRedis } from './accounts';
import { RateLimitError } from './errors';

const away: ThrottleRedis = {
  eval: () => Promise.reject(new Error('connection refused')),
  del: () => Promise.reject(new Error('connection refused')),
};

describe('RedisLoginThrottle with Redis away', () => {
  it('falls back to counting in memory, and reports the error', async () => {
    const errors: unknown[] = [];
    const throttle = new RedisLoginThrottle(away, 'p', 3, 100, 60_000, (error) => errors.push(error));
    for (let i = 0; i < 3; i += 1) {
      await throttle.check('a@b.in', '10.0.0.1');
      await throttle.fail('a@b.in', '10.0.0.1');
    }
    await expect(throttle.check('a@b.in', '10.0.0.1')).rejects.toBeInstanceOf(RateLimitError);
    await expect(throttle.check('c@b.in', '10.0.0.1')).resolves.toBeUndefined();
    await throttle.succeed('a@b.in');
    await expect(throttle.check('a@b.in', '10.0.0.1')).resolves.toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('MemoryLoginThrottle', () => {
  it('refuses past the per-client limit across accounts until the window ends', () => {
    const throttle = new MemoryLoginThrottle(10, 2, 1000);
    throttle.failNow('a@b.in', '10.0.0.2', 0);
    throttle.failNow('c@b.in', '10.0.0.2', 1);
    expect(() => throttle.checkNow('d@b.in', '10.0.0.2', 2)).toThrow(RateLimitError);
    expect(() => throttle.checkNow('d@b.in', '10.0.0.2', 1001)).not.toThrow();
  });
});
