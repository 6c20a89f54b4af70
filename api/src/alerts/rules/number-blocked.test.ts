import { describe, expect, it } from 'vitest';
import type { CommittedCaller, ListMatch } from '../triggers';
import { numberBlocked } from './number-blocked';

const entry = (kind: ListMatch['kind']): ListMatch => ({
  kind,
  listName: 'Known fraud',
  reason: 'reported by the bank',
  source: 'bank-feed',
});
const decide = (...callers: CommittedCaller[]) => numberBlocked.decide({ callers }, null, 0).raise;

describe('NUMBER_BLOCKED rule', () => {
  it('raises one HIGH alert for a committed caller on a BLOCK list, scored or not, naming the list, reason and source', () => {
    expect(decide({ callerId: '+919800000001', model: null, list: entry('BLOCK') })).toEqual([
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
    const dangerous = { riskScore: 99, category: null, becameDangerous: true, reasons: null };
    expect(
      decide(
        { callerId: '+919800000001', model: dangerous, list: entry('ALLOW') },
        { callerId: '+919800000002', model: dangerous, list: null },
      ),
    ).toEqual([]);
  });

  it('is not asked about a blocked caller again for ten minutes (a busy caller costs no query a batch)', () => {
    expect(numberBlocked.recheckAfterMs).toBe(600_000);
  });
});
