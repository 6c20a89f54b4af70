import type { FraudCategory } from '../call-record';
import { FEATURE_INDEX, type FeatureName } from '../features/definitions';

export type CallerFeatures = Partial<Record<FeatureName, number>> | ArrayLike<number>;

function read(features: CallerFeatures, name: FeatureName): number {
  if (isVector(features)) return features[FEATURE_INDEX[name]] ?? 0;
  return features[name] ?? 0;
}

function isVector(features: CallerFeatures): features is ArrayLike<number> {
  return typeof (features as ArrayLike<number>).length === 'number';
}

/**
 * A behaviour-based guess of the fraud type of a flagged caller, first rule that holds:
 * 1. SIM_BOX: at least 30% of calls go abroad (bypass traffic through local SIMs).
 * 2. WANGIRI: at least half the calls are shorter than 3 s (one ring, then hang up).
 * 3. IMPERSONATION: calls average 90 s or more, mostly by day (under 30% at night).
 * 4. KYC_PHISHING: a high-volume daytime caller (under 30% at night) with shorter calls.
 * 5. LOTTERY: a high-volume caller working day and night.
 * Null when the caller is not high-volume (fewer than 2 calls an hour) and no rule above holds:
 * the behaviour then says nothing about a fraud type.
 */
export function categoryFor(features: CallerFeatures): FraudCategory | null {
  return decide(
    read(features, 'international_ratio'),
    read(features, 'short_call_ratio'),
    read(features, 'avg_call_duration'),
    read(features, 'night_call_ratio'),
    read(features, 'calls_per_hour'),
  );
}

/** categoryFor of the vector starting at `values[offset]`: a row of a flat row-major matrix. */
export function categoryOfRow(values: ArrayLike<number>, offset: number): FraudCategory | null {
  return decide(
    values[offset + FEATURE_INDEX.international_ratio] ?? 0,
    values[offset + FEATURE_INDEX.short_call_ratio] ?? 0,
    values[offset + FEATURE_INDEX.avg_call_duration] ?? 0,
    values[offset + FEATURE_INDEX.night_call_ratio] ?? 0,
    values[offset + FEATURE_INDEX.calls_per_hour] ?? 0,
  );
}

function decide(
  international: number,
  short: number,
  duration: number,
  night: number,
  perHour: number,
): FraudCategory | null {
  if (international >= 0.3) return 'SIM_BOX';
  if (short >= 0.5) return 'WANGIRI';
  if (perHour < 2) return null;
  if (duration >= 90 && night < 0.3) return 'IMPERSONATION';
  if (night < 0.3) return 'KYC_PHISHING';
  return 'LOTTERY';
}
