import type { FraudCategory } from '../call-record';

/**
 * How each fraud type behaves. The base fraudster of PRODUCT.md (50–150 calls a day,
 * exponential durations with scale 20 s, half the calls at night, random target regions) is
 * LOTTERY; the others shift it the way their scam works.
 */
export interface FraudProfile {
  minCallsPerDay: number;
  maxCallsPerDay: number;
  /** Scale of the exponential call duration, seconds. */
  durationScaleSec: number;
  /** Share of calls between 22:00 and 05:59 IST. */
  nightShare: number;
  /** Share of calls to numbers outside India. */
  internationalShare: number;
  /** Victims in the campaign's shared target list, per member. */
  targetsPerMember: number;
}

export const FRAUD_PROFILES: Record<FraudCategory, FraudProfile> = {
  // One ring and hang up, mostly at night, hoping for a costly call-back.
  WANGIRI: {
    minCallsPerDay: 100,
    maxCallsPerDay: 150,
    durationScaleSec: 1.5,
    nightShare: 0.7,
    internationalShare: 0,
    targetsPerMember: 3000,
  },
  // Long daytime calls: a "police officer" or "tax official" keeps the victim talking.
  IMPERSONATION: {
    minCallsPerDay: 50,
    maxCallsPerDay: 90,
    durationScaleSec: 150,
    nightShare: 0.1,
    internationalShare: 0,
    targetsPerMember: 2000,
  },
  LOTTERY: {
    minCallsPerDay: 50,
    maxCallsPerDay: 150,
    durationScaleSec: 20,
    nightShare: 0.5,
    internationalShare: 0,
    targetsPerMember: 3000,
  },
  // "Update your KYC or your SIM is blocked": office hours, a bought list of bank customers.
  KYC_PHISHING: {
    minCallsPerDay: 50,
    maxCallsPerDay: 120,
    durationScaleSec: 45,
    nightShare: 0.15,
    internationalShare: 0,
    targetsPerMember: 400,
  },
  // Bypass traffic: international calls terminated through local SIMs of one number series.
  SIM_BOX: {
    minCallsPerDay: 60,
    maxCallsPerDay: 150,
    durationScaleSec: 20,
    nightShare: 0.5,
    internationalShare: 0.6,
    targetsPerMember: 3000,
  },
};

/**
 * Number plans of the international receivers (diaspora and transit destinations): UK, UAE,
 * US, Saudi Arabia, Nepal, Bangladesh and Singapore mobiles. `#` is any digit, `N` is 2–9;
 * every number made from them is a valid number of its country (libphonenumber's metadata).
 */
export const INTERNATIONAL_NUMBER_PLANS = [
  '+44780#######',
  '+97150#######',
  '+1212N######',
  '+96655#######',
  '+977984#######',
  '+88017########',
  '+658N######',
] as const;
