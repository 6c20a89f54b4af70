import { describe, expect, it } from 'vitest';
import { combinedRisk, numberVerdict, reportRisk } from '../src/services/risk';

describe('report risk', () => {
  it('keeps any number of untrusted reporters at SUSPICIOUS', () => {
    for (const reporters of [1, 3, 5, 10, 1000]) {
      expect(numberVerdict(reportRisk({ reporters, trusted: 2 }, 3))).toBe('SUSPICIOUS');
    }
  });

  it('makes a number DANGEROUS from the configured number of trusted reporters, capped at 95', () => {
    expect(reportRisk({ reporters: 3, trusted: 3 }, 3)).toBe(70);
    expect(reportRisk({ reporters: 1, trusted: 1 }, 1)).toBe(70);
    expect(reportRisk({ reporters: 50, trusted: 50 }, 3)).toBe(95);
    expect(reportRisk({ reporters: 0, trusted: 0 }, 3)).toBeNull();
  });

  it('says which evidence the verdict rests on; the model wins a tie', () => {
    expect(combinedRisk(null, null)).toEqual({ risk: null, source: 'NONE' });
    expect(combinedRisk(12, null)).toEqual({ risk: 12, source: 'MODEL' });
    expect(combinedRisk(12, 40)).toEqual({ risk: 40, source: 'REPORTS' });
    expect(combinedRisk(70, 70)).toEqual({ risk: 70, source: 'MODEL' });
  });
});
