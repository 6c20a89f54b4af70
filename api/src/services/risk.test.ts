import { describe, expect, it } from 'vitest';
import { combinedRisk, numberVerdict, reportRisk, UNTRUSTED_REPORTS_CEILING } from './risk';

describe('numberVerdict', () => {
  it('is UNKNOWN without any risk, never SAFE (a new SIM is what a fraudster uses)', () => {
    expect(numberVerdict(null)).toBe('UNKNOWN');
  });

  it('is SAFE below 40, SUSPICIOUS from 40, DANGEROUS from 70', () => {
    expect([0, 39.99, 40, 69.99, 70, 100].map(numberVerdict)).toEqual([
      'SAFE',
      'SAFE',
      'SUSPICIOUS',
      'SUSPICIOUS',
      'DANGEROUS',
      'DANGEROUS',
    ]);
  });
});

describe('report risk', () => {
  it('is none without reporters', () => {
    expect(reportRisk({ reporters: 0, trusted: 0 }, 3)).toBeNull();
  });

  it('starts a reported number at SUSPICIOUS (40) and adds 5 a reporter', () => {
    expect(reportRisk({ reporters: 1, trusted: 0 }, 3)).toBe(40);
    expect(reportRisk({ reporters: 4, trusted: 2 }, 3)).toBe(55);
  });

  it('keeps any number of untrusted reporters at SUSPICIOUS, below the ceiling', () => {
    for (const reporters of [1, 3, 5, 10, 1000]) {
      const risk = reportRisk({ reporters, trusted: 2 }, 3);
      expect(numberVerdict(risk)).toBe('SUSPICIOUS');
      expect(risk).toBeLessThanOrEqual(UNTRUSTED_REPORTS_CEILING);
    }
    expect(UNTRUSTED_REPORTS_CEILING).toBe(65);
    expect(reportRisk({ reporters: 1000, trusted: 0 }, 3)).toBe(65);
  });

  it('makes a number DANGEROUS from the configured number of trusted reporters, 5 more each, capped at 95', () => {
    expect(reportRisk({ reporters: 3, trusted: 3 }, 3)).toBe(70);
    expect(reportRisk({ reporters: 1, trusted: 1 }, 1)).toBe(70);
    expect(reportRisk({ reporters: 9, trusted: 5 }, 3)).toBe(80);
    expect(reportRisk({ reporters: 50, trusted: 50 }, 3)).toBe(95);
  });
});

describe('combinedRisk', () => {
  it('says which evidence the verdict rests on; the higher wins, the model wins a tie', () => {
    expect(combinedRisk(null, null)).toEqual({ risk: null, source: 'NONE' });
    expect(combinedRisk(12, null)).toEqual({ risk: 12, source: 'MODEL' });
    expect(combinedRisk(null, 40)).toEqual({ risk: 40, source: 'REPORTS' });
    expect(combinedRisk(12, 40)).toEqual({ risk: 40, source: 'REPORTS' });
    expect(combinedRisk(80, 40)).toEqual({ risk: 80, source: 'MODEL' });
    expect(combinedRisk(70, 70)).toEqual({ risk: 70, source: 'MODEL' });
  });
});
