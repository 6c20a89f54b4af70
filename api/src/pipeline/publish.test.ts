import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../generated/prisma/client';
import type { ListMatcher, MatchedEntry } from '../services/list-matcher';
import type { CallerScore, CallScore, ValidCall } from '../services/scoring';
import { threatEventFromCall } from '../services/threat-events';
import { decideByLists, type ListHit } from './lists';
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

describe('a listed caller’s call shows one verdict, answered, streamed or read back from its row', () => {
  const unscored: CallScore = {
    riskScore: null,
    verdict: null,
    category: null,
    flagged: false,
    modelVersion: null,
  };
  const suspicious: CallScore = {
    riskScore: 61.7,
    verdict: 'SUSPICIOUS',
    category: 'WANGIRI',
    flagged: true,
    modelVersion: 'v1',
  };
  const dangerous: CallScore = { ...suspicious, riskScore: 91, verdict: 'DANGEROUS' };
  const matcher = (kind: 'ALLOW' | 'BLOCK') =>
    ({ verdict: () => ({ kind, listId: 'l1', listName: 'L' }) }) as unknown as ListMatcher;
  /** The row commitCalls writes for a call: the stored score (the list's flag) and the hit. */
  const row = (c: ValidCall, stored: CallScore, hit: ListHit | null): CallRecord => ({
    callId: c.callId,
    caller: c.callerId,
    receiver: c.receiverId,
    startedAt: new Date(c.timestamp),
    durationSec: c.durationSec,
    originRegion: c.originRegion,
    targetRegion: c.targetRegion,
    riskScore: stored.riskScore,
    verdict: stored.verdict,
    category: stored.category,
    flagged: stored.flagged,
    modelVersion: stored.modelVersion,
    ingestedAt: new Date(),
    listKind: hit?.kind ?? null,
    listId: hit?.listId ?? null,
  });

  it.each([
    ['BLOCK', unscored, { riskScore: null, verdict: 'DANGEROUS', flagged: true }],
    ['BLOCK', suspicious, { riskScore: 61.7, verdict: 'DANGEROUS', flagged: true }],
    ['ALLOW', dangerous, { riskScore: 91, verdict: 'SAFE', flagged: false }],
    ['ALLOW', unscored, { riskScore: null, verdict: 'SAFE', flagged: false }],
  ] as const)('%s, model %o: %o', (kind, model, shown) => {
    const calls = [call('1', '+919811100001')];
    const lists = decideByLists(calls, [model], matcher(kind));
    const [answered] = committedEvents(calls, lists.scores, new Set(['1']), lists.hits);
    const stored = row(calls[0] as ValidCall, lists.scores[0] as CallScore, lists.hits[0] ?? null);
    // The model's verdict stays on the row; the list's decision is applied where it is shown.
    expect(stored.verdict).toBe(model.verdict);
    expect(answered).toMatchObject(shown);
    expect(threatEventFromCall(stored)).toEqual(answered);
  });

  it('a caller on no list shows the model’s score as stored', () => {
    const calls = [call('1', '+919811100002')];
    const [answered] = committedEvents(calls, [suspicious], new Set(['1']), [null]);
    expect(answered).toMatchObject({ riskScore: 61.7, verdict: 'SUSPICIOUS', flagged: true });
    expect(threatEventFromCall(row(calls[0] as ValidCall, suspicious, null))).toEqual(answered);
  });
});
