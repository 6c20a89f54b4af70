import { describe, expect, it } from 'vitest';
import type { CommittedCaller, ListMatch } from '../triggers';
import { numberDangerous } from './number-dangerous';

const caller = (over: Partial<CommittedCaller> = {}): CommittedCaller => ({
  callerId: '+919800000001',
  riskScore: 82.4,
  category: 'WANGIRI',
  becameDangerous: true,
  reasons: [{ text: '41 calls an hour' }, { text: 'short calls' }],
  ...over,
});
const list = (kind: ListMatch['kind']): ListMatch => ({ kind, listName: 'bank', reason: 'r', source: 's' });
const decide = (callers: CommittedCaller[], listed = new Map<string, ListMatch>()) =>
  numberDangerous.decide({ callers, listed }, null, 0).raise;

describe('NUMBER_DANGEROUS rule', () => {
  it('raises one HIGH alert for a caller that turned DANGEROUS, with its risk, category and top reason', () => {
    expect(decide([caller()])).toEqual([
      {
        severity: 'HIGH',
        title: '+919800000001 turned DANGEROUS',
        message: 'Risk 82/100, looks like WANGIRI: 41 calls an hour.',
        number: '+919800000001',
        dedupeKey: 'dangerous:+919800000001',
      },
    ]);
  });

  it('is CRITICAL from risk 90', () => {
    expect(decide([caller({ riskScore: 89.9 })])[0]?.severity).toBe('HIGH');
    expect(decide([caller({ riskScore: 90 })])[0]?.severity).toBe('CRITICAL');
  });

  it('says only what it knows when category and reasons are missing', () => {
    expect(decide([caller({ category: null, reasons: null, riskScore: 75 })])[0]?.message).toBe(
      'Risk 75/100.',
    );
  });

  it('stays quiet for callers that were already DANGEROUS or are not', () => {
    expect(decide([caller({ becameDangerous: false })])).toEqual([]);
  });

  it('stays quiet for a caller on an ALLOW list, not for one on a BLOCK list', () => {
    const listed = new Map([['+919800000001', list('ALLOW')]]);
    expect(decide([caller()], listed)).toEqual([]);
    listed.set('+919800000001', list('BLOCK'));
    expect(decide([caller()], listed)).toHaveLength(1);
  });

  it('raises one alert per caller', () => {
    const alerts = decide([
      caller(),
      caller({ callerId: '+919800000002' }),
      caller({ callerId: 'x', becameDangerous: false }),
    ]);
    expect(alerts.map((alert) => alert.number)).toEqual(['+919800000001', '+919800000002']);
  });
});
