// How a number's risk (0-100) and verdict are formed from the model and from reports.
// See docs/decisions/003-risk-and-threat-index.md.
import type { Verdict } from '../generated/prisma/client';

export const SUSPICIOUS_AT = 40;
export const DANGEROUS_AT = 70;

export function verdictFor(risk: number | null): Verdict {
  if (risk == null || risk < SUSPICIOUS_AT) return 'SAFE';
  return risk >= DANGEROUS_AT ? 'DANGEROUS' : 'SUSPICIOUS';
}

/** One report makes a number SUSPICIOUS (40), three make it DANGEROUS (70); capped at 95. */
export function reportRisk(reportCount: number): number | null {
  if (reportCount <= 0) return null;
  return Math.min(95, SUSPICIOUS_AT + 15 * (reportCount - 1));
}

/** The higher of the model's risk and the reports' risk; null when there is neither. */
export function combinedRisk(modelRisk: number | null, reportCount: number): number | null {
  const fromReports = reportRisk(reportCount);
  if (modelRisk == null) return fromReports;
  if (fromReports == null) return modelRisk;
  return Math.max(modelRisk, fromReports);
}
