import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { hasHashTag, hashTagged } from './hash-tag';

// The slot function Redis Cluster uses (CRC16 of the key or of its tag), as ioredis computes it.
const keySlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;

describe('hash tags', () => {
  it('puts a tagged name and every key built on it in one cluster slot', () => {
    const lease = hashTagged('satark:leader:campaign-detection');
    expect(lease).toBe('{satark:leader:campaign-detection}');
    expect(keySlot(`${lease}:fence`)).toBe(keySlot(lease));
    const throttle = hashTagged('satark:login-failures');
    expect(keySlot(`${throttle}:account:a@example.com`)).toBe(keySlot(`${throttle}:client:10.0.0.1`));
    // Without the tag the two counters would land in different slots (the script is refused).
    expect(keySlot('satark:login-failures:account:a@example.com')).not.toBe(
      keySlot('satark:login-failures:client:10.0.0.1'),
    );
  });

  it('knows a key with a tag from one without (an empty {} is no tag)', () => {
    expect(hasHashTag('{a}:fence')).toBe(true);
    expect(hasHashTag('prefix:{a}')).toBe(true);
    expect(hasHashTag('a:fence')).toBe(false);
    expect(hasHashTag('{}:a')).toBe(false);
    expect(hasHashTag('a}{')).toBe(false);
  });
});
