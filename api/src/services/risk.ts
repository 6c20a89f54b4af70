// How a number's risk (0-100) and verdict are formed from the model and from reports.
// See docs/decisions/003-risk-and-threat-index.md and SECURITY.md ("Reports, lookups and masking").
import { DANGEROUS_FROM, SUSPICIOUS_FROM, verdictFor } from '@satark/ml';
import type { Verdict } from '../generated/prisma/client';
/**
 * The most reports can give a number unless enough trusted reporters agree: anyone can report
 * anonymously, so anonymous (and untrusted) reports can warn, never condemn.
 */
export const UNTRUSTED_REPORTS_CEILING = DANGEROUS_FROM - 5;

/**
 * A number's verdict from its combined risk. No risk at all (never scored, never reported) is
 * UNKNOWN, not SAFE: a new SIM is exactly what a fraudster uses (docs/decisions/016-lists.md).
 */
export function numberVerdict(risk: number | null): Verdict {
  return risk == null ? 'UNKNOWN' : verdictFor(risk);
}

/** Distinct reporters of a number, and how many of them are trusted. */
export interface ReportTally {
  reporters: number;
  /** Reporters with a bank's or operator's key, or whose report an analyst verified. */
  trusted: number;
}

/**
 * One reporter makes a number SUSPICIOUS (40); more reporters raise it by 5 each, up to 65
 * (still SUSPICIOUS). Only `trustedNeeded` trusted reporters make it DANGEROUS (70), each further
 * trusted reporter adding 5, capped at 95.
 */
export function reportRisk(tally: ReportTally, trustedNeeded: number): number | null {
  if (tally.reporters <= 0) return null;
  if (tally.trusted >= trustedNeeded)
    return Math.min(95, DANGEROUS_FROM + 5 * (tally.trusted - trustedNeeded));
  return Math.min(UNTRUSTED_REPORTS_CEILING, SUSPICIOUS_FROM + 5 * (tally.reporters - 1));
}

/** Which evidence a verdict rests on: a list entry, the model's score, the reports, or none (unknown). */
export type VerdictSource = 'LIST' | 'MODEL' | 'REPORTS' | 'NONE';

/** The higher of the model's risk and the reports' risk (the model wins a tie), and which it was. */
export function combinedRisk(
  modelRisk: number | null,
  fromReports: number | null,
): { risk: number | null; source: VerdictSource } {
  if (modelRisk == null && fromReports == null) return { risk: null, source: 'NONE' };
  if (fromReports == null || (modelRisk != null && modelRisk >= fromReports)) {
    return { risk: modelRisk, source: 'MODEL' };
  }
  return { risk: fromReports, source: 'REPORTS' };
}
