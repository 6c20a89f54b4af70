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
const BYTES_PER_RECEIVER = 123;
const NIGHT = 1;
const SHORT = 2;
const INTERNATIONAL = 4;

interface ReceiverCalls {
  /** Calls to the receiver in the window; 0 once the entry has left its window's map. */
  count: number;
  lastTimestamp: number;
  /** The window this entry is in. */
  readonly owner: CallerWindow;
  /**
   * The receiver's own entry for this window's caller (its calls back), kept linked by the store
   * (OnlineFeatureStore.link): null when the receiver has not called this caller. It counts only
   * while alive: its count above 0 and its window tracked.
   */
  back: ReceiverCalls | null;
}

/** Links a new entry of `window` (for `receiver`) with the receiver's entry for the window's caller. */
type LinkEntry = (window: CallerWindow, receiver: string, entry: ReceiverCalls) => void;

/** One caller's sliding window: a ring of its recent calls plus running counts. */
class CallerWindow {
  readonly firstSeen: number;
  /** True while the store holds this window for its caller (not forgotten, not replaced). */
  tracked = false;
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
  /** The id of the latest checkpoint that noted this window (0: none), so noting is once per batch. */
  noted = 0;

  constructor(
    readonly callerId: string,
    firstSeen: number,
    private readonly link: LinkEntry,
  ) {
    this.firstSeen = firstSeen;
  }

  add(cdr: CallRecord, maxCalls: number, journal: UndoJournal | null): void {
    if (this.length === maxCalls) this.removeOldest(journal);
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
    journal?.added(this, entry === undefined ? Number.NaN : entry.lastTimestamp);
    if (entry === undefined) this.newEntry(cdr.receiverId, cdr.timestamp);
    else {
      entry.count++;
      entry.lastTimestamp = cdr.timestamp;
    }
  }

  /** Undoes the newest `add`: `lastBefore` is its receiver's last call before it (NaN: none). */
  undoAdd(lastBefore: number): void {
    const at = (this.head + this.length - 1) % this.capacity;
    const receiver = this.receivers[at] as string;
    this.count(this.durations[at], this.slots[at * 3], this.slots[at * 3 + 1], this.slots[at * 3 + 2], -1);
    const entry = this.receiverCalls.get(receiver) as ReceiverCalls;
    if (Number.isNaN(lastBefore)) {
      entry.count = 0;
      this.receiverCalls.delete(receiver);
    } else {
      entry.count--;
      entry.lastTimestamp = lastBefore;
    }
    this.receivers[at] = '';
    this.length--;
  }

  /** Undoes the newest `removeOldest`: puts the call back in front. */
  undoRemove(
    timestamp: number,
    duration: number,
    packedSlots: number,
    receiver: string,
    receiverLast: number,
  ): void {
    this.head = (this.head - 1 + this.capacity) % this.capacity;
    const at = this.head;
    const flags = packedSlots & 0xff;
    const origin = (packedSlots >> 8) & 0xff;
    const target = (packedSlots >> 16) & 0xff;
    this.timestamps[at] = timestamp;
    this.durations[at] = duration;
    this.slots[at * 3] = flags;
    this.slots[at * 3 + 1] = origin;
    this.slots[at * 3 + 2] = target;
    this.receivers[at] = receiver;
    this.length++;
    this.count(duration, flags, origin, target, 1);
    const entry = this.receiverCalls.get(receiver);
    if (entry === undefined) this.newEntry(receiver, receiverLast);
    else entry.count++;
  }

  private newEntry(receiver: string, lastTimestamp: number): void {
    const entry: ReceiverCalls = { count: 1, lastTimestamp, owner: this, back: null };
    this.receiverCalls.set(receiver, entry);
    this.link(this, receiver, entry);
  }

  /**
   * Receivers in the window who called this caller after `cutoff` (their own windows' last call
   * to it): a walk over linked entries, no lookups.
   */
  calledBackAfter(cutoff: number): number {
    let calledBack = 0;
    for (const entry of this.receiverCalls.values()) {
      const back = entry.back;
      if (back !== null && back.count > 0 && back.owner.tracked && back.lastTimestamp > cutoff) calledBack++;
    }
    return calledBack;
  }

