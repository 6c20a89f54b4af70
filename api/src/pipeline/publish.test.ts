import { describe, expect, it } from 'vitest';
import type { MatchedEntry } from '../services/list-matcher';
import type { CallerScore, CallScore, ValidCall } from '../services/scoring';
import { callsCommitted, committedEvents } from './publish';

const call = (callId: string, callerId: string): ValidCall => ({
  callId,
  callerId,
  receiverId: '+919800000009',
  durationSec: 10,
  timestamp: 1_700_000_000_000,
  originRegion: 'Delhi',
  targetRegion: 'Delhi',
});
const score: CallScore = {
  riskScore: 20,
  verdict: 'SAFE',
  category: null,
  flagged: false,
  modelVersion: 'v1',
};
const callerScore = (callerId: string): CallerScore => ({
  ...score,
  callerId,
  features: null,
  reasons: null,
  becameDangerous: false,
});
const block = { kind: 'BLOCK', listId: 'l1', listName: 'L' } as MatchedEntry;

describe('callsCommitted (what the alert rules hear of a batch)', () => {
  const calls = [call('1', 'a'), call('2', 'b'), call('3', 'a'), call('4', 'c')];

  it('names each caller with a committed call once, with its score and list entry when it has them', () => {
    const trigger = callsCommitted(
      calls,
      new Set(['1', '3', '4']),
      new Map([['a', callerScore('a')]]),
      new Map([['c', block]]),
    );
    expect(trigger.callers).toEqual([
      { callerId: 'a', model: callerScore('a'), list: null },
      { callerId: 'c', model: null, list: block },
    ]);
  });

  it('says nothing of callers whose calls were not stored (duplicates, another instance’s)', () => {
    const trigger = callsCommitted(
      calls,
      new Set(['2']),
      new Map([['a', callerScore('a')]]),
      new Map([['c', block]]),
    );
    expect(trigger.callers.map((c) => c.callerId)).toEqual(['b']);
    expect(callsCommitted(calls, new Set(), new Map(), undefined).callers).toEqual([]);
  });
});

describe('committedEvents', () => {
  it('makes live events of the committed calls only; a blocked caller’s calls read DANGEROUS', () => {
    const events = committedEvents([call('1', 'a'), call('2', 'b')], [score, score], new Set(['2']), [
      null,
      { kind: 'BLOCK', listId: 'l1' },
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: '2', caller: 'b', verdict: 'DANGEROUS', flagged: true });
  });
});
