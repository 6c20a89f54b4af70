// Every alert kind and its rule. Adding a kind: the value in prisma's `enum AlertKind`, its rule
// in a file beside this one, and its line here (the type below refuses a kind without a rule).
import type { AlertKind } from '../../generated/prisma/client';
import type { AlertRule } from '../rule';
import type { TriggerName } from '../triggers';
import { burst } from './burst';
import { newCampaign } from './new-campaign';
import { numberBlocked } from './number-blocked';
import { numberDangerous } from './number-dangerous';
import { reportedNumber } from './reported-number';

// biome-ignore lint/suspicious/noExplicitAny: each rule has its own memory type
export type AlertRules = Record<AlertKind, AlertRule<TriggerName, any>>;

export const alertRules: AlertRules = {
  NUMBER_DANGEROUS: numberDangerous,
  NUMBER_BLOCKED: numberBlocked,
  NEW_CAMPAIGN: newCampaign,
  BURST: burst,
  REPORTED_NUMBER: reportedNumber,
};
