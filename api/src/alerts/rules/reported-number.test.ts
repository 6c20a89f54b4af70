import { describe, expect, it } from 'vitest';
import type { AlertTriggers } from '../triggers';
import { reportedNumber } from './reported-number';

type Reports = AlertTriggers['reportsChanged']['reports'];
const reports = (over: Partial<Reports> = {}): Reports => ({
  verdict: 'DANGEROUS',
  reporters: 7,
  trusted: 3,
  byCategory: [{ category: 'KYC_PHISHING' }, { category: 'LOTTERY' }],
  ...over,
});
const decide = (r: Reports) => reportedNumber.decide({ number: '+919800000001', reports: r }, null, 0).raise;

describe('REPORTED_NUMBER rule', () => {
  it('raises HIGH when the reports make a number DANGEROUS, with the most reported category', () => {
    expect(decide(reports())).toEqual([
      {
        severity: 'HIGH',
        title: '+919800000001 reported by 3 trusted reporters',
        message: '3 trusted reporters (of 7) reported +919800000001, mostly as kyc phishing fraud.',
        number: '+919800000001',
        dedupeKey: 'reported:+919800000001',
      },
    ]);
  });

  it('is CRITICAL from ten trusted reporters', () => {
    expect(decide(reports({ trusted: 9 }))[0]?.severity).toBe('HIGH');
    expect(decide(reports({ trusted: 10, reporters: 12 }))[0]?.severity).toBe('CRITICAL');
  });

  it('stays quiet while the reports only make it SUSPICIOUS or less', () => {
    for (const verdict of ['SUSPICIOUS', 'SAFE', 'UNKNOWN'] as const)
      expect(decide(reports({ verdict }))).toEqual([]);
  });

  it('says "other" fraud when no category leads', () => {
    expect(decide(reports({ byCategory: [] }))[0]?.message).toContain('mostly as other fraud');
  });
});
