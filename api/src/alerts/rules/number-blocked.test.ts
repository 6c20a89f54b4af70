import { describe, expect, it } from 'vitest';
import type { CommittedCaller, ListMatch } from '../triggers';
import { numberBlocked } from './number-blocked';

const caller = (callerId: string): CommittedCaller => ({
  callerId,
  riskScore: null,
  category: null,
  becameDangerous: false,
  reasons: null,
});
const entry = (kind: ListMatch['kind']): ListMatch => ({
  kind,
  listName: 'Known fraud',
  reason: 'reported by the bank',
  source: 'bank-feed',
});

describe('NUMBER_BLOCKED rule', () => {
  it('raises one HIGH alert for a committed caller on a BLOCK list, naming the list, reason and source', () => {
    const listed = new Map([['+919800000001', entry('BLOCK')]]);
    expect(numberBlocked.decide({ callers: [caller('+919800000001')], listed }, null, 0).raise).toEqual([
      {
        severity: 'HIGH',
        title: '+919800000001 is on block list Known fraud',
        message:
          'A call from +919800000001, blocked by list "Known fraud": reported by the bank (source: bank-feed).',
        number: '+919800000001',
        dedupeKey: 'blocked:+919800000001',
      },
    ]);
  });

  it('ignores callers on an ALLOW list and callers on no list, whatever their score', () => {
    const listed = new Map([['+919800000001', entry('ALLOW')]]);
    const callers = [
      caller('+919800000001'),
      { ...caller('+919800000002'), becameDangerous: true, riskScore: 99 },
    ];
    expect(numberBlocked.decide({ callers, listed }, null, 0).raise).toEqual([]);
  });

  it('is not asked about a blocked caller again for ten minutes (a busy caller costs no query a batch)', () => {
    expect(numberBlocked.recheckAfterMs).toBe(600_000);
  });
});
