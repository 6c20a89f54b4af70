import type { CallRecord, FraudCategory } from '../call-record';
import {
  DEFAULT_MAX_CALLS_PER_CALLER,
  DEFAULT_WINDOW_MS,
  durationMs,
  FEATURE_NAMES,
  type FeatureName,
  featureRecord,
  isInternational,
  isNight,
  isShortCall,
  regionSlot,
  writeFeatureVector,
} from './definitions';

/** One row per caller: the model's input and, for generated data, the ground truth. */
export interface CallerFeatureRow {
  callerId: string;
  features: Record<FeatureName, number>;
  /** The features in FEATURE_NAMES order. */
  vector: Float64Array;
  label?: 0 | 1;
  campaignId?: string;
  category?: FraudCategory;
}

export interface FeatureWindowOptions {
  /** Length of the window that ends at `at`; default 24 h. Infinity uses all calls. */
  windowMs?: number;
  /** End of the window (epoch ms); default: the latest call. Later calls are ignored. */
  at?: number;
  /** Only a caller's most recent calls in the window count; default 4096. */
  maxCallsPerCaller?: number;
  /** When observation began (see writeFeatureVector); default: the first record. */
  observedSince?: number;
}

export function resolveWindowOptions(options: FeatureWindowOptions = {}): {
  windowMs: number;
  maxCallsPerCaller: number;
} {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const maxCallsPerCaller = options.maxCallsPerCaller ?? DEFAULT_MAX_CALLS_PER_CALLER;
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  if (!Number.isInteger(maxCallsPerCaller) || maxCallsPerCaller < 1) {
    throw new RangeError(`maxCallsPerCaller must be a positive integer, got ${maxCallsPerCaller}`);
  }
  return { windowMs, maxCallsPerCaller };
}

/**
 * Features of every caller with at least one call in the window (at - windowMs, at]: a
 * direct computation over the records, the reference the OnlineFeatureStore must match.
 * Records with equal timestamps keep their input order.
 */
export function computeBatchFeatures(
  cdrs: Iterable<CallRecord>,
  options: FeatureWindowOptions = {},
): CallerFeatureRow[] {
  const { windowMs, maxCallsPerCaller } = resolveWindowOptions(options);
  const sorted = Array.from(cdrs);
  sorted.sort((a, b) => a.timestamp - b.timestamp);
  if (sorted.length === 0) return [];
  const at = options.at ?? sorted[sorted.length - 1].timestamp;
  const observedSince = options.observedSince ?? sorted[0].timestamp;
  const cutoff = at - windowMs;

  const firstSeen = new Map<string, number>();
  const windowCalls = new Map<string, CallRecord[]>();
  for (const cdr of sorted) {
    if (cdr.timestamp > at) break;
    if (!firstSeen.has(cdr.callerId)) firstSeen.set(cdr.callerId, cdr.timestamp);
    if (cdr.timestamp > cutoff) {
      let calls = windowCalls.get(cdr.callerId);
      if (calls === undefined) {
        calls = [];
        windowCalls.set(cdr.callerId, calls);
      }
      calls.push(cdr);
    }
  }
  for (const [callerId, calls] of windowCalls) {
    if (calls.length > maxCallsPerCaller)
      windowCalls.set(callerId, calls.slice(calls.length - maxCallsPerCaller));
  }
  const receiversOf = new Map<string, Set<string>>();
  for (const [callerId, calls] of windowCalls)
    receiversOf.set(callerId, new Set(calls.map((c) => c.receiverId)));

  const rows: CallerFeatureRow[] = [];
  for (const [callerId, calls] of windowCalls) {
    const receivers = receiversOf.get(callerId) ?? new Set<string>();
    let durationMsSum = 0;
    let nightCalls = 0;
    let shortCalls = 0;
    let internationalCalls = 0;
    const origins = new Set<number>();
    const targets = new Set<number>();
    for (const call of calls) {
      durationMsSum += durationMs(call.durationSec);
      if (isNight(call.timestamp)) nightCalls++;
      if (isShortCall(call.durationSec)) shortCalls++;
      if (isInternational(call.receiverId)) internationalCalls++;
      origins.add(regionSlot(call.originRegion));
      targets.add(regionSlot(call.targetRegion));
    }
    let receiversWhoCalledBack = 0;
    for (const receiver of receivers) if (receiversOf.get(receiver)?.has(callerId)) receiversWhoCalledBack++;
    const vector = writeFeatureVector(
      {
        calls: calls.length,
        durationMsSum,
        nightCalls,
        shortCalls,
        internationalCalls,
        originRegions: origins.size,
        targetRegions: targets.size,
        distinctReceivers: receivers.size,
        receiversWhoCalledBack,
        firstSeen: firstSeen.get(callerId) ?? at,
        observedSince,
        now: at,
        windowMs,
      },
      new Float64Array(FEATURE_NAMES.length),
    );
    const row: CallerFeatureRow = { callerId, features: featureRecord(vector), vector };
    const labelled = calls.find((c) => c.trueLabel !== undefined);
    if (labelled?.trueLabel !== undefined) row.label = calls.some((c) => c.trueLabel === 1) ? 1 : 0;
    const fraud = calls.find((c) => c.campaignId !== undefined || c.category !== undefined);
    if (fraud?.campaignId !== undefined) row.campaignId = fraud.campaignId;
    if (fraud?.category !== undefined) row.category = fraud.category;
    rows.push(row);
  }
  return rows;
}
