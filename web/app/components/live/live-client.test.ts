import { describe, expect, it } from 'vitest';
import { liveUrl, retryDelayMs } from './live-client';

describe('retryDelayMs', () => {
  it('doubles the wait after each failed attempt and never waits more than about ten seconds', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 10].map((retries) => retryDelayMs(retries, middle))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('spreads reconnects by up to a quarter either way', () => {
    expect(retryDelayMs(0, () => 0)).toBe(750);
    expect(retryDelayMs(0, () => 1)).toBe(1250);
  });
});

describe('liveUrl', () => {
  it('connects to the page’s own origin, securely when the page is served over https', () => {
    expect(liveUrl({ protocol: 'http:', host: 'localhost:3000' })).toBe('ws://localhost:3000/live');
    expect(liveUrl({ protocol: 'https:', host: 'satark.example' })).toBe('wss://satark.example/live');
  });
});
