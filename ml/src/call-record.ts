export const REGIONS = ['Delhi', 'Mumbai', 'Kolkata', 'Chennai', 'Bangalore', 'Hyderabad'] as const;
export type Region = (typeof REGIONS)[number];

export const FRAUD_CATEGORIES = ['WANGIRI', 'IMPERSONATION', 'LOTTERY', 'KYC_PHISHING', 'SIM_BOX'] as const;
export type FraudCategory = (typeof FRAUD_CATEGORIES)[number];

/** What a call-detail record says of a call. Timestamps are epoch milliseconds. */
export interface CallFields {
  /** Unique and stable (the generator derives it from the seed). */
  callId: string;
  /** E.164, e.g. '+919812345678'. */
  callerId: string;
  /** E.164; international receivers allowed, e.g. '+44...'. */
  receiverId: string;
  durationSec: number;
  timestamp: number;
  originRegion: string;
  targetRegion: string;
}

/** A call-detail record, with the generator's ground truth when it made the call. */
export interface CallRecord extends CallFields {
  /** Generator ground truth: 1 for a fraudster's call. */
  trueLabel?: 0 | 1;
  /** Generator ground truth (fraudsters only). */
  campaignId?: string;
  /** Generator ground truth (fraudsters only). */
  category?: FraudCategory;
}

export function isFraudCategory(value: string): value is FraudCategory {
  return (FRAUD_CATEGORIES as readonly string[]).includes(value);
}
