import { type CallRecord, REGIONS, type Region } from '../call-record';
import { DAY_MS, HOUR_MS, IST_OFFSET_MS } from '../features/definitions';
import type { SeededRandom } from '../random';
import type { CampaignPlan, NormalCaller, PhoneBook, Subscriber } from './population';
import { FRAUD_PROFILES } from './profiles';

/** A generated call before it gets its id (ids follow the final time order). */
export type CallDraft = Omit<CallRecord, 'callId'>;

const NIGHT_HOURS = [22, 23, 0, 1, 2, 3, 4, 5] as const;

/** The IST midnight at or before a time. */
export function istMidnight(timestamp: number): number {
  return Math.floor((timestamp + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
}

function atHour(dayStart: number, hour: number, random: SeededRandom): number {
  return dayStart + hour * HOUR_MS + random.nextInt(3600) * 1000;
}

function otherRegion(region: Region, random: SeededRandom): Region {
  const others = REGIONS.filter((r) => r !== region);
  return random.pick(others);
}

/**
 * A normal subscriber's day (PRODUCT.md): 1–10 calls, durations normal(180 s, 40 s) with a
 * 20 s floor, 95% between 08:00 and 21:59 and 5% at 22–23 h, mostly to contacts, 70% to
 * the own region.
 */
export function normalDayCalls(
  caller: NormalCaller,
  dayStart: number,
  random: SeededRandom,
  phoneBook: PhoneBook,
  out: CallDraft[],
): void {
  const { subscriber, contacts } = caller;
  const calls = random.intBetween(1, 10);
  for (let i = 0; i < calls; i++) {
    const hour = random.chance(0.95) ? random.intBetween(8, 21) : random.intBetween(22, 23);
    let receiverId: string;
    let targetRegion: Region;
    if (contacts.length > 0 && random.chance(0.85)) {
      const contact = random.pick(contacts);
      receiverId = contact.number;
      targetRegion = contact.region;
    } else {
      receiverId = phoneBook.mobileNumber();
      targetRegion = random.chance(0.7) ? subscriber.region : otherRegion(subscriber.region, random);
    }
    out.push({
      callerId: subscriber.number,
      receiverId,
      durationSec: Math.max(20, Math.round(random.normal(180, 40))),
      timestamp: atHour(dayStart, hour, random),
      originRegion: random.chance(0.03) ? otherRegion(subscriber.region, random) : subscriber.region,
      targetRegion,
      trueLabel: 0,
    });
  }
}

/**
 * A fraudster's calls on one day, kept within [from, to): volume, durations, night share and
 * receivers follow the campaign's fraud profile, daytime calls fall in the campaign's hours,
 * and receivers come from the campaign's shared target list.
 */
export function fraudDayCalls(
  member: Subscriber,
  plan: CampaignPlan,
  dayStart: number,
  from: number,
  to: number,
  random: SeededRandom,
  out: CallDraft[],
): void {
  const { campaign, targets } = plan;
  const profile = FRAUD_PROFILES[campaign.category];
  const calls = random.intBetween(profile.minCallsPerDay, profile.maxCallsPerDay);
  for (let i = 0; i < calls; i++) {
    const hour = random.chance(profile.nightShare)
      ? random.pick(NIGHT_HOURS)
      : random.pick(campaign.activeHours);
    const timestamp = atHour(dayStart, hour, random);
    const durationSec = Math.max(1, Math.round(random.exponential(profile.durationScaleSec)));
    const receiverId = random.pick(targets);
    const targetRegion = random.pick(REGIONS);
    if (timestamp < from || timestamp >= to) continue;
    out.push({
      callerId: member.number,
      receiverId,
      durationSec,
      timestamp,
      originRegion: member.region,
      targetRegion,
      trueLabel: 1,
      campaignId: campaign.id,
      category: campaign.category,
    });
  }
}

/** Sorts drafts by time (ties keep generation order) and gives them ids. */
export function finaliseCalls(drafts: CallDraft[], idPrefix: string, firstIndex: number): CallRecord[] {
  drafts.sort((a, b) => a.timestamp - b.timestamp);
  return drafts.map((draft, i) => ({
    callId: `${idPrefix}-${String(firstIndex + i).padStart(7, '0')}`,
    ...draft,
  }));
}
