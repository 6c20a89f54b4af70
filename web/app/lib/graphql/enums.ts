// The schema's enums as the dashboard lists them. Types come from schema.graphql; each list is a
// Record so that a value the schema adds or drops fails the typecheck here, not in a form.
import type { EnumOf } from './graphql';

export type Verdict = EnumOf<'Verdict'>;
export type VerdictSource = EnumOf<'VerdictSource'>;
export type FraudCategory = EnumOf<'FraudCategory'>;
export type CampaignStatus = EnumOf<'CampaignStatus'>;
export type AlertKind = EnumOf<'AlertKind'>;
export type AlertSeverity = EnumOf<'AlertSeverity'>;
export type AlertStatus = EnumOf<'AlertStatus'>;
export type CaseStatus = EnumOf<'CaseStatus'>;
export type CasePriority = EnumOf<'CasePriority'>;
export type CaseDisposition = EnumOf<'CaseDisposition'>;
export type CaseSort = EnumOf<'CaseSort'>;
export type ListKind = EnumOf<'ListKind'>;
/** The roles an account can have. */
export type AccountRole = EnumOf<'AccountRole'>;
/** The roles a request can act as: an account's, or ANONYMOUS, which no one signs in as. */
export type RequestRole = EnumOf<'Role'>;

/** Every value of an enum, in the order written. */
function valuesOf<Value extends string>(values: Record<Value, true>): readonly Value[] {
  return Object.keys(values) as Value[];
}

export const fraudCategories = valuesOf<FraudCategory>({
  WANGIRI: true,
  IMPERSONATION: true,
  LOTTERY: true,
  KYC_PHISHING: true,
  SIM_BOX: true,
  OTHER: true,
});
export const campaignStatuses = valuesOf<CampaignStatus>({ ACTIVE: true, CONTAINED: true, CLOSED: true });
export const alertSeverities = valuesOf<AlertSeverity>({
  CRITICAL: true,
  HIGH: true,
  MEDIUM: true,
  LOW: true,
});
export const alertStatuses = valuesOf<AlertStatus>({ OPEN: true, ACKNOWLEDGED: true, RESOLVED: true });
export const caseStatuses = valuesOf<CaseStatus>({
  OPEN: true,
  INVESTIGATING: true,
  ESCALATED: true,
  CLOSED: true,
});
export const casePriorities = valuesOf<CasePriority>({ CRITICAL: true, HIGH: true, MEDIUM: true, LOW: true });
export const caseDispositions = valuesOf<CaseDisposition>({
  FRAUD_CONFIRMED: true,
  FALSE_POSITIVE: true,
  INCONCLUSIVE: true,
});
export const caseSorts = valuesOf<CaseSort>({
  NEWEST: true,
  OLDEST: true,
  DUE_SOONEST: true,
  PRIORITY: true,
  RECENTLY_UPDATED: true,
});
export const listKinds = valuesOf<ListKind>({ BLOCK: true, ALLOW: true });
export const accountRoles = valuesOf<AccountRole>({
  ANALYST: true,
  OPERATOR: true,
  ADMIN: true,
  AUDITOR: true,
});
