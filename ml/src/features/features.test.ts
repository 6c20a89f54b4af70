import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../call-record';
import { generateDataset } from '../simulate/generate';
import { computeBatchFeatures } from './batch';
import { DAY_MS, FEATURE_NAMES, featureRecord, HOUR_MS, istHour } from './definitions';
import { OnlineFeatureStore } from './online';

// 2025-10-01 00:00 IST.
const T0 = Date.UTC(2025, 8, 30, 18, 30);
let nextId = 0;
function call(
  callerId: string,
  receiverId: string,
  hoursAfterT0: number,
  durationSec: number,
  extra: Partial<CallRecord> = {},
): CallRecord {
  return {
    callId: `t-${nextId++}`,
    callerId,
    receiverId,
    durationSec,
    timestamp: T0 + hoursAfterT0 * HOUR_MS,
    originRegion: 'Delhi',
    targetRegion: 'Mumbai',
    ...extra,
  };
}

const A = '+919800000001';
const B = '+919800000002';
const C = '+919800000003';

describe('batch caller features', () => {
  it('computes each feature of a hand-made caller over the 24 h window', () => {
    const cdrs = [
      call(A, B, 0, 100), // outside the window that ends at hour 30
      call(A, B, 10, 2, { originRegion: 'Mumbai' }),
      call(A, C, 23, 1), // 23:00 IST: night
      call(A, '+447700900123', 28, 60, { targetRegion: 'Chennai' }), // 04:00 IST: night
      call(B, A, 29, 30), // B called A back
      call(A, B, 30, 10),
    ];
    const rows = computeBatchFeatures(cdrs);
    const a = rows.find((r) => r.callerId === A);
    expect(a?.features).toEqual({
      avg_call_duration: (2 + 1 + 60 + 10) / 4,
      total_calls: 4,
      calls_per_hour: 4 / 24,
      night_call_ratio: 2 / 4, // 23:00 and 04:00 IST
      unique_origin_regions: 2,
      unique_target_regions: 2,
      short_call_ratio: 2 / 4,
      receivers_per_call: 3 / 4,
      international_ratio: 1 / 4,
      account_age_days: 7, // first seen when observation began: established, age unknown
      call_back_ratio: 1 / 3,
    });
    expect(Array.from(a?.vector ?? [])).toEqual(FEATURE_NAMES.map((n) => a?.features[n]));
  });

  it('tells a new number by its age only once observation has run for longer than a week', () => {
    const cdrs = [
      call(B, C, 0, 60), // observation begins
      call(A, B, 8 * 24, 60), // A appears 8 days later: a new number
      call(A, C, 8 * 24 + 6, 60),
      call(C, B, 8 * 24 + 6, 60),
    ];
    const rows = computeBatchFeatures(cdrs);
    const a = rows.find((r) => r.callerId === A);
    expect(a?.features.account_age_days).toBe(0.25);
    expect(a?.features.calls_per_hour).toBe(2 / 6);
    // C was first seen after observation began but B was not: only the observed window counts.
    const fresh = computeBatchFeatures([call(C, B, 0, 60), call(A, B, 2, 60), call(A, B, 3, 60)]);
    expect(fresh.find((r) => r.callerId === A)?.features).toMatchObject({
      account_age_days: 7,
      calls_per_hour: 2 / 3,
    });
  });

  it('reads the hour of day in India Standard Time', () => {
    expect(istHour(T0)).toBe(0);
    expect(istHour(T0 + 22.5 * HOUR_MS)).toBe(22);
  });

  it('leaves out callers without calls in the window and ignores calls after its end', () => {
    const rows = computeBatchFeatures([call(A, B, 0, 50), call(B, A, 40, 50), call(C, A, 50, 50)], {
      at: T0 + 40 * HOUR_MS,
    });
    expect(rows.map((r) => r.callerId)).toEqual([B]);
  });

  it("counts only a caller's most recent calls beyond the per-caller cap", () => {
    const cdrs = [call(A, B, 1, 100), call(A, B, 2, 1), call(A, C, 3, 1)];
    const [row] = computeBatchFeatures(cdrs, { maxCallsPerCaller: 2 });
    expect(row.features.total_calls).toBe(2);
    expect(row.features.avg_call_duration).toBe(1);
  });
});

