// How a number's reports are explained apart from the model's evidence. Anyone can report, so
// only trusted reporters (banks' and operators' keys, reports an analyst verified) can make a
// number dangerous; the words say so, so nobody mistakes a pile of anonymous reports for proof.
import type { NumberCheck, ReportBreakdown } from './graphql/fragments';

export interface ReporterKindRow {
  key: 'anonymous' | 'untrustedKeys' | 'trustedKeys' | 'verified';
  label: string;
  count: number;
  /** Whether these reporters count towards a dangerous verdict. */
  trusted: boolean;
}

export function reporterKindRows(reports: ReportBreakdown): ReporterKindRow[] {
  return [
    { key: 'anonymous', label: 'Anonymous', count: reports.anonymous, trusted: false },
    { key: 'untrustedKeys', label: 'Other API keys', count: reports.untrustedKeys, trusted: false },
    { key: 'trustedKeys', label: 'Banks and operators', count: reports.trustedKeys, trusted: true },
    { key: 'verified', label: 'Verified by an analyst', count: reports.verified, trusted: true },
  ];
}

/** Which evidence the verdict rests on, in one sentence. */
export function verdictSourceText(check: Pick<NumberCheck, 'verdictSource' | 'reports'>): string {
  switch (check.verdictSource) {
    case 'LIST':
      return 'The verdict comes from an allow or block list: a person decided it, before the model and reports.';
    case 'MODEL':
      return 'The verdict comes from the model’s score of this number’s calls.';
    case 'REPORTS':
      return check.reports.verdict === 'DANGEROUS'
        ? `The verdict comes from reports: ${check.reports.trusted} trusted reporters agree.`
        : 'The verdict comes from reports, which alone can only make a number suspicious.';
    default:
      return 'No evidence yet: the network has not scored this number’s calls, nobody has reported it and it is on no list, so its verdict is unknown.';
  }
}

/** What the reports can and cannot do for this number. */
export function reportsCeilingText(reports: ReportBreakdown): string {
  if (reports.reporters === 0) return 'Nobody has reported this number.';
  if (reports.trusted >= reports.trustedNeeded) {
    return `${reports.trusted} trusted reporters agree, enough for reports alone to rate it dangerous.`;
  }
  return `Reports alone rate a number suspicious at most until ${reports.trustedNeeded} trusted reporters (banks, operators or reports an analyst verified) agree; ${reports.trusted} so far.`;
}
