import { describe, expect, it } from 'vitest';
import { importanceShares } from './importance-shares';

describe('importanceShares', () => {
  it('turns raw importances into shares that add up to one, largest first', () => {
    const shares = importanceShares([
      { feature: 'a', label: 'A', importance: 1 },
      { feature: 'b', label: 'B', importance: 3 },
    ]);
    expect(shares).toEqual([
      { feature: 'b', label: 'B', share: 0.75 },
      { feature: 'a', label: 'A', share: 0.25 },
    ]);
  });

  it('gives zero shares rather than dividing by zero when every importance is zero', () => {
    expect(importanceShares([{ feature: 'a', label: 'A', importance: 0 }])[0].share).toBe(0);
  });
});
