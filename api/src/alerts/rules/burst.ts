// BURST: a detection round flagged far more calls than usual. The rule remembers the running
// mean of flagged calls per round (an exponential moving average); the first round only sets it.
import type { AlertRule } from '../rule';

/** A round with at least this many times the running mean, and at least BURST_MIN, is a burst. */
export const BURST_FACTOR = 3;
export const BURST_MIN = 50;
/** This many times the running mean is CRITICAL. */
const CRITICAL_FACTOR = 10;
/** Weight of the newest round in the running mean. */
const NEWEST_WEIGHT = 0.1;
/** At most one burst alert per this window. */
const BURST_WINDOW_MS = 600_000;

export const burst: AlertRule<'detectionRound', number | null> = {
  on: 'detectionRound',
  memory: null,
  decide({ flaggedCalls: flagged, intervalMs }, baseline, now) {
    const memory = baseline === null ? flagged : (1 - NEWEST_WEIGHT) * baseline + NEWEST_WEIGHT * flagged;
    if (baseline === null) return { raise: [], memory };
    const mean = Math.max(1, baseline);
    if (flagged < BURST_MIN || flagged < BURST_FACTOR * mean) return { raise: [], memory };
    const seconds = intervalMs / 1000;
    return {
      raise: [
        {
          severity: flagged >= CRITICAL_FACTOR * mean ? 'CRITICAL' : 'MEDIUM',
          title: `Burst of flagged calls: ${flagged} in ${seconds} s`,
          message: `${flagged} flagged calls in the last ${seconds} s, ${(flagged / mean).toFixed(1)}x the running mean of ${baseline.toFixed(1)}.`,
          dedupeKey: `burst:${Math.floor(now / BURST_WINDOW_MS)}`,
        },
      ],
      memory,
    };
  },
};
