import { describe, expect, it } from 'vitest';
import { presentVerdict } from './verdict';

describe('presentVerdict', () => {
  it('gives every verdict its own tone and words, so colour is never the only signal', () => {
    const verdicts = (['SAFE', 'SUSPICIOUS', 'DANGEROUS', 'UNKNOWN'] as const).map(presentVerdict);
    expect(new Set(verdicts.map((v) => v.tone)).size).toBe(4);
    expect(verdicts.map((v) => v.label)).toEqual(['Safe', 'Suspicious', 'Dangerous', 'Unknown']);
  });

  it('tells the person what to do with a dangerous number', () => {
    expect(presentVerdict('DANGEROUS').advice).toMatch(/do not answer, call back or pay/i);
  });
});
