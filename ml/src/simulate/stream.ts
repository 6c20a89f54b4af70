import type { CallRecord } from '../call-record';
import { DAY_MS, HOUR_MS } from '../features/definitions';
import { SeededRandom } from '../random';
import { type CallDraft, finaliseCalls, fraudDayCalls, istMidnight, normalDayCalls } from './behaviour';
import {
  addCampaignMember,
  type CampaignPlan,
  categorySequence,
  createCampaign,
  createNormalCallers,
  PhoneBook,
} from './population';

export interface TrafficOptions {
  seed: number;
  /** First call time (epoch ms); default now. Pass it for a reproducible stream. */
  start: number;
  /** Subscribers, fraudsters included. */
  callers: number;
  /** Share of callers that are active fraudsters at a time, on average. */
  fraudRatio: number;
  /** Largest campaign. */
  maxCampaignSize: number;
  /** Campaign lifetime range, hours. */
  minCampaignHours: number;
  maxCampaignHours: number;
}

export const DEFAULT_TRAFFIC_OPTIONS: Omit<TrafficOptions, 'start'> = {
  seed: 42,
  callers: 800,
  fraudRatio: 0.05,
  maxCampaignSize: 8,
  minCampaignHours: 12,
  maxCampaignHours: 96,
};

export type TrafficStream = Iterable<CallRecord> & AsyncIterable<CallRecord>;

interface LiveCampaign {
  plan: CampaignPlan;
  endsAt: number;
}

/**
 * Unbounded, time-ordered traffic for the live simulator: normal subscribers plus fraud
 * campaigns that start, grow (add members) and stop over time, with ground truth on every
 * record. Each iteration replays the same stream from the seed.
 */
export function streamTraffic(options: Partial<TrafficOptions> = {}): TrafficStream {
  const settings: TrafficOptions = { ...DEFAULT_TRAFFIC_OPTIONS, start: Date.now(), ...options };
  if (!Number.isInteger(settings.callers) || settings.callers < 1) {
    throw new RangeError(`callers must be a positive integer, got ${settings.callers}`);
  }
  if (!(settings.fraudRatio >= 0 && settings.fraudRatio < 1)) {
    throw new RangeError(`fraudRatio must be in [0, 1), got ${settings.fraudRatio}`);
  }
  if (!(settings.minCampaignHours >= 1 && settings.maxCampaignHours >= settings.minCampaignHours)) {
    throw new RangeError('campaign hours must satisfy 1 <= minCampaignHours <= maxCampaignHours');
  }
  return {
    [Symbol.iterator]: () => traffic(settings),
    async *[Symbol.asyncIterator]() {
      yield* traffic(settings);
    },
  };
}

function* traffic(settings: TrafficOptions): Generator<CallRecord> {
  const { seed, start, callers, fraudRatio } = settings;
  const random = new SeededRandom(seed);
  const phoneBook = new PhoneBook(seed);
  const targetFraudsters = Math.round(callers * fraudRatio);
  const normals = createNormalCallers(callers - targetFraudsters, phoneBook, random, start);
  let live: LiveCampaign[] = [];
  let campaignsStarted = 0;
  let categories = categorySequence(5, random);
  let emitted = 0;
  for (let dayStart = istMidnight(start); ; dayStart += DAY_MS) {
    const drafts: CallDraft[] = [];
    for (const caller of normals) normalDayCalls(caller, dayStart, random, phoneBook, drafts);
    const today: LiveCampaign[] = [];
    for (let hour = 0; hour < 24; hour++) {
      const t = dayStart + hour * HOUR_MS;
      for (const c of live) if (c.endsAt <= t) c.plan.campaign.endedAt = c.endsAt;
      live = live.filter((c) => c.endsAt > t);
      const activeFraudsters = live.reduce((n, c) => n + c.plan.members.length, 0);
      if (activeFraudsters < targetFraudsters && random.chance(0.25)) {
        if (campaignsStarted % categories.length === 0 && campaignsStarted > 0)
          categories = categorySequence(5, random);
        const category = categories[campaignsStarted % categories.length];
        campaignsStarted++;
        const startedAt = t + random.nextInt(60) * 60_000;
        const plan = createCampaign(
          `LIVE-${seed}-${String(campaignsStarted).padStart(4, '0')}`,
          category,
          startedAt,
          phoneBook,
          random,
        );
        const initial = random.intBetween(2, 3);
        for (let m = 0; m < initial; m++) addCampaignMember(plan, startedAt, phoneBook, random);
        const hours = random.intBetween(settings.minCampaignHours, settings.maxCampaignHours);
        live.push({ plan, endsAt: startedAt + hours * HOUR_MS });
      }
      for (const c of live) {
        if (c.plan.members.length < settings.maxCampaignSize && random.chance(0.08)) {
          addCampaignMember(c.plan, t + random.nextInt(60) * 60_000, phoneBook, random);
        }
        if (!today.includes(c)) today.push(c);
      }
    }
    for (const c of today) {
      for (const { subscriber, joinsAt } of c.plan.members) {
        const from = Math.max(joinsAt, dayStart);
        const to = Math.min(c.endsAt, dayStart + DAY_MS);
        if (from < to) fraudDayCalls(subscriber, c.plan, dayStart, from, to, random, drafts);
      }
    }
    const calls = finaliseCalls(
      drafts.filter((d) => d.timestamp >= start),
      `live-${seed}`,
      emitted + 1,
    );
    emitted += calls.length;
    yield* calls;
  }
}
