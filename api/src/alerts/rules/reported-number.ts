// REPORTED_NUMBER: enough trusted reporters made a number DANGEROUS (services/risk.ts says how
// many). Raised once; the sink dedupes further reports of the number for an hour.
import { rule } from '../rule';

/** This many trusted reporters or more is CRITICAL. */
const CRITICAL_TRUSTED = 10;

export const reportedNumber = rule('reportsChanged', ({ number, reports }) => {
  if (reports.verdict !== 'DANGEROUS') return [];
  const category = (reports.byCategory[0]?.category ?? 'OTHER').replace('_', ' ').toLowerCase();
  return [
    {
      severity: reports.trusted >= CRITICAL_TRUSTED ? 'CRITICAL' : 'HIGH',
      title: `${number} reported by ${reports.trusted} trusted reporters`,
      message: `${reports.trusted} trusted reporters (of ${reports.reporters}) reported ${number}, mostly as ${category} fraud.`,
      number,
      dedupeKey: `reported:${number}`,
    },
  ];
});
