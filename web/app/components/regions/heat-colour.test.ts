import { describe, expect, it } from 'vitest';
import { bubbleRadius, heatColour } from './heat-colour';

describe('heatColour', () => {
  it('runs from green at 0 through amber at 5 to red at 10', () => {
    expect(heatColour(0)).toBe('rgb(60, 207, 130)');
    expect(heatColour(5)).toBe('rgb(247, 189, 70)');
    expect(heatColour(10)).toBe('rgb(255, 107, 107)');
  });

  it('clamps levels outside 0–10', () => {
    expect(heatColour(-3)).toBe(heatColour(0));
    expect(heatColour(42)).toBe(heatColour(10));
  });
});

describe('bubbleRadius', () => {
  it('makes the area, not the radius, proportional to calls', () => {
    expect(bubbleRadius(100, 100)).toBe(26);
    expect(bubbleRadius(25, 100)).toBe(13);
  });

  it('keeps quiet regions visible', () => {
    expect(bubbleRadius(0, 100)).toBe(5);
    expect(bubbleRadius(1, 1_000_000)).toBe(5);
  });
});
