import { describe, expect, it } from 'vitest';
import { oneOf } from './search-params';

describe('oneOf', () => {
  it('accepts an allowed value and ignores anything else, including case variants', () => {
    const allowed = ['OPEN', 'RESOLVED'] as const;
    expect(oneOf('OPEN', allowed)).toBe('OPEN');
    expect(oneOf('open', allowed)).toBeNull();
    expect(oneOf('', allowed)).toBeNull();
    expect(oneOf(null, allowed)).toBeNull();
  });
});
