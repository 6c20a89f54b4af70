import type { CallRecord } from '../call-record';
import { resolveWindowOptions } from './batch';
import {
  durationMs,
  FEATURE_NAMES,
  isInternational,
  isNight,
  isShortCall,
  REGION_SLOTS,
  regionSlot,
  writeFeatureVector,
} from './definitions';

const INITIAL_CAPACITY = 8;
const BYTES_FIXED = 900;
const BYTES_PER_SLOT = 20;
const BYTES_PER_CALL = 30;
const BYTES_PER_RECEIVER = 108;
const NIGHT = 1;
const SHORT = 2;
const INTERNATIONAL = 4;

interface ReceiverCalls {
  count: number;
  lastTimestamp: number;
}

/** One caller's sliding window: a ring of its recent calls plus running counts. */
class CallerWindow {
  readonly firstSeen: number;
  private capacity = INITIAL_CAPACITY;
  private head = 0;
  length = 0;
  private timestamps = new Float64Array(INITIAL_CAPACITY);
  private durations = new Float64Array(INITIAL_CAPACITY);
  private slots = new Uint8Array(INITIAL_CAPACITY * 3);
  private receivers: string[] = new Array(INITIAL_CAPACITY);
  durationMsSum = 0;
  nightCalls = 0;
  shortCalls = 0;
  internationalCalls = 0;
  readonly originCounts = new Int32Array(REGION_SLOTS);
  readonly targetCounts = new Int32Array(REGION_SLOTS);
  originRegions = 0;
  targetRegions = 0;
  readonly receiverCalls = new Map<string, ReceiverCalls>();

  constructor(firstSeen: number) {
    this.firstSeen = firstSeen;
  }

  /** A deep copy, for undoing calls that were counted but not committed (see FeatureCheckpoint). */
  clone(): CallerWindow {
    const copy = new CallerWindow(this.firstSeen);
    copy.capacity = this.capacity;
    copy.head = this.head;
    copy.length = this.length;
    copy.timestamps = this.timestamps.slice();
    copy.durations = this.durations.slice();
    copy.slots = this.slots.slice();
    copy.receivers = this.receivers.slice();
    copy.durationMsSum = this.durationMsSum;
    copy.nightCalls = this.nightCalls;
    copy.shortCalls = this.shortCalls;
    copy.internationalCalls = this.internationalCalls;
    copy.originCounts.set(this.originCounts);
    copy.targetCounts.set(this.targetCounts);
    copy.originRegions = this.originRegions;
    copy.targetRegions = this.targetRegions;
    for (const [receiver, entry] of this.receiverCalls) copy.receiverCalls.set(receiver, { ...entry });
    return copy;
  }

  add(cdr: CallRecord, maxCalls: number): void {
    if (this.length === maxCalls) this.removeOldest();
    if (this.length === this.capacity) this.grow(maxCalls);
    const at = (this.head + this.length) % this.capacity;
    const duration = durationMs(cdr.durationSec);
    const flags =
      (isNight(cdr.timestamp) ? NIGHT : 0) |
      (isShortCall(cdr.durationSec) ? SHORT : 0) |
      (isInternational(cdr.receiverId) ? INTERNATIONAL : 0);
    const origin = regionSlot(cdr.originRegion);
    const target = regionSlot(cdr.targetRegion);
    this.timestamps[at] = cdr.timestamp;
    this.durations[at] = duration;
    this.slots[at * 3] = flags;
    this.slots[at * 3 + 1] = origin;
    this.slots[at * 3 + 2] = target;
    this.receivers[at] = cdr.receiverId;
    this.length++;
    this.count(duration, flags, origin, target, 1);
    const entry = this.receiverCalls.get(cdr.receiverId);
    if (entry === undefined)
      this.receiverCalls.set(cdr.receiverId, { count: 1, lastTimestamp: cdr.timestamp });
    else {
      entry.count++;
      entry.lastTimestamp = cdr.timestamp;
    }
  }

  /** Drops calls at or before the cutoff; each call is dropped once, so O(1) amortised. */
  expire(cutoff: number): void {
    while (this.length > 0 && this.timestamps[this.head] <= cutoff) this.removeOldest();
  }

  /** True when this caller has a call to `receiver` after `cutoff`. */
  calledAfter(receiver: string, cutoff: number): boolean {
    const entry = this.receiverCalls.get(receiver);
    return entry !== undefined && entry.lastTimestamp > cutoff;
  }

  /**
   * Heap held for this caller, from costs measured on Node 20 x64 (ml/bench/store-memory.ts):
   * a fixed part (the window object, its typed arrays, its Map and its entry in the store), a
   * ring slot, a call in the window (its receiver string), a distinct receiver (Map entry).
   */
  bytes(): number {
    return (
      BYTES_FIXED +
      BYTES_PER_SLOT * this.capacity +
      BYTES_PER_CALL * this.length +
      BYTES_PER_RECEIVER * this.receiverCalls.size
    );
  }

