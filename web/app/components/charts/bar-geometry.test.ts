import { describe, expect, it } from 'vitest';
import { divergingBar, plainBar } from './bar-geometry';

describe('divergingBar', () => {
  it('grows right of the middle for values that push towards risk and left for those that calm it', () => {
    expect(divergingBar(2, 4)).toEqual({ left: 50, width: 25 });
    expect(divergingBar(-4, 4)).toEqual({ left: 0, width: 50 });
  });

  it('draws nothing for zero and when every value is zero', () => {
    expect(divergingBar(0, 3)).toEqual({ left: 50, width: 0 });
    expect(divergingBar(1, 0)).toEqual({ left: 50, width: 0 });
  });
});

describe('plainBar', () => {
  it('is as wide as the value’s share of the largest value', () => {
    expect(plainBar(0.25, 0.5)).toEqual({ left: 0, width: 50 });
    expect(plainBar(-1, 0.5)).toEqual({ left: 0, width: 0 });
  });
});
