// The online feature store counts exactly the calls that are stored: duplicates within a
// batch, concurrent copies of a batch and retries after failed transactions never count twice.
// Failures are real: a trigger in PostgreSQL makes every third insert statement fail.
import { FEATURE_NAMES, OnlineFeatureStore } from '@satark/ml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../src/db';
import { callFromRow } from '../src/services/call-rows';
import { callInput, startTestApi, type TestApi, uniqueNumber } from './harness';

let api: TestApi;
let admin: Db;

beforeAll(async () => {
  admin = createDb(inject('databaseUrl'), 1);
  await admin.$executeRawUnsafe('CREATE SEQUENCE IF NOT EXISTS exactly_once_inserts');
  await admin.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION exactly_once_fail() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM inserted WHERE "callId" LIKE 'eo-%')
         AND nextval('exactly_once_inserts') % 3 = 0 THEN
        RAISE EXCEPTION 'injected failure (exactly-once test)';
      END IF;
      RETURN NULL;
    END $$`);
  await admin.$executeRawUnsafe(`
    CREATE TRIGGER exactly_once_fail AFTER INSERT ON "CallRecord"
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION exactly_once_fail()`);
  api = await startTestApi();
});

afterAll(async () => {
  await api?.close();
  await admin.$executeRawUnsafe('DROP TRIGGER IF EXISTS exactly_once_fail ON "CallRecord"');
  await admin.$executeRawUnsafe('DROP FUNCTION IF EXISTS exactly_once_fail()');
  await admin.$executeRawUnsafe('DROP SEQUENCE IF EXISTS exactly_once_inserts');
  await admin.$disconnect();
});

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Like a stream consumer: a batch that fails is sent again until it goes through. */
async function ingestUntilStored(batch: ReturnType<typeof callInput>[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await api.app.ingest(batch)).accepted;
    } catch (error) {
      expect(String(error)).toMatch(/injected failure/);
      if (attempt > 50) throw error;
    }
  }
}

describe('exactly-once scoring', () => {
  it('counts every stored call once in the feature store, under concurrent duplicate batches and failed transactions', async () => {
    const callers = Array.from({ length: 25 }, () => uniqueNumber());
    const receivers = Array.from({ length: 40 }, () => uniqueNumber());
    const now = Date.now();
    const calls = callers.flatMap((caller, c) =>
      Array.from({ length: 6 + (c % 7) }, (_, i) =>
        callInput({
          callId: `eo-${caller.slice(-8)}-${i}`,
          caller,
          receiver: receivers[Math.floor(Math.random() * receivers.length)],
          // Within the last hour, one call a minute per caller: nothing leaves the window.
          startedAt: new Date(now - 3_600_000 + i * 60_000 + c * 1_000).toISOString(),
          durationSec: 5 + Math.floor(Math.random() * 300),
        }),
      ),
    );
    // Batches of 10 that repeat a call inside them, each sent three times at once.
    const batches: ReturnType<typeof callInput>[][] = [];
    const order = shuffle(calls);
    for (let i = 0; i < order.length; i += 10) {
      const batch = order.slice(i, i + 10);
      batches.push([...batch, batch[0] as ReturnType<typeof callInput>]);
    }
    const accepted = await Promise.all(
      shuffle(batches.flatMap((batch) => [batch, shuffle(batch), batch])).map(ingestUntilStored),
    );
    expect(accepted.reduce((a, b) => a + b, 0)).toBe(calls.length);
    const failures = await admin.$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT last_value AS n FROM exactly_once_inserts',
    );
    expect(Number(failures[0]?.n)).toBeGreaterThan(3);

    const rows = await admin.callRecord.findMany({
      where: { caller: { in: callers } },
      orderBy: { startedAt: 'asc' },
    });
    expect(rows).toHaveLength(calls.length);
    // The same stored rows, counted once each in time order: what the live store must hold.
    const expected = new OnlineFeatureStore({ windowMs: api.app.liveScorer.store.windowMs });
    for (const row of rows) {
      expected.update(callFromRow(row));
    }
    const live = api.app.liveScorer.store;
    const at = expected.now;
    // Account age and calls per hour depend on when the store first saw a caller (the batches
    // arrive out of time order); every other feature depends only on which calls are counted.
    const compared = FEATURE_NAMES.map((name, i) => [name, i] as const).filter(
      ([name]) => name !== 'account_age_days' && name !== 'calls_per_hour',
    );
    for (const caller of callers) {
      const stored = rows.filter((row) => row.caller === caller).length;
      expect(live.callCount(caller, at), caller).toBe(stored);
      const got = live.features(caller, at);
      const want = expected.features(caller, at);
      for (const [name, i] of compared) {
        expect(got?.[i], `${caller} ${name}`).toBeCloseTo(want?.[i] ?? Number.NaN, 9);
      }
    }
    const phoneRows = await admin.phoneNumber.findMany({ where: { number: { in: callers } } });
    for (const phone of phoneRows) {
      expect(phone.callCount, phone.number).toBe(rows.filter((row) => row.caller === phone.number).length);
    }
  });

  it('two instances given the same batches count each stored call on exactly one of them', async () => {
    const other = await startTestApi();
    try {
      const callers = Array.from({ length: 10 }, () => uniqueNumber());
      const now = Date.now();
      const calls = callers.flatMap((caller, c) =>
        Array.from({ length: 8 }, (_, i) =>
          callInput({
            callId: `eo2-${caller.slice(-8)}-${i}`,
            caller,
            startedAt: new Date(now - 1_800_000 + i * 60_000 + c * 1_000).toISOString(),
          }),
        ),
      );
      const batches: ReturnType<typeof callInput>[][] = [];
      for (let i = 0; i < calls.length; i += 8) batches.push(shuffle(calls).slice(0, 8));
      batches.push(calls);
      await Promise.all(
        batches.flatMap((batch) => [api.app.ingest(batch), other.app.ingest(shuffle(batch))]),
      );
      const rows = await admin.callRecord.groupBy({
        by: ['caller'],
        where: { caller: { in: callers } },
        _count: true,
      });
      expect(rows.reduce((n, row) => n + row._count, 0)).toBe(calls.length);
      for (const row of rows) {
        const counted =
          api.app.liveScorer.store.callCount(row.caller, now) +
          other.app.liveScorer.store.callCount(row.caller, now);
        expect(counted, row.caller).toBe(row._count);
      }
    } finally {
      await other.close();
    }
  });
});