describe('OnlineFeatureStore', () => {
  it('agrees exactly with the batch features on generated traffic at several points in time', () => {
    const { calls } = generateDataset({ callers: 250, days: 4, seed: 9 });
    const store = new OnlineFeatureStore();
    const checkpoints = [0.3, 0.55, 1].map((share) => Math.floor(calls.length * share) - 1);
    let compared = 0;
    calls.forEach((cdr, i) => {
      store.update(cdr);
      if (!checkpoints.includes(i)) return;
      const batch = computeBatchFeatures(calls.slice(0, i + 1), { at: cdr.timestamp });
      expect(batch.length).toBeGreaterThan(200);
      for (const row of batch) {
        expect(Array.from(store.features(row.callerId, cdr.timestamp) ?? [])).toEqual(Array.from(row.vector));
        expect(store.callCount(row.callerId, cdr.timestamp)).toBe(row.features.total_calls);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(600);
  });

  it('forgets calls that slide out of the window, and call-backs with them', () => {
    const store = new OnlineFeatureStore({ windowMs: 2 * HOUR_MS });
    store.update(call(A, B, 0, 50));
    store.update(call(B, A, 1, 50));
    expect(store.features(A)?.[FEATURE_NAMES.indexOf('call_back_ratio')]).toBe(1);
    store.update(call(C, A, 2.5, 50));
    expect(store.callCount(A)).toBe(0);
    expect(store.features(B)?.[FEATURE_NAMES.indexOf('call_back_ratio')]).toBe(0);
    expect(store.features('+910000000000')).toBeUndefined();
  });

  it('writes into a caller-supplied buffer so scoring can reuse one', () => {
    const store = new OnlineFeatureStore();
    store.update(call(A, B, 0, 50));
    const buffer = new Float64Array(FEATURE_NAMES.length);
    expect(store.featuresInto(A, buffer)).toBe(buffer);
    expect(buffer[FEATURE_NAMES.indexOf('total_calls')]).toBe(1);
  });

  it('bounds memory: a burst caller is capped and the least recently active callers are forgotten', () => {
    const store = new OnlineFeatureStore({ maxCallers: 100, maxCallsPerCaller: 512 });
    for (let i = 0; i < 20_000; i++)
      store.update(call(A, `+9170000${String(i).padStart(5, '0')}`, i / 10_000, 1));
    expect(store.callCount(A)).toBe(512);
    const burstBytes = store.bytesPerCaller();
    expect(burstBytes).toBeLessThanOrEqual(store.maxBytesPerCaller());
    for (let i = 0; i < 300; i++) store.update(call(`+91800000${String(i).padStart(4, '0')}`, B, 3, 60));
    expect(store.size).toBe(100);
    expect(store.has(A)).toBe(false);
    expect(store.bytesPerCaller()).toBeLessThan(2_500);
  });

  it('is O(1) per record: a record costs about as much in a 200k-record stream as in a 20k one', () => {
    // A ratio within one run, not a time limit: the machine's speed varies, the shape does not.
    const run = (records: number) => {
      const store = new OnlineFeatureStore();
      const started = performance.now();
      for (let i = 0; i < records; i++) {
        store.update(call(`+9190000${String(i % 5000).padStart(5, '0')}`, B, (i / records) * 48, 30));
      }
      return { store, perRecord: (performance.now() - started) / records };
    };
    const fastest = (records: number) => Math.min(...[0, 1, 2].map(() => run(records).perRecord));
    expect(fastest(200_000) / fastest(20_000)).toBeLessThan(4);
    const { store } = run(200_000);
    expect(store.callCount('+919000000000')).toBe(20);
    expect(store.now).toBe(T0 + (199_999 / 200_000) * 48 * HOUR_MS);
    expect(DAY_MS).toBe(24 * HOUR_MS);
  });
});

describe('OnlineFeatureStore checkpoints', () => {
  const calls = (caller: string, count: number, from: number) =>
    Array.from({ length: count }, (_, i) => call(caller, `+91980000${String(100 + i)}`, from + i * 0.1, 30));

  it('a full restore leaves the store exactly as if the batch had never been counted', () => {
    const store = new OnlineFeatureStore();
    const untouched = new OnlineFeatureStore();
    for (const cdr of calls(A, 6, 0)) {
      store.update(cdr);
      untouched.update(cdr);
    }
    const checkpoint = store.checkpoint();
    for (const cdr of [...calls(A, 4, 2), ...calls('+919800000077', 3, 2)]) store.update(cdr, checkpoint);
    expect(store.callCount(A)).toBe(10);
    store.restore(checkpoint);
    expect(store.has('+919800000077')).toBe(false);
    expect(store.now).toBe(untouched.now);
    expect([...(store.features(A) ?? [])]).toEqual([...(untouched.features(A) ?? [])]);
  });

  it('a partial restore undoes only the callers named, and replaying their committed calls counts each once', () => {
    const other = '+919800000078';
    const store = new OnlineFeatureStore();
    const reference = new OnlineFeatureStore();
    const history = calls(A, 5, 0);
    for (const cdr of history) {
      store.update(cdr);
      reference.update(cdr);
    }
    const batch = [...calls(A, 3, 1), ...calls(other, 2, 1)];
    const checkpoint = store.checkpoint();
    for (const cdr of batch) store.update(cdr, checkpoint);
    // Only A's first new call and all of the other caller's calls committed.
    const committed = [batch[0], batch[3], batch[4]] as CallRecord[];
    store.restore(checkpoint, [A]);
    store.update(committed[0] as CallRecord);
    for (const cdr of committed) reference.update(cdr);
    expect(store.callCount(A)).toBe(6);
    expect(store.callCount(other)).toBe(2);
    // A partial restore keeps the clock (an uncommitted call may have been the newest): compare
    // at one time.
    const now = reference.now;
    expect([...(store.features(A, now) ?? [])]).toEqual([...(reference.features(A, now) ?? [])]);
    expect([...(store.features(other, now) ?? [])]).toEqual([...(reference.features(other, now) ?? [])]);
  });
});

/**
 * Seeded calls among a few people (and now and then abroad): mostly minutes apart, sometimes a
 * jump of hours (`jumpHours`: at least the first, plus up to the second).
 */
function churn(options: {
  people: number;
  seed: number;
  jumpHours: [number, number];
  stepHours: number;
  /** Share of calls to a number abroad, and of one-second calls. */
  abroad: number;
  short: number;
}) {
  const people = Array.from(
    { length: options.people },
    (_, i) => `+919800${String(options.seed).padStart(3, '0')}${String(i).padStart(2, '0')}`,
  );
  let seed = options.seed;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = () => people[Math.floor(random() * people.length)] as string;
  let hour = 0;
  const next = (): CallRecord => {
    const [least, more] = options.jumpHours;
    hour += random() < 0.05 ? least + random() * more : random() * options.stepHours;
    return call(
      pick(),
      random() < options.abroad ? '+447700900123' : pick(),
      hour,
      random() < options.short ? 1 : 60,
    );
  };
  return { people, random, next };
}

describe('OnlineFeatureStore checkpoints under churn', () => {
  /** Everything a store tells about a caller, receivers as a set. */
  const stateOf = (store: OnlineFeatureStore, callerId: string, now: number) => ({
    calls: store.callCount(callerId, now),
    features: [...(store.features(callerId, now) ?? [])],
    receivers: [...(store.receivers(callerId, now) ?? [])].sort(),
  });

  it('restores exactly after expiries, full windows, ring growth and receivers that come and go', () => {
    // Mostly minutes apart (windows fill to their 16-call cap), now and then a jump of hours.
    const { people, random, next } = churn({
      people: 6,
      seed: 7,
      jumpHours: [8, 12],
      stepHours: 0.2,
      abroad: 0.2,
      short: 0.3,
    });
    // Small windows: calls expire by time (24 h) and by count (16 per caller) inside batches.
    const options = { maxCallsPerCaller: 16 };
    const store = new OnlineFeatureStore(options);
    const reference = new OnlineFeatureStore(options);
    for (let batch = 0; batch < 40; batch++) {
      const calls = Array.from({ length: 30 }, next);
      const checkpoint = store.checkpoint();
      for (const cdr of calls) store.update(cdr, checkpoint);
      // Some batches fail, some commit in part, some in full.
      const committed = calls.filter(() => batch % 3 === 0 || (batch % 3 === 1 && random() < 0.6));
      const stored = new Set(committed.map((cdr) => cdr.callId));
      const uncommitted = new Set(calls.filter((cdr) => !stored.has(cdr.callId)).map((cdr) => cdr.callerId));
      if (committed.length === 0) store.restore(checkpoint);
      else if (uncommitted.size > 0) {
        store.restore(checkpoint, uncommitted);
        for (const cdr of calls)
          if (uncommitted.has(cdr.callerId) && stored.has(cdr.callId)) store.update(cdr);
      }
      store.release(checkpoint);
      for (const cdr of committed) reference.update(cdr);
      // Later and later ends of the window: calls expire, and a receiver's last call back falls
      // out of it (both stores are asked the same, so both expire the same).
      for (const hours of [0, 4, 12, 20]) {
        const now = Math.max(store.now, reference.now) + hours * HOUR_MS;
        for (const person of people)
          expect(stateOf(store, person, now)).toEqual(stateOf(reference, person, now));
      }
    }
  });

  it('counts call-backs through its links as a walk of the receivers’ own windows would, while callers are forgotten, restored and come back', () => {
    const { people, random, next } = churn({
      people: 9,
      seed: 11,
      jumpHours: [10, 10],
      stepHours: 0.3,
      abroad: 0.1,
      short: 0,
    });
    // Five of nine callers tracked at once: callers are forgotten and come back in new windows.
    const store = new OnlineFeatureStore({ maxCallsPerCaller: 12, maxCallers: 5 });
    const callBack = FEATURE_NAMES.indexOf('call_back_ratio');
    /** The ratio by asking each receiver's window whether it called the caller after the cutoff. */
    const walked = (callerId: string, now: number) => {
      const receivers = [...(store.receivers(callerId, now) ?? [])];
      const back = receivers.filter((r) => [...(store.receivers(r, now) ?? [])].includes(callerId));
      return receivers.length === 0 ? 0 : back.length / receivers.length;
    };
    let compared = 0;
    for (let batch = 0; batch < 60; batch++) {
      const calls = Array.from({ length: 25 }, next);
      const checkpoint = store.checkpoint();
      for (const cdr of calls) store.update(cdr, checkpoint);
      if (batch % 4 === 1) store.restore(checkpoint);
      else if (batch % 4 === 2)
        store.restore(
          checkpoint,
          people.filter(() => random() < 0.5),
        );
      store.release(checkpoint);
      for (const hours of [0, 6, 18]) {
        const now = store.now + hours * HOUR_MS;
        for (const person of people) {
          if (!store.has(person)) continue;
          const linked = store.features(person, now)?.[callBack];
          expect(linked, `${person} at batch ${batch}, +${hours} h`).toBe(walked(person, now));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('a checkpoint ends once: restoring it again throws', () => {
    const store = new OnlineFeatureStore();
    const checkpoint = store.checkpoint();
    store.update(call(A, B, 0, 30), checkpoint);
    store.restore(checkpoint);
    expect(store.has(A)).toBe(false);
    expect(() => store.restore(checkpoint)).toThrow(/restored or released/);
    expect(() => store.update(call(A, B, 1, 30), checkpoint)).toThrow(/restored or released/);
  });
});

describe('featureRecord', () => {
  it('names every value of a vector, or of a row of a flat matrix, in FEATURE_NAMES order', () => {
    const width = FEATURE_NAMES.length;
    const matrix = Float64Array.from({ length: 3 * width }, (_, i) => i + 0.5);
    const record = featureRecord(matrix, width);
    expect(Object.keys(record)).toEqual([...FEATURE_NAMES]);
    for (const [i, name] of FEATURE_NAMES.entries()) expect(record[name]).toBe(width + i + 0.5);
    expect(featureRecord(matrix.subarray(width, 2 * width))).toEqual(record);
  });
});