  private removeOldest(): void {
    const at = this.head;
    const receiver = this.receivers[at];
    this.count(this.durations[at], this.slots[at * 3], this.slots[at * 3 + 1], this.slots[at * 3 + 2], -1);
    const entry = this.receiverCalls.get(receiver);
    if (entry !== undefined && --entry.count === 0) this.receiverCalls.delete(receiver);
    this.receivers[at] = '';
    this.head = (this.head + 1) % this.capacity;
    this.length--;
  }

  private count(duration: number, flags: number, origin: number, target: number, sign: 1 | -1): void {
    this.durationMsSum += sign * duration;
    if (flags & NIGHT) this.nightCalls += sign;
    if (flags & SHORT) this.shortCalls += sign;
    if (flags & INTERNATIONAL) this.internationalCalls += sign;
    const originBefore = this.originCounts[origin];
    this.originCounts[origin] += sign;
    if (originBefore === 0) this.originRegions++;
    else if (this.originCounts[origin] === 0) this.originRegions--;
    const targetBefore = this.targetCounts[target];
    this.targetCounts[target] += sign;
    if (targetBefore === 0) this.targetRegions++;
    else if (this.targetCounts[target] === 0) this.targetRegions--;
  }

  private grow(maxCalls: number): void {
    const capacity = Math.min(maxCalls, this.capacity * 2);
    const timestamps = new Float64Array(capacity);
    const durations = new Float64Array(capacity);
    const slots = new Uint8Array(capacity * 3);
    const receivers: string[] = new Array(capacity);
    for (let i = 0; i < this.length; i++) {
      const from = (this.head + i) % this.capacity;
      timestamps[i] = this.timestamps[from];
      durations[i] = this.durations[from];
      slots.set(this.slots.subarray(from * 3, from * 3 + 3), i * 3);
      receivers[i] = this.receivers[from];
    }
    this.timestamps = timestamps;
    this.durations = durations;
    this.slots = slots;
    this.receivers = receivers;
    this.capacity = capacity;
    this.head = 0;
  }
}

/**
 * The state of some callers' windows before a batch was counted: restoring it undoes the batch
 * for those callers. Ingest counts a batch before its transaction commits and restores the
 * callers whose calls did not commit, so the store counts exactly the calls that are stored.
 */
export class FeatureCheckpoint {
  /** Per caller: its window before the batch, or null when it was not tracked. */
  readonly windows = new Map<string, CallerWindow | null>();

  constructor(
    readonly clock: number,
    readonly observedSince: number | null,
  ) {}

  /** Callers this checkpoint can restore. */
  callers(): IterableIterator<string> {
    return this.windows.keys();
  }
}

export interface OnlineFeatureStoreOptions {
  /** Sliding-window length; default 24 h. */
  windowMs?: number;
  /** Callers tracked at once; the least recently active is forgotten beyond it. Default 1,000,000. */
  maxCallers?: number;
  /** A caller's window keeps at most its most recent calls; default 4096. */
  maxCallsPerCaller?: number;
  /**
   * When observation of the traffic began; default: the first record given. Set it earlier
   * when the store is warmed up by replaying stored history.
   */
  observedSince?: number;
}

/**
 * Per-caller features over a sliding window, updated in O(1) amortised per CDR. Gives the
 * same values as computeBatchFeatures on the same records (fed in time order), with account
 * age counted from the first call seen since the caller was tracked (a caller forgotten
 * under maxCallers starts again when it comes back).
 */
export class OnlineFeatureStore {
  readonly windowMs: number;
  readonly maxCallers: number;
  readonly maxCallsPerCaller: number;
  private readonly callers = new Map<string, CallerWindow>();
  private clock = Number.NEGATIVE_INFINITY;
  private observedSince: number | null;
  private readonly totals = {
    calls: 0,
    durationMsSum: 0,
    nightCalls: 0,
    shortCalls: 0,
    internationalCalls: 0,
    originRegions: 0,
    targetRegions: 0,
    distinctReceivers: 0,
    receiversWhoCalledBack: 0,
    firstSeen: 0,
    observedSince: 0,
    now: 0,
    windowMs: 0,
  };

  constructor(options: OnlineFeatureStoreOptions = {}) {
    const { windowMs, maxCallsPerCaller } = resolveWindowOptions(options);
    const maxCallers = options.maxCallers ?? 1_000_000;
    if (!Number.isInteger(maxCallers) || maxCallers < 1) {
      throw new RangeError(`maxCallers must be a positive integer, got ${maxCallers}`);
    }
    this.windowMs = windowMs;
    this.maxCallers = maxCallers;
    this.maxCallsPerCaller = maxCallsPerCaller;
    this.observedSince = options.observedSince ?? null;
  }

  /** Callers tracked now. */
  get size(): number {
    return this.callers.size;
  }

  /** The latest timestamp seen. */
  get now(): number {
    return this.clock;
  }

  /** Starts recording the callers' windows as they are before the updates that follow. */
  checkpoint(): FeatureCheckpoint {
    return new FeatureCheckpoint(this.clock, this.observedSince);
  }

