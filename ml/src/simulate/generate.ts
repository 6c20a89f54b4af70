import { type CallRecord, FRAUD_CATEGORIES } from '../call-record';
import { DAY_MS, HOUR_MS } from '../features/definitions';
import { SeededRandom } from '../random';
import { type CallDraft, finaliseCalls, fraudDayCalls, istMidnight, normalDayCalls } from './behaviour';
import {
  addCampaignMember,
  type Campaign,
  type CampaignPlan,
  categorySequence,
  createCampaign,
  createNormalCallers,
  PhoneBook,
  type Subscriber,
} from './population';

export interface GenerateOptions {
  callers: number;
  days: number;
  fraudRatio: number;
  seed: number;
  /** Start of the data (epoch ms); default 2025-10-01 00:00 IST. */
  start: number;
  /** Called after each simulated day. */
  onDay?: (done: number, total: number) => void;
}

export const DEFAULT_GENERATE_OPTIONS: GenerateOptions = {
  callers: 800,
  days: 30,
  fraudRatio: 0.05,
  seed: 42,
  start: Date.UTC(2025, 8, 30, 18, 30),
};

export interface GeneratedDataset {
  subscribers: Subscriber[];
  campaigns: Campaign[];
  /** In time order. */
  calls: CallRecord[];
  options: Omit<GenerateOptions, 'onDay'>;
}

/** Average campaign size; campaigns of the named types share the fraudsters between them. */
const MEMBERS_PER_CAMPAIGN = 5;

export function validateGenerateOptions(options: Partial<GenerateOptions>): GenerateOptions {
  const settings = { ...DEFAULT_GENERATE_OPTIONS, ...options };
  const { callers, days, fraudRatio, seed, start } = settings;
  if (!Number.isInteger(callers) || callers < 1)
    throw new RangeError(`callers must be a positive integer, got ${callers}`);
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`days must be a positive integer, got ${days}`);
  if (!(fraudRatio >= 0 && fraudRatio < 1))
    throw new RangeError(`fraudRatio must be in [0, 1), got ${fraudRatio}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isFinite(start)) throw new RangeError(`start must be an epoch-ms time, got ${start}`);
  return settings;
}

/**
 * A reproducible CDR data set (PRODUCT.md): normal subscribers plus fraud campaigns of every
 * type, each campaign's members sharing a number series, a target list and working hours.
 * Campaigns start at any time up to two days before the end, grow over three days and run
 * to the end, so every fraudster is active at the end of the data and some are new numbers.
 */
export function generateDataset(options: Partial<GenerateOptions> = {}): GeneratedDataset {
  const settings = validateGenerateOptions(options);
  const { callers, days, fraudRatio, seed, start } = settings;
  const random = new SeededRandom(seed);
  const phoneBook = new PhoneBook(seed);
  const end = start + days * DAY_MS;
  const fraudsters = Math.round(callers * fraudRatio);
  const normals = createNormalCallers(callers - fraudsters, phoneBook, random, start);

  // Every fraud type gets a campaign when there are fraudsters enough.
  const campaignCount =
    fraudsters === 0
      ? 0
      : Math.max(
          Math.min(FRAUD_CATEGORIES.length, fraudsters),
          Math.round(fraudsters / MEMBERS_PER_CAMPAIGN),
        );
  const categories = categorySequence(campaignCount, random);
  const plans: CampaignPlan[] = [];
  const latestStart = Math.max(0, days - 2);
  for (let c = 0; c < campaignCount; c++) {
    const startedAt = start + random.intBetween(0, latestStart) * DAY_MS + random.intBetween(0, 23) * HOUR_MS;
    const plan = createCampaign(
      `CMP-${seed}-${String(c + 1).padStart(3, '0')}`,
      categories[c],
      startedAt,
      phoneBook,
      random,
    );
    const size = Math.floor(fraudsters / campaignCount) + (c < fraudsters % campaignCount ? 1 : 0);
    for (let m = 0; m < size; m++) {
      // Campaigns grow: members join over three days, on fresh SIMs.
      const joinsAt = Math.min(startedAt + random.nextInt(72) * HOUR_MS, end - DAY_MS / 2);
      addCampaignMember(plan, Math.max(start, joinsAt), phoneBook, random);
    }
    plans.push(plan);
  }

  const drafts: CallDraft[] = [];
  const firstDay = istMidnight(start);
  const totalDays = Math.ceil((end - firstDay) / DAY_MS);
  for (let d = 0; d < totalDays; d++) {
    const dayStart = firstDay + d * DAY_MS;
    const dayDrafts: CallDraft[] = [];
    for (const caller of normals) normalDayCalls(caller, dayStart, random, phoneBook, dayDrafts);
    for (const plan of plans) {
      for (const { subscriber, joinsAt } of plan.members) {
        fraudDayCalls(
          subscriber,
          plan,
          dayStart,
          Math.max(joinsAt, dayStart),
          dayStart + DAY_MS,
          random,
          dayDrafts,
        );
      }
    }
    for (const draft of dayDrafts) if (draft.timestamp >= start && draft.timestamp < end) drafts.push(draft);
    settings.onDay?.(d + 1, totalDays);
  }
  const { onDay: _onDay, ...recorded } = settings;
  return {
    subscribers: [
      ...normals.map((n) => n.subscriber),
      ...plans.flatMap((p) => p.members.map((m) => m.subscriber)),
    ],
    campaigns: plans.map((p) => p.campaign),
    calls: finaliseCalls(drafts, `call-${seed}`, 1),
    options: recorded,
  };
}
