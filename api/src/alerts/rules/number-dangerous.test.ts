import { describe, expect, it } from 'vitest';
import type { CallerModelView, CommittedCaller, ListMatch } from '../triggers';
import { numberDangerous } from './number-dangerous';

const model = (over: Partial<CallerModelView> = {}): CallerModelView => ({
  riskScore: 82.4,
  category: 'WANGIRI',
  becameDangerous: true,
  reasons: [{ text: '41 calls an hour' }, { text: 'short calls' }],
  ...over,
});
const caller = (
  over: Partial<CallerModelView> = {},
  list: ListMatch | null = null,
  callerId = '+919800000001',
): CommittedCaller => ({
  callerId,
  model: model(over),
  list,
});
const list = (kind: ListMatch['kind']): ListMatch => ({ kind, listName: 'bank', reason: 'r', source: 's' });
const decide = (...callers: CommittedCaller[]) => numberDangerous.decide({ callers }, null, 0).raise;

describe('NUMBER_DANGEROUS rule', () => {
  it('raises one HIGH alert for a caller that turned DANGEROUS, with its risk, category and top reason', () => {
    expect(decide(caller())).toEqual([
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
    expect(decide(caller({ riskScore: 89.9 }))[0]?.severity).toBe('HIGH');
    expect(decide(caller({ riskScore: 90 }))[0]?.severity).toBe('CRITICAL');
  });

  it('says only what it knows when category and reasons are missing', () => {
    expect(decide(caller({ category: null, reasons: null, riskScore: 75 }))[0]?.message).toBe('Risk 75/100.');
  });

  it('stays quiet for callers that were already DANGEROUS, are not, or were not scored', () => {
    expect(decide(caller({ becameDangerous: false }))).toEqual([]);
    expect(decide({ callerId: '+919800000001', model: null, list: null })).toEqual([]);
  });

  it('stays quiet for a caller on an ALLOW list, not for one on a BLOCK list', () => {
    expect(decide(caller({}, list('ALLOW')))).toEqual([]);
    expect(decide(caller({}, list('BLOCK')))).toHaveLength(1);
  });

  it('raises one alert per caller', () => {
    const alerts = decide(
      caller(),
      caller({}, null, '+919800000002'),
      caller({ becameDangerous: false }, null, 'x'),
    );
    expect(alerts.map((alert) => alert.number)).toEqual(['+919800000001', '+919800000002']);
  });
});