  /** Drops calls at or before the cutoff; each call is dropped once, so O(1) amortised. */
  expire(cutoff: number, journal: UndoJournal | null): void {
    while (this.length > 0 && this.timestamps[this.head] <= cutoff) this.removeOldest(journal);
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

  private removeOldest(journal: UndoJournal | null): void {
    const at = this.head;
    const receiver = this.receivers[at] as string;
    this.count(this.durations[at], this.slots[at * 3], this.slots[at * 3 + 1], this.slots[at * 3 + 2], -1);
    const entry = this.receiverCalls.get(receiver);
    journal?.removed(
      this,
      this.timestamps[at] as number,
      this.durations[at] as number,
      (this.slots[at * 3] as number) |
        ((this.slots[at * 3 + 1] as number) << 8) |
        ((this.slots[at * 3 + 2] as number) << 16),
      receiver,
      entry !== undefined && entry.count === 1 ? entry.lastTimestamp : Number.NaN,
    );
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

const ADDED = 0;
const REMOVED = 1;
/** Numbers kept per change: kind, then (added) the receiver's last call before it, or (removed) the call. */
const STRIDE = 5;

/**
 * The changes made to callers' windows while a checkpoint is open, newest last, so they can
 * be undone exactly in reverse order. A change costs a few numbers; the windows themselves
 * are never copied.
 */
class UndoJournal {
  length = 0;
  windows: (CallerWindow | null)[] = [];
  receivers: string[] = [];
  numbers = new Float64Array(256 * STRIDE);

  added(window: CallerWindow, receiverLastBefore: number): void {
    const at = this.push(window, '');
    this.numbers[at] = ADDED;
    this.numbers[at + 1] = receiverLastBefore;
  }

  removed(
    window: CallerWindow,
    timestamp: number,
    duration: number,
    packedSlots: number,
    receiver: string,
    receiverLast: number,
  ): void {
    const at = this.push(window, receiver);
    this.numbers[at] = REMOVED;
    this.numbers[at + 1] = timestamp;
    this.numbers[at + 2] = duration;
    this.numbers[at + 3] = packedSlots;
    this.numbers[at + 4] = receiverLast;
  }

  /** Undoes, newest first, the changes made since `from` to the windows given. */
  undo(windows: ReadonlyMap<CallerWindow, number>, from: number): void {
    const n = this.numbers;
    for (let i = this.length - 1; i >= from; i--) {
      const window = this.windows[i];
      if (window === null || window === undefined) continue;
      const since = windows.get(window);
      if (since === undefined || i < since) continue;
      const at = i * STRIDE;
      if (n[at] === ADDED) window.undoAdd(n[at + 1] as number);
      else
        window.undoRemove(
          n[at + 1] as number,
          n[at + 2] as number,
          n[at + 3] as number,
          this.receivers[i] as string,
          n[at + 4] as number,
        );
      // Undone once: a later restore of another checkpoint must not undo it again.
      this.windows[i] = null;
    }
  }

  private push(window: CallerWindow, receiver: string): number {
    const i = this.length++;
    if ((i + 1) * STRIDE > this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.windows[i] = window;
    this.receivers[i] = receiver;
    return i * STRIDE;
  }
}

/**
 * The state of some callers' windows before a batch was counted: restoring it undoes the batch
 * for those callers. Ingest counts a batch before its transaction commits and restores the
 * callers whose calls did not commit, so the store counts exactly the calls that are stored.
 *
 * It copies nothing: while a checkpoint is open the store journals every change to a window
 * (see UndoJournal), and the checkpoint notes, per caller, where in the journal its first
 * update under the checkpoint was. End it with `restore` (all callers) or `release`.
 */
export class FeatureCheckpoint {
  /** Per caller: its window and the journal position of its first update, or null when it was not tracked. */
  readonly windows = new Map<string, { window: CallerWindow; from: number } | null>();
  /** False once restored in full or released. */
  open = true;

  constructor(
    /** Unique within its store. */
    readonly id: number,
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
  /** Changes to windows while at least one checkpoint is open; null when none is. */
  private journal: UndoJournal | null = null;
  private openCheckpoints = 0;
  /** Checkpoints taken so far (their ids). */
  private checkpoints = 0;
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

  /**
   * Starts recording the callers' windows as they are before the updates that follow. End it
   * with `restore(checkpoint)` or `release(checkpoint)`: until then every change is journalled.
   */
  checkpoint(): FeatureCheckpoint {
    this.journal ??= new UndoJournal();
    this.openCheckpoints++;
    return new FeatureCheckpoint(++this.checkpoints, this.clock, this.observedSince);
  }

  /**
   * Puts callers back as they were at the checkpoint: all of its callers (a batch that did not
   * commit), or only the ones given (a batch that committed in part). A full restore also puts
   * the clock back and ends the checkpoint; a partial one keeps the clock, since the calls that
   * did commit moved it, and the checkpoint stays open until `release`. Restoring also undoes
   * the changes a later checkpoint made to the same callers.
   */
  restore(checkpoint: FeatureCheckpoint, callers?: Iterable<string>): void {
    if (!checkpoint.open) throw new Error('This checkpoint was restored or released already');
    const journal = this.journal as UndoJournal;
    const windows = new Map<CallerWindow, number>();
    let from = journal.length;
    const restored: string[] = [];
    for (const callerId of callers ?? checkpoint.callers()) {
      if (!checkpoint.windows.has(callerId)) continue;
      restored.push(callerId);
      const before = checkpoint.windows.get(callerId);
      if (!before) continue;
      windows.set(before.window, before.from);
      if (before.from < from) from = before.from;
    }
    journal.undo(windows, from);
    for (const callerId of restored) {
      const before = checkpoint.windows.get(callerId);
      const current = this.callers.get(callerId);
      if (current !== undefined && current !== before?.window) current.tracked = false;
      // The window object itself, so a caller forgotten meanwhile (maxCallers) comes back too.
      if (before) {
        this.callers.set(callerId, before.window);
        before.window.tracked = true;
      } else this.callers.delete(callerId);
    }
    // Call-back links made while these windows were away or being undone may be stale: link
    // their entries again, both ways, now that the store holds what it held at the checkpoint.
    for (const callerId of restored) {
      const window = this.callers.get(callerId);
      if (window === undefined) continue;
      for (const [receiver, entry] of window.receiverCalls) this.link(window, receiver, entry);
    }
    if (callers === undefined) {
      this.clock = checkpoint.clock;
      this.observedSince = checkpoint.observedSince;
      this.release(checkpoint);
    }
  }

  /** Ends a checkpoint: keeps what was counted since. Ending it twice does nothing. */
  release(checkpoint: FeatureCheckpoint): void {
    if (!checkpoint.open) return;
    checkpoint.open = false;
    if (--this.openCheckpoints === 0) this.journal = null;
  }

  /**
   * Counts one call; with a checkpoint, first notes where its caller's window stood. Returns the
   * caller's calls in its window (ending at this call).
   */
  update(cdr: CallRecord, checkpoint?: FeatureCheckpoint): number {
    const journal = this.journal;
    let window = this.callers.get(cdr.callerId);
    // Noted once per checkpoint: a field on the window, not a Map lookup for every call.
    if (checkpoint !== undefined && window?.noted !== checkpoint.id) {
      if (!checkpoint.open) throw new Error('This checkpoint was restored or released already');
      if (!checkpoint.windows.has(cdr.callerId)) {
        checkpoint.windows.set(
          cdr.callerId,
          window === undefined ? null : { window, from: (journal as UndoJournal).length },
        );
      }
      if (window !== undefined) window.noted = checkpoint.id;
    }
    if (cdr.timestamp > this.clock) this.clock = cdr.timestamp;
    if (this.observedSince === null) this.observedSince = cdr.timestamp;
    if (window === undefined) {
      window = new CallerWindow(cdr.callerId, cdr.timestamp, this.link);
      window.tracked = true;
      if (this.callers.size >= this.maxCallers) this.forgetLeastRecent();
    } else {
      // Re-inserting keeps the Map in least-recently-active order.
      this.callers.delete(cdr.callerId);
    }
    this.callers.set(cdr.callerId, window);
    // Each caller's window ends at its own newest call: a source whose clock runs behind (a
    // replay, a simulator) keeps its callers' windows when another source is ahead.
    window.expire(cdr.timestamp - this.windowMs, journal);
    window.add(cdr, this.maxCallsPerCaller, journal);
    return window.length;
  }

  has(callerId: string): boolean {
    return this.callers.has(callerId);
  }

  /** Calls of this caller in the window ending now. */
  callCount(callerId: string, now = this.clock): number {
    const window = this.callers.get(callerId);
    if (window === undefined) return 0;
    window.expire(now - this.windowMs, this.journal);
    return window.length;
  }

  /** The caller's features in FEATURE_NAMES order, or undefined when the caller is not tracked. */
  features(callerId: string, now?: number): Float64Array | undefined {
    if (!this.callers.has(callerId)) return undefined;
    return this.featuresInto(callerId, new Float64Array(FEATURE_NAMES.length), now);
  }

  /**
   * Writes the features into `out` (reuse one buffer to avoid allocating); returns false when
   * the caller is not tracked. Cost: a walk over the distinct receivers in the window (the
   * call-back ratio), following links the store keeps, with no map lookups.
   */
  featuresInto(callerId: string, out: Float64Array, now = this.clock): Float64Array | undefined {
    const window = this.callers.get(callerId);
    if (window === undefined) return undefined;
    const cutoff = now - this.windowMs;
    window.expire(cutoff, this.journal);
    const calledBack = window.calledBackAfter(cutoff);
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
    window.expire(now - this.windowMs, this.journal);
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

  /**
   * Links a window's entry for `receiver` with the receiver's entry for the window's caller (if the
   * receiver is tracked and has one), both ways, so the call-back count walks no map. Called for
   * every new entry, and again for a restored window's entries.
   */
  private readonly link: LinkEntry = (window, receiver, entry) => {
    const other = this.callers.get(receiver);
    const back = other === undefined ? null : (other.receiverCalls.get(window.callerId) ?? null);
    entry.back = back;
    if (back !== null) back.back = entry;
  };

  private forgetLeastRecent(): void {
    const oldest = this.callers.keys().next();
    if (oldest.done) return;
    const window = this.callers.get(oldest.value);
    if (window !== undefined) window.tracked = false;
    this.callers.delete(oldest.value);
  }
}
