import { describe, expect, it } from 'vitest';
import { FRAUD_CATEGORIES, REGIONS } from '../call-record';
import { DAY_MS, isNight, istHour } from '../features/definitions';
import { generateDataset } from './generate';
import { streamTraffic } from './stream';

describe('generateDataset', () => {
  const dataset = generateDataset({ callers: 400, days: 10, seed: 3 });
  const normalCalls = dataset.calls.filter((c) => c.trueLabel === 0);
  const fraudCalls = dataset.calls.filter((c) => c.trueLabel === 1);

  it('is reproducible from its seed and changes with it', () => {
    const again = generateDataset({ callers: 400, days: 10, seed: 3 });
    expect(again.calls).toEqual(dataset.calls);
    expect(again.subscribers).toEqual(dataset.subscribers);
    expect(generateDataset({ callers: 400, days: 10, seed: 4 }).calls[0]).not.toEqual(dataset.calls[0]);
  });

  it('has the requested callers, 5% fraudsters, Indian names and E.164 numbers, calls in time order with unique ids', () => {
    expect(dataset.subscribers).toHaveLength(400);
    expect(dataset.subscribers.filter((s) => s.isFraud)).toHaveLength(20);
    for (const s of dataset.subscribers) {
      expect(s.number).toMatch(/^\+91[6-9]\d{9}$/);
      expect(s.name.length).toBeGreaterThan(3);
      expect(REGIONS).toContain(s.region);
    }
    for (let i = 1; i < dataset.calls.length; i++) {
      expect(dataset.calls[i].timestamp).toBeGreaterThanOrEqual(dataset.calls[i - 1].timestamp);
    }
    expect(new Set(dataset.calls.map((c) => c.callId)).size).toBe(dataset.calls.length);
    const { start, days } = dataset.options;
    expect(dataset.calls[0].timestamp).toBeGreaterThanOrEqual(start);
    expect(dataset.calls[dataset.calls.length - 1].timestamp).toBeLessThan(start + days * DAY_MS);
  });

  it("gives normal subscribers PRODUCT.md's behaviour: 1–10 calls a day, ~180 s calls, daytime, 70% in region", () => {
    const mean = normalCalls.reduce((a, c) => a + c.durationSec, 0) / normalCalls.length;
    expect(mean).toBeGreaterThan(175);
    expect(mean).toBeLessThan(185);
    expect(Math.min(...normalCalls.map((c) => c.durationSec))).toBeGreaterThanOrEqual(20);
    const perCallerDay = normalCalls.length / (380 * 10);
    expect(perCallerDay).toBeGreaterThan(5);
    expect(perCallerDay).toBeLessThan(6);
    const lateEvening = normalCalls.filter((c) => istHour(c.timestamp) >= 22).length / normalCalls.length;
    expect(lateEvening).toBeGreaterThan(0.04);
    expect(lateEvening).toBeLessThan(0.06);
    expect(normalCalls.every((c) => istHour(c.timestamp) >= 8)).toBe(true);
    const home = new Map(dataset.subscribers.map((s) => [s.number, s.region]));
    const inRegion =
      normalCalls.filter((c) => c.targetRegion === home.get(c.callerId)).length / normalCalls.length;
    expect(inRegion).toBeGreaterThan(0.65);
    expect(inRegion).toBeLessThan(0.75);
  });

  it('gives fraudsters 50–150 short calls a day, much of it at night, spread over every region', () => {
    const fraudsters = dataset.subscribers.filter((s) => s.isFraud).length;
    const firstCall = new Map<string, number>();
    for (const c of fraudCalls) if (!firstCall.has(c.callerId)) firstCall.set(c.callerId, c.timestamp);
    const activeDays = [...firstCall.values()].reduce(
      (a, t) => a + (dataset.options.start + 10 * DAY_MS - t) / DAY_MS,
      0,
    );
    const perDay = fraudCalls.length / activeDays;
    expect(perDay).toBeGreaterThan(50);
    expect(perDay).toBeLessThan(150);
    expect(firstCall.size).toBe(fraudsters);
    const meanDuration = fraudCalls.reduce((a, c) => a + c.durationSec, 0) / fraudCalls.length;
    expect(meanDuration).toBeLessThan(60);
    const night = fraudCalls.filter((c) => isNight(c.timestamp)).length / fraudCalls.length;
    expect(night).toBeGreaterThan(0.3);
    expect(new Set(fraudCalls.map((c) => c.targetRegion)).size).toBe(REGIONS.length);
  });

  it('runs campaigns of every fraud type whose members share a number series and a target list', () => {
    expect(new Set(dataset.campaigns.map((c) => c.category))).toEqual(new Set(FRAUD_CATEGORIES));
    for (const campaign of dataset.campaigns) {
      expect(campaign.members.length).toBeGreaterThan(0);
      for (const member of campaign.members) expect(member.startsWith(campaign.numberSeries)).toBe(true);
      const calls = fraudCalls.filter((c) => c.campaignId === campaign.id);
      expect(calls.every((c) => c.category === campaign.category)).toBe(true);
      const receivers = new Set(calls.map((c) => c.receiverId));
      const membersSharingTargets = campaign.members.filter((m) =>
        calls.some(
          (c) =>
            c.callerId !== m &&
            receivers.has(c.receiverId) &&
            calls.some((d) => d.callerId === m && d.receiverId === c.receiverId),
        ),
      );
      if (campaign.members.length > 1) expect(membersSharingTargets.length).toBeGreaterThan(1);
    }
    const simBox = fraudCalls.filter((c) => c.category === 'SIM_BOX');
    expect(simBox.filter((c) => !c.receiverId.startsWith('+91')).length / simBox.length).toBeGreaterThan(0.4);
  });

  it('refuses impossible options with a message naming the option', () => {
    expect(() => generateDataset({ callers: 0 })).toThrow(/callers/);
    expect(() => generateDataset({ fraudRatio: 1.5 })).toThrow(/fraudRatio/);
  });
});

describe('streamTraffic', () => {
  it('streams time-ordered calls with campaigns that start, grow and stop, the same on every replay', async () => {
    const start = Date.UTC(2025, 0, 1);
    const stream = streamTraffic({ seed: 5, start, callers: 200, minCampaignHours: 6, maxCampaignHours: 30 });
    const calls = [];
    for await (const cdr of stream) {
      calls.push(cdr);
      if (cdr.timestamp > start + 5 * DAY_MS) break;
    }
    for (let i = 1; i < calls.length; i++)
      expect(calls[i].timestamp).toBeGreaterThanOrEqual(calls[i - 1].timestamp);
    expect(calls[0].timestamp).toBeGreaterThanOrEqual(start);
    const campaigns = new Map<string, { first: number; last: number; members: Set<string> }>();
    for (const c of calls) {
      if (c.campaignId === undefined) continue;
      const seen = campaigns.get(c.campaignId) ?? {
        first: c.timestamp,
        last: c.timestamp,
        members: new Set<string>(),
      };
      seen.last = c.timestamp;
      seen.members.add(c.callerId);
      campaigns.set(c.campaignId, seen);
      expect(c.trueLabel).toBe(1);
    }
    expect(campaigns.size).toBeGreaterThan(2);
    const stopped = [...campaigns.values()].filter((c) => c.last < start + 4 * DAY_MS);
    expect(stopped.length).toBeGreaterThan(0);
    expect([...campaigns.values()].some((c) => c.members.size > 3)).toBe(true);
    const replay: typeof calls = [];
    for (const cdr of stream) {
      replay.push(cdr);
      if (replay.length === 500) break;
    }
    expect(replay).toEqual(calls.slice(0, 500));
  });
});
