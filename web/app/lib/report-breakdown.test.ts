import { describe, expect, it } from 'vitest';
import type { ReportBreakdown } from './graphql/fragments';
import { reporterKindRows, reportsCeilingText, verdictSourceText } from './report-breakdown';

const breakdown = (overrides: Partial<ReportBreakdown> = {}): ReportBreakdown => ({
  reporters: 10,
  byCategory: [{ category: 'WANGIRI', reporters: 10 }],
  last24Hours: 10,
  last7Days: 10,
  last30Days: 10,
  anonymous: 10,
  untrustedKeys: 0,
  trustedKeys: 0,
  verified: 0,
  trusted: 0,
  trustedNeeded: 3,
  riskScore: 65,
  verdict: 'SUSPICIOUS',
  ...overrides,
});

describe('report breakdown', () => {
  it('says ten anonymous reports can only make a number suspicious, and how many trusted ones it takes', () => {
    expect(reportsCeilingText(breakdown())).toMatch(
      /suspicious at most until 3 trusted reporters .* 0 so far/,
    );
    expect(verdictSourceText({ verdictSource: 'REPORTS', reports: breakdown() })).toMatch(
      /only make a number suspicious/,
    );
  });

  it('says when enough trusted reporters agree', () => {
    const trusted = breakdown({ trustedKeys: 3, trusted: 3, verdict: 'DANGEROUS' });
    expect(reportsCeilingText(trusted)).toMatch(/^3 trusted reporters agree/);
    expect(verdictSourceText({ verdictSource: 'REPORTS', reports: trusted })).toMatch(
      /3 trusted reporters agree/,
    );
  });

  it('marks only banks, operators and verified reports as counting towards a dangerous verdict', () => {
    const rows = reporterKindRows(breakdown({ trustedKeys: 2, verified: 1 }));
    expect(rows.filter((row) => row.trusted).map((row) => row.key)).toEqual(['trustedKeys', 'verified']);
    expect(rows.map((row) => row.count)).toEqual([10, 0, 2, 1]);
  });

  it('tells an unknown number from a number the model rated', () => {
    expect(verdictSourceText({ verdictSource: 'NONE', reports: breakdown({ reporters: 0 }) })).toMatch(
      /No evidence/,
    );
    expect(verdictSourceText({ verdictSource: 'MODEL', reports: breakdown() })).toMatch(/model/);
    expect(reportsCeilingText(breakdown({ reporters: 0 }))).toBe('Nobody has reported this number.');
  });
});