  /**
   * Puts callers back as they were at the checkpoint: all of its callers (a batch that did not
   * commit), or only the ones given (a batch that committed in part). A full restore also puts
   * the clock back; a partial one keeps it, since the calls that did commit moved it.
   */
  restore(checkpoint: FeatureCheckpoint, callers?: Iterable<string>): void {
    for (const callerId of callers ?? checkpoint.callers()) {
      if (!checkpoint.windows.has(callerId)) continue;
      const before = checkpoint.windows.get(callerId);
      if (before) this.callers.set(callerId, before.clone());
      else this.callers.delete(callerId);
    }
    if (callers === undefined) {
      this.clock = checkpoint.clock;
      this.observedSince = checkpoint.observedSince;
    }
  }

  /** Counts one call; with a checkpoint, first records its caller's window as it was. */
  update(cdr: CallRecord, checkpoint?: FeatureCheckpoint): void {
    if (checkpoint !== undefined && !checkpoint.windows.has(cdr.callerId)) {
      checkpoint.windows.set(cdr.callerId, this.callers.get(cdr.callerId)?.clone() ?? null);
    }
    if (cdr.timestamp > this.clock) this.clock = cdr.timestamp;
    if (this.observedSince === null) this.observedSince = cdr.timestamp;
    let window = this.callers.get(cdr.callerId);
    if (window === undefined) {
      window = new CallerWindow(cdr.timestamp);
      if (this.callers.size >= this.maxCallers) this.forgetLeastRecent();
    } else {
      // Re-inserting keeps the Map in least-recently-active order.
      this.callers.delete(cdr.callerId);
    }
    this.callers.set(cdr.callerId, window);
    // Each caller's window ends at its own newest call: a source whose clock runs behind (a
    // replay, a simulator) keeps its callers' windows when another source is ahead.
    window.expire(cdr.timestamp - this.windowMs);
    window.add(cdr, this.maxCallsPerCaller);
  }

  has(callerId: string): boolean {
    return this.callers.has(callerId);
  }

  /** Calls of this caller in the window ending now. */
  callCount(callerId: string, now = this.clock): number {
    const window = this.callers.get(callerId);
    if (window === undefined) return 0;
    window.expire(now - this.windowMs);
    return window.length;
  }

  /** The caller's features in FEATURE_NAMES order, or undefined when the caller is not tracked. */
  features(callerId: string, now?: number): Float64Array | undefined {
    if (!this.callers.has(callerId)) return undefined;
    return this.featuresInto(callerId, new Float64Array(FEATURE_NAMES.length), now);
  }

  /**
   * Writes the features into `out` (reuse one buffer to avoid allocating); returns false when
   * the caller is not tracked. Cost: O(distinct receivers in the window) for the call-back ratio.
   */
  featuresInto(callerId: string, out: Float64Array, now = this.clock): Float64Array | undefined {
    const window = this.callers.get(callerId);
    if (window === undefined) return undefined;
    const cutoff = now - this.windowMs;
    window.expire(cutoff);
    let calledBack = 0;
    for (const receiver of window.receiverCalls.keys()) {
      if (this.callers.get(receiver)?.calledAfter(callerId, cutoff)) calledBack++;
    }
    const totals = this.totals;
    totals.calls = window.length;
    totals.durationMsSum = window.durationMsSum;
    totals.nightCalls = window.nightCalls;
    totals.shortCalls = window.shortCalls;
    totals.internationalCalls = window.internationalCalls;
    totals.originRegions = window.originRegions;
    totals.targetRegions = window.targetRegions;
    totals.distinctReceivers = window.receiverCalls.size;
    totals.receiversWhoCalledBack = calledBack;
    totals.firstSeen = window.firstSeen;
    totals.observedSince = this.observedSince ?? window.firstSeen;
    totals.now = now;
    totals.windowMs = this.windowMs;
    return writeFeatureVector(totals, out);
  }

  /** The distinct receivers this caller called within the window ending now. */
  receivers(callerId: string, now = this.clock): IterableIterator<string> | undefined {
    const window = this.callers.get(callerId);
    if (window === undefined) return undefined;
    window.expire(now - this.windowMs);
    return window.receiverCalls.keys();
  }

  /** Callers tracked, most recently active last. */
  trackedCallers(): IterableIterator<string> {
    return this.callers.keys();
  }

  /** Estimated bytes held per tracked caller (the mean over callers). */
  bytesPerCaller(): number {
    if (this.callers.size === 0) return 0;
    let total = 0;
    for (const window of this.callers.values()) total += window.bytes();
    return total / this.callers.size;
  }

  /** Upper bound on the bytes one caller can hold, reached at maxCallsPerCaller calls to distinct receivers. */
  maxBytesPerCaller(): number {
    return BYTES_FIXED + (BYTES_PER_SLOT + BYTES_PER_CALL + BYTES_PER_RECEIVER) * this.maxCallsPerCaller;
  }

  private forgetLeastRecent(): void {
    const oldest = this.callers.keys().next();
    if (!oldest.done) this.callers.delete(oldest.value);
  }
}
