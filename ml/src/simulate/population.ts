import { base, en, en_IN, Faker } from '@faker-js/faker';
import { FRAUD_CATEGORIES, type FraudCategory, REGIONS, type Region } from '../call-record';
import { DAY_MS } from '../features/definitions';
import type { SeededRandom } from '../random';
import { FRAUD_PROFILES, INTERNATIONAL_NUMBER_PLANS } from './profiles';

export interface Subscriber {
  number: string;
  name: string;
  region: Region;
  activatedAt: number;
  isFraud: boolean;
  campaignId?: string;
  category?: FraudCategory;
}

export interface Campaign {
  id: string;
  category: FraudCategory;
  /** Members' numbers, in the order they joined. */
  members: string[];
  /** The number series the members' SIMs come from: E.164 prefix shared by every member. */
  numberSeries: string;
  /** Where the operation runs from. */
  region: Region;
  /** Daytime hours (IST) the campaign works in; night calls spread over 22:00–05:59. */
  activeHours: number[];
  /** Shared target list size. */
  targets: number;
  startedAt: number;
  endedAt?: number;
}

/** Names and numbers from faker's en_IN locale, seeded. */
export class PhoneBook {
  private readonly faker: Faker;
  private readonly used = new Set<string>();
  private readonly series = new Set<string>();

  constructor(seed: number) {
    this.faker = new Faker({ locale: [en_IN, en, base], seed });
  }

  name(): string {
    return this.faker.person.fullName();
  }

  /** A new Indian mobile number in E.164 (+91 and ten digits starting 6–9). */
  mobileNumber(): string {
    for (;;) {
      const number = this.faker.phone.number({ style: 'international' });
      if (/^\+91[6-9]\d{9}$/.test(number) && !this.used.has(number)) {
        this.used.add(number);
        return number;
      }
    }
  }

  /** A series prefix: +91 and seven digits, leaving three digits for the SIMs in it. */
  numberSeries(): string {
    for (;;) {
      const series = `+91${this.faker.helpers.arrayElement(['6', '7', '8', '9'])}${this.faker.string.numeric(6)}`;
      if (!this.series.has(series)) {
        this.series.add(series);
        return series;
      }
    }
  }

  numberInSeries(series: string): string {
    for (;;) {
      const number = series + this.faker.string.numeric(3);
      if (!this.used.has(number)) {
        this.used.add(number);
        return number;
      }
    }
  }

  internationalNumber(random: SeededRandom): string {
    return random
      .pick(INTERNATIONAL_NUMBER_PLANS)
      .replace(/[#N]/g, (slot) => String(slot === 'N' ? 2 + random.nextInt(8) : random.nextInt(10)));
  }
}

export interface NormalCaller {
  subscriber: Subscriber;
  /** Numbers this caller usually calls, with the region each lives in. */
  contacts: { number: string; region: Region }[];
}

/** Normal subscribers, activated long before the data starts, each with a contact list. */
export function createNormalCallers(
  count: number,
  phoneBook: PhoneBook,
  random: SeededRandom,
  start: number,
): NormalCaller[] {
  const subscribers: Subscriber[] = [];
  for (let i = 0; i < count; i++) {
    subscribers.push({
      number: phoneBook.mobileNumber(),
      name: phoneBook.name(),
      region: random.pick(REGIONS),
      activatedAt: start - random.intBetween(60, 3650) * DAY_MS,
      isFraud: false,
    });
  }
  const byRegion = new Map<Region, Subscriber[]>();
  for (const s of subscribers) {
    const inRegion = byRegion.get(s.region);
    if (inRegion) inRegion.push(s);
    else byRegion.set(s.region, [s]);
  }
  // Acquaintance is mutual: when A knows B, B knows A, so calls get returned.
  const contactsOf = new Map<string, Map<string, Region>>(subscribers.map((s) => [s.number, new Map()]));
  for (const subscriber of subscribers) {
    const own = contactsOf.get(subscriber.number) ?? new Map<string, Region>();
    const size = random.intBetween(3, 10);
    for (let k = 0; k < size; k++) {
      const contact = random.chance(0.7)
        ? random.pick(byRegion.get(subscriber.region) ?? subscribers)
        : pickFromOtherRegion(subscribers, subscriber.region, random);
      if (contact.number === subscriber.number) continue;
      own.set(contact.number, contact.region);
      contactsOf.get(contact.number)?.set(subscriber.number, subscriber.region);
    }
  }
  return subscribers.map((subscriber) => {
    const known = contactsOf.get(subscriber.number) ?? new Map<string, Region>();
    const contacts: NormalCaller['contacts'] = [...known].map(([number, region]) => ({ number, region }));
    // A few people have family abroad.
    if (random.chance(0.05)) {
      contacts.push({ number: phoneBook.internationalNumber(random), region: subscriber.region });
    }
    return { subscriber, contacts };
  });
}

/** A subscriber of another region, by rejection (O(1) expected; any subscriber if all share one). */
function pickFromOtherRegion(
  subscribers: readonly Subscriber[],
  region: Region,
  random: SeededRandom,
): Subscriber {
  for (let attempt = 0; attempt < 32; attempt++) {
    const candidate = random.pick(subscribers);
    if (candidate.region !== region) return candidate;
  }
  return random.pick(subscribers);
}

export interface CampaignPlan {
  campaign: Campaign;
  /** Members with the time each starts calling. */
  members: { subscriber: Subscriber; joinsAt: number }[];
  /** The shared target list. */
  targets: string[];
}

export function createCampaign(
  id: string,
  category: FraudCategory,
  startedAt: number,
  phoneBook: PhoneBook,
  random: SeededRandom,
): CampaignPlan {
  const activeHours: number[] = [];
  const first = random.intBetween(6, 14);
  const span = random.intBetween(5, 8);
  for (let h = first; h < Math.min(22, first + span); h++) activeHours.push(h);
  return {
    campaign: {
      id,
      category,
      members: [],
      numberSeries: phoneBook.numberSeries(),
      region: random.pick(REGIONS),
      activeHours,
      targets: 0,
      startedAt,
    },
    members: [],
    targets: [],
  };
}

/** Adds a member (a new SIM of the campaign's series, activated shortly before it joins). */
export function addCampaignMember(
  plan: CampaignPlan,
  joinsAt: number,
  phoneBook: PhoneBook,
  random: SeededRandom,
): Subscriber {
  const { campaign } = plan;
  const subscriber: Subscriber = {
    number: phoneBook.numberInSeries(campaign.numberSeries),
    name: phoneBook.name(),
    region: random.chance(0.8) ? campaign.region : random.pick(REGIONS),
    activatedAt: joinsAt - random.intBetween(1, 48) * 3_600_000,
    isFraud: true,
    campaignId: campaign.id,
    category: campaign.category,
  };
  campaign.members.push(subscriber.number);
  plan.members.push({ subscriber, joinsAt });
  const profile = FRAUD_PROFILES[campaign.category];
  const wanted = plan.members.length * profile.targetsPerMember;
  while (plan.targets.length < wanted) {
    plan.targets.push(
      random.chance(profile.internationalShare)
        ? phoneBook.internationalNumber(random)
        : phoneBook.mobileNumber(),
    );
  }
  campaign.targets = plan.targets.length;
  return subscriber;
}

/** Spreads campaigns over the fraud categories in turn, starting at a random one. */
export function categorySequence(count: number, random: SeededRandom): FraudCategory[] {
  const offset = random.nextInt(FRAUD_CATEGORIES.length);
  return Array.from({ length: count }, (_, i) => FRAUD_CATEGORIES[(offset + i) % FRAUD_CATEGORIES.length]);
}
