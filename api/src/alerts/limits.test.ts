import { describe, expect, it } from 'vitest';
import { PerKindMinuteCap, RecentKeys } from './limits';

describe('PerKindMinuteCap', () => {
  it('lets `max` alerts of a kind through a minute, then refuses until the next minute', () => {
    const cap = new PerKindMinuteCap<string>(2);
    expect([cap.take('BURST', 0), cap.take('BURST', 1), cap.take('BURST', 59_999)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(cap.take('BURST', 60_000)).toBe(true);
  });

  it('counts each kind on its own, so a flood of one never hides another', () => {
    const cap = new PerKindMinuteCap<string>(1);
    expect(cap.take('NUMBER_DANGEROUS', 0)).toBe(true);
    expect(cap.take('NUMBER_DANGEROUS', 0)).toBe(false);
    expect(cap.take('NEW_CAMPAIGN', 0)).toBe(true);
  });
});

describe('RecentKeys', () => {
  it('says a key was seen within its time to live, and forgets it after', () => {
    const recent = new RecentKeys(1000);
    expect(recent.seen('a', 0)).toBe(false);
    expect(recent.seen('a', 999)).toBe(true);
    expect(recent.seen('b', 999)).toBe(false);
    expect(recent.seen('a', 1000)).toBe(false);
    expect(recent.seen('a', 1500)).toBe(true);
  });

  it('stays bounded: past maxKeys it starts over', () => {
    const recent = new RecentKeys(1000, 2);
    recent.seen('a', 0);
    recent.seen('b', 0);
    recent.seen('c', 0);
    expect(recent.seen('a', 1)).toBe(false);
  });
});
