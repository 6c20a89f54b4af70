import { FEATURE_LABELS, type FeatureName, HOUR_MS } from '../features/definitions';

export interface Contribution {
  feature: string;
  value: number;
  /** Positive pushes towards anomalous (a shorter isolation path), in path-length units. */
  contribution: number;
}

export interface Reason extends Contribution {
  label: string;
  text: string;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const oneDecimal = (value: number) => (Math.round(value * 10) / 10).toString();

function seconds(value: number): string {
  if (value >= 120) return `${oneDecimal(value / 60)} min`;
  return value < 10 ? `${oneDecimal(value)} s` : `${Math.round(value)} s`;
}

function windowLabel(windowMs: number): string {
  if (!Number.isFinite(windowMs)) return 'the data';
  const hours = windowMs / HOUR_MS;
  return hours % 24 === 0 && hours > 24 ? `${hours / 24} days` : `${oneDecimal(hours)} h`;
}

type Phrase = (value: number, typical: number, windowMs: number) => string;

const PHRASES: Record<FeatureName, Phrase> = {
  avg_call_duration: (v, t) => `Calls last ${seconds(v)} on average (typical: ${seconds(t)})`,
  total_calls: (v, t, w) =>
    `${Math.round(v)} calls in the last ${windowLabel(w)} (typical: ${Math.round(t)})`,
  calls_per_hour: (v, t) => `${oneDecimal(v)} calls an hour (typical: ${oneDecimal(t)})`,
  night_call_ratio: (v) => `${percent(v)} of calls at night (22:00–06:00)`,
  unique_origin_regions: (v) => `Calls made from ${Math.round(v)} region${v === 1 ? '' : 's'}`,
  unique_target_regions: (v, t) => `Calls into ${Math.round(v)} regions (typical: ${Math.round(t)})`,
  short_call_ratio: (v) => `${percent(v)} of calls shorter than 3 s`,
  receivers_per_call: (v) => `${Math.round(v * 100)} different numbers per 100 calls`,
  international_ratio: (v) => `${percent(v)} of calls to international numbers`,
  account_age_days: (v, t) =>
    v < 1
      ? `Number first seen ${oneDecimal(v * 24)} h ago`
      : `Number first seen ${oneDecimal(v)} days ago (typical: ${oneDecimal(t)})`,
  call_back_ratio: (v, t) => `${percent(v)} of numbers called also called back (typical: ${percent(t)})`,
};

function isKnownFeature(feature: string): feature is FeatureName {
  return feature in PHRASES;
}

export function featureLabel(feature: string): string {
  return isKnownFeature(feature) ? FEATURE_LABELS[feature] : feature;
}

/** The product's words for one feature value, e.g. "71% of calls shorter than 3 s". */
export function describeFeature(feature: string, value: number, typical: number, windowMs: number): string {
  if (isKnownFeature(feature)) return PHRASES[feature](value, typical, windowMs);
  return `${feature} = ${oneDecimal(value)} (typical: ${oneDecimal(typical)})`;
}
