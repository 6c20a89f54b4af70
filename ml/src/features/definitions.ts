import { REGIONS } from '../call-record';

/** The model's input vector, in this order. */
export const FEATURE_NAMES = [
  'avg_call_duration',
  'total_calls',
  'calls_per_hour',
  'night_call_ratio',
  'unique_origin_regions',
  'unique_target_regions',
  'short_call_ratio',
  'receivers_per_call',
  'international_ratio',
  'account_age_days',
  'call_back_ratio',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

export const FEATURE_LABELS: Record<FeatureName, string> = {
  avg_call_duration: 'Average call duration',
  total_calls: 'Calls in window',
  calls_per_hour: 'Calls per hour',
  night_call_ratio: 'Night-call ratio',
  unique_origin_regions: 'Origin regions',
  unique_target_regions: 'Target regions',
  short_call_ratio: 'Short-call ratio',
  receivers_per_call: 'Receivers per call',
  international_ratio: 'International ratio',
  account_age_days: 'Account age',
  call_back_ratio: 'Call-back ratio',
};

export const FEATURE_INDEX: Record<FeatureName, number> = Object.fromEntries(
  FEATURE_NAMES.map((name, index) => [name, index]),
) as Record<FeatureName, number>;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_WINDOW_MS = DAY_MS;
/** A caller's window keeps at most its most recent calls, so memory per caller is bounded. */
export const DEFAULT_MAX_CALLS_PER_CALLER = 4096;
export const SHORT_CALL_SECONDS = 3;
/** Account age is told apart up to a week: a number seen for longer counts as established. */
export const ACCOUNT_AGE_HORIZON_MS = 7 * DAY_MS;
/** India Standard Time, UTC+05:30 all year: the product's local time for "night". */
export const IST_OFFSET_MS = 5.5 * HOUR_MS;
const NIGHT_START_HOUR = 22;
const NIGHT_END_HOUR = 6;
const DOMESTIC_PREFIX = '+91';

/** Hour of day in IST, 0–23. */
export function istHour(timestamp: number): number {
  const local = (((timestamp + IST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(local / HOUR_MS);
}

/** Night is 22:00–05:59 IST. */
export function isNight(timestamp: number): boolean {
  const hour = istHour(timestamp);
  return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
}

export function isShortCall(durationSec: number): boolean {
  return durationSec < SHORT_CALL_SECONDS;
}

export function isInternational(receiverId: string): boolean {
  return !receiverId.startsWith(DOMESTIC_PREFIX);
}

/** Regions outside REGIONS share one extra slot. */
export const REGION_SLOTS = REGIONS.length + 1;
const REGION_SLOT = new Map<string, number>(REGIONS.map((region, index) => [region, index]));
export function regionSlot(region: string): number {
  return REGION_SLOT.get(region) ?? REGIONS.length;
}

/** Durations are summed in whole milliseconds so running sums are exact. */
export function durationMs(durationSec: number): number {
  return Math.round(durationSec * 1000);
}

/** What a caller's window holds, reduced to the counts the features are made of. */
export interface WindowTotals {
  calls: number;
  durationMsSum: number;
  nightCalls: number;
  shortCalls: number;
  internationalCalls: number;
  originRegions: number;
  targetRegions: number;
  distinctReceivers: number;
  /** Distinct receivers who also called the caller within the window. */
  receiversWhoCalledBack: number;
  firstSeen: number;
  /** When observation of the traffic began: activity before it is unknown. */
  observedSince: number;
  now: number;
  windowMs: number;
}

/**
 * part / calls, 0 with no calls. Not a closure inside writeFeatureVector: under tsx (keepNames)
 * every closure created is also named (a defineProperty), and this runs for every scored call.
 */
function shareOf(calls: number, part: number): number {
  return calls === 0 ? 0 : part / calls;
}

/**
 * The one definition of the features, shared by the batch and the online code.
 *
 * "First seen" only says when a number appeared if observation had been running for a while
 * by then; a number seen soon after observation began may be years old. So a caller first
 * seen within the horizon after observedSince counts as established (age = the horizon), and
 * its call rate is taken over the observed part of the window. Without this, every caller
 * looks brand new when a live store starts empty, and the model would flag them all.
 */
export function writeFeatureVector(totals: WindowTotals, out: Float64Array): Float64Array {
  const { calls, firstSeen, observedSince, now, windowMs } = totals;
  const sinceObservation = firstSeen - observedSince;
  const rateStart = sinceObservation < windowMs ? observedSince : firstSeen;
  const observedHours = Math.max(1, Math.min(windowMs, now - rateStart) / HOUR_MS);
  const ageMs =
    sinceObservation < ACCOUNT_AGE_HORIZON_MS
      ? ACCOUNT_AGE_HORIZON_MS
      : Math.min(ACCOUNT_AGE_HORIZON_MS, Math.max(0, now - firstSeen));
  out[0] = calls === 0 ? 0 : totals.durationMsSum / calls / 1000;
  out[1] = calls;
  out[2] = calls / observedHours;
  out[3] = shareOf(calls, totals.nightCalls);
  out[4] = totals.originRegions;
  out[5] = totals.targetRegions;
  out[6] = shareOf(calls, totals.shortCalls);
  out[7] = shareOf(calls, totals.distinctReceivers);
  out[8] = shareOf(calls, totals.internationalCalls);
  out[9] = ageMs / DAY_MS;
  out[10] = totals.distinctReceivers === 0 ? 0 : totals.receiversWhoCalledBack / totals.distinctReceivers;
  return out;
}

/**
 * The vector as named features, in FEATURE_NAMES order; `offset`: the vector starts there (a row
 * of a flat matrix). One object literal: scoring builds one per caller per batch.
 */
export function featureRecord(vector: ArrayLike<number>, offset = 0): Record<FeatureName, number> {
  const v = vector;
  const o = offset;
  return {
    avg_call_duration: v[o] as number,
    total_calls: v[o + 1] as number,
    calls_per_hour: v[o + 2] as number,
    night_call_ratio: v[o + 3] as number,
    unique_origin_regions: v[o + 4] as number,
    unique_target_regions: v[o + 5] as number,
    short_call_ratio: v[o + 6] as number,
    receivers_per_call: v[o + 7] as number,
    international_ratio: v[o + 8] as number,
    account_age_days: v[o + 9] as number,
    call_back_ratio: v[o + 10] as number,
  };
}
