// The entry point with a stand-in database (unit test of this module; the real one is covered
// by api/test/alerts-campaigns.test.ts, lists.test.ts, live-pipeline.test.ts).
import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import type { Alert } from '../generated/prisma/client';
import type { AlertEvent } from '../services/alerts';
import { Alerts } from '.';
import { rule } from './rule';
import { alertRules } from './rules';

function fakeDb() {
  const rows: Alert[] = [];
  const db = {
    alert: {
      findFirst: async ({ where }: { where: { dedupeKey: string } }) =>
        rows.find((row) => row.dedupeKey === where.dedupeKey && row.status !== 'RESOLVED') ?? null,
      create: async ({ data }: { data: Partial<Alert> }) => {
        const row = { id: `a${rows.length}`, status: 'OPEN', createdAt: new Date(), ...data } as Alert;
        rows.push(row);
        return row;
      },
    },
  };
  return { db: db as unknown as Db, rows };
}

const blockedCaller = {
  callers: [
    {
      callerId: '+919800000001',
      model: null,
      list: { kind: 'BLOCK' as const, listName: 'L', reason: 'r', source: 's' },
    },
  ],
};

describe('Alerts (the entry point)', () => {
  it('hands a trigger only to the rules listening to it, raises with the rule’s kind and publishes', async () => {
    const { db, rows } = fakeDb();
    const published: AlertEvent[] = [];
    const alerts = new Alerts(db, (alert) => published.push(alert), {
      dedupeWindowMs: 3600_000,
      maxPerMinute: 60,
    });
    const raised = await alerts.consider('callsCommitted', blockedCaller);
    expect(raised.map((alert) => alert.kind)).toEqual(['NUMBER_BLOCKED']);
    expect(published.map((alert) => alert.dedupeKey)).toEqual(['blocked:+919800000001']);
    expect(typeof published[0]?.createdAt).toBe('string');
    expect(
      await alerts.consider('reportsChanged', {
        number: '+1',
        reports: { verdict: 'SAFE', reporters: 0, trusted: 0, byCategory: [] },
      }),
    ).toEqual([]);
    expect(rows).toHaveLength(1);
  });

  it('does not ask again about a key a recheckAfterMs rule raised recently', async () => {
    const { db } = fakeDb();
    let lookups = 0;
    const counting = db as unknown as { alert: { findFirst: (...args: never[]) => Promise<unknown> } };
    const findFirst = counting.alert.findFirst;
    counting.alert.findFirst = (...args) => {
      lookups++;
      return findFirst(...args);
    };
    const alerts = new Alerts(db, () => undefined);
    await alerts.consider('callsCommitted', blockedCaller);
    await alerts.consider('callsCommitted', blockedCaller);
    expect(lookups).toBe(1);
  });

  it('threads each rule’s memory from one trigger to the next', async () => {
    const { db } = fakeDb();
    const alerts = new Alerts(db, () => undefined);
    expect(await alerts.consider('detectionRound', { flaggedCalls: 10, intervalMs: 5000 })).toEqual([]);
    const [raised] = await alerts.consider('detectionRound', { flaggedCalls: 200, intervalMs: 5000 });
    expect(raised?.kind).toBe('BURST');
    expect(raised?.severity).toBe('CRITICAL');
  });

  it('dedupes by key and caps each kind per minute, counting what it drops', async () => {
    const { db, rows } = fakeDb();
    const every = rule('reportsChanged', ({ number }) => [
      { severity: 'LOW', title: number, message: number, dedupeKey: number },
    ]);
    const alerts = new Alerts(db, () => undefined, {
      dedupeWindowMs: 3600_000,
      maxPerMinute: 2,
      rules: { ...alertRules, REPORTED_NUMBER: every },
    });
    const reports = { verdict: 'SAFE' as const, reporters: 0, trusted: 0, byCategory: [] };
    for (const number of ['1', '1', '2', '3']) await alerts.consider('reportsChanged', { number, reports });
    expect(rows.map((row) => row.dedupeKey)).toEqual(['1', '2']);
    expect(alerts.dropped).toBe(1);
  });

  it('raises every NEW_CAMPAIGN alert of a round, past the cap: a campaign is new only once', async () => {
    const { db, rows } = fakeDb();
    const alerts = new Alerts(db, () => undefined, { dedupeWindowMs: 3600_000, maxPerMinute: 2 });
    for (const id of ['c1', 'c2', 'c3']) {
      await alerts.consider('campaignDetected', {
        campaign: {
          id,
          type: 'LOTTERY',
          members: ['+919812345001', '+919812345002'],
          density: 1,
          isNew: true,
        },
      });
    }
    expect(rows.map((row) => row.campaignId)).toEqual(['c1', 'c2', 'c3']);
    expect(alerts.dropped).toBe(0);
  });

  it('keeps an alert raised when a listener fails', async () => {
    const { db, rows } = fakeDb();
    const alerts = new Alerts(db, () => undefined);
    const heard: string[] = [];
    alerts.onRaised(async () => {
      throw new Error('case desk down');
    });
    alerts.onRaised(async (alert) => {
      heard.push(alert.id);
    });
    await alerts.consider('callsCommitted', blockedCaller);
    expect(rows).toHaveLength(1);
    expect(heard).toEqual(['a0']);
  });
});
