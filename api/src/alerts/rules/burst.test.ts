import { describe, expect, it } from 'vitest';
import { BURST_MIN, burst } from './burst';

/** Feeds rounds of flagged calls through the rule, as the alert entry point does. */
function rounds(flagged: number[], now = 1_700_000_000_000) {
  let memory = burst.memory;
  const raised = [];
  for (const flaggedCalls of flagged) {
    const decision = burst.decide({ flaggedCalls, intervalMs: 5000 }, memory, now);
    memory = decision.memory;
    raised.push(decision.raise);
  }
  return { raised, memory };
}

describe('BURST rule', () => {
  it('never raises on the first round: it only sets the running mean', () => {
    const { raised, memory } = rounds([500]);
    expect(raised).toEqual([[]]);
    expect(memory).toBe(500);
  });

  it('keeps a running mean weighting the newest round a tenth', () => {
    expect(rounds([10, 20]).memory).toBeCloseTo(11);
    expect(rounds([10, 20, 20]).memory).toBeCloseTo(11.9);
  });

  it('raises MEDIUM at three times the running mean, with the figures', () => {
    const { raised } = rounds([20, 60]);
    expect(raised[1]).toEqual([
      {
        severity: 'MEDIUM',
        title: 'Burst of flagged calls: 60 in 5 s',
        message: '60 flagged calls in the last 5 s, 3.0x the running mean of 20.0.',
        dedupeKey: `burst:${Math.floor(1_700_000_000_000 / 600_000)}`,
      },
    ]);
    expect(rounds([20, 59]).raised[1]).toEqual([]);
  });

  it('raises CRITICAL at ten times the running mean', () => {
    expect(rounds([10, 100]).raised[1]?.[0]?.severity).toBe('CRITICAL');
    expect(rounds([10, 99]).raised[1]?.[0]?.severity).toBe('MEDIUM');
  });

  it(`needs at least ${BURST_MIN} flagged calls, however quiet it was`, () => {
    expect(rounds([0, BURST_MIN - 1]).raised[1]).toEqual([]);
    expect(rounds([0, BURST_MIN]).raised[1]).toHaveLength(1);
  });

  it('keys bursts by ten-minute window, so one burst spanning rounds is one alert', () => {
    const at = (now: number) =>
      burst.decide({ flaggedCalls: 100, intervalMs: 5000 }, 10, now).raise[0]?.dedupeKey;
    expect(at(600_000)).toBe(at(1_199_999));
    expect(at(600_000)).not.toBe(at(1_200_000));
  });
});
