import { describe, expect, it } from 'vitest';
import {
  CampaignTracker,
  type DetectedGroup,
  detectGroups,
  numberSeries,
  purity,
  type SuspectCaller,
} from './campaign-detector';

const suspect = (
  callerId: string,
  receivers: string[] = [],
  category: SuspectCaller['category'] = 'WANGIRI',
): SuspectCaller => ({
  callerId,
  riskScore: 80,
  category,
  receivers,
});
const group = (members: string[]): DetectedGroup => ({ members, edges: members.length - 1, density: 1 });

describe('numberSeries', () => {
  it('is +91 and the next seven digits of an Indian mobile number, else null', () => {
    expect(numberSeries('+919812345678')).toBe('+919812345');
    expect(numberSeries('+14155550100')).toBeNull();
    expect(numberSeries('+91981234567')).toBeNull();
  });
});

describe('detectGroups', () => {
  it('groups callers from one number series', () => {
    const groups = detectGroups([
      suspect('+919812345001'),
      suspect('+919812345002'),
      suspect('+919812345003'),
    ]);
    expect(groups).toEqual([
      { members: ['+919812345001', '+919812345002', '+919812345003'], edges: 3, density: 1 },
    ]);
  });

  it('groups callers sharing at least two receivers, not one', () => {
    const two = detectGroups([
      suspect('+919811111001', ['r1', 'r2']),
      suspect('+919822222001', ['r1', 'r2']),
    ]);
    expect(two.map((g) => g.members)).toEqual([['+919811111001', '+919822222001']]);
    const one = detectGroups([suspect('+919811111001', ['r1', 'x']), suspect('+919822222001', ['r1', 'y'])]);
    expect(one).toEqual([]);
  });

  it('ignores a receiver called by more than 50 flagged callers (a hub, not a signal)', () => {
    // Each caller from its own number series, so only the shared receivers could link them.
    const distinct = Array.from({ length: 51 }, (_, i) =>
      suspect(`+91${7000000000 + i * 1000}`, ['helpline', 'bank']),
    );
    expect(detectGroups(distinct)).toEqual([]);
    expect(detectGroups(distinct.slice(0, 50)).map((g) => g.members.length)).toEqual([50]);
  });

  it('keeps two rings apart and lists the larger first', () => {
    const ring = (series: string, n: number) =>
      Array.from({ length: n }, (_, i) => suspect(`${series}00${i}`));
    const groups = detectGroups([...ring('+919811111', 2), ...ring('+919822222', 4)]);
    expect(groups.map((g) => g.members.length)).toEqual([4, 2]);
    expect(groups[0]?.members.every((m) => m.startsWith('+919822222'))).toBe(true);
  });

  it('leaves lone callers out and is the same run to run', () => {
    const suspects = [suspect('+919812345001'), suspect('+919812345002'), suspect('+919877777001')];
    expect(detectGroups(suspects)).toEqual(detectGroups([...suspects].reverse()));
    expect(detectGroups(suspects).flatMap((g) => g.members)).not.toContain('+919877777001');
    expect(detectGroups([])).toEqual([]);
  });
});

describe('CampaignTracker', () => {
  const ids = () => {
    let n = 0;
    return () => `c${++n}`;
  };

  it('gives a new group a new id and its members’ majority category', () => {
    const tracker = new CampaignTracker(ids());
    const suspects = [suspect('a', [], 'LOTTERY'), suspect('b', [], 'LOTTERY'), suspect('c', [], 'WANGIRI')];
    const [campaign] = tracker.update([group(['a', 'b', 'c'])], suspects);
    expect(campaign).toMatchObject({
      id: 'c1',
      type: 'LOTTERY',
      members: ['a', 'b', 'c'],
      isNew: true,
      joined: ['a', 'b', 'c'],
    });
    expect(tracker.campaignIdOf('b')).toBe('c1');
  });

  it('keeps the id as the group grows, and the earlier members when they drop out of a round', () => {
    const tracker = new CampaignTracker(ids());
    const suspects = ['a', 'b', 'c', 'd'].map((m) => suspect(m));
    tracker.update([group(['a', 'b'])], suspects);
    const [grown] = tracker.update([group(['b', 'c', 'd'])], suspects);
    expect(grown).toMatchObject({
      id: 'c1',
      isNew: false,
      members: ['a', 'b', 'c', 'd'],
      joined: ['c', 'd'],
    });
  });

  it('keeps ids restored from the database', () => {
    const tracker = new CampaignTracker(ids());
    tracker.restore('stored', 'SIM_BOX', ['a', 'b']);
    const [campaign] = tracker.update(
      [group(['a', 'b', 'c'])],
      ['a', 'b', 'c'].map((m) => suspect(m, [], null)),
    );
    expect(campaign).toMatchObject({ id: 'stored', type: 'SIM_BOX', isNew: false, joined: ['c'] });
  });

  it('gives a group whose members belong to two campaigns the id most of them belong to', () => {
    const tracker = new CampaignTracker(ids());
    const suspects = ['a', 'b', 'c', 'd', 'e'].map((m) => suspect(m));
    tracker.update([group(['a', 'b']), group(['c', 'd', 'e'])], suspects);
    const [merged] = tracker.update([group(['a', 'b', 'c', 'd', 'e'])], suspects);
    expect(merged).toMatchObject({ id: 'c2', isNew: false, joined: [] });
  });

  it('gives each campaign to one group a round: a ring that splits keeps its id in one part, and its numbers', () => {
    const tracker = new CampaignTracker(ids());
    const suspects = ['a', 'b', 'c', 'd', 'e', 'f'].map((m) => suspect(m));
    tracker.update([group(['a', 'b', 'c', 'd'])], suspects);
    const split = tracker.update([group(['a', 'b']), group(['c', 'd'])], suspects);
    // No empty campaign for the part whose numbers all belong to c1 already.
    expect(split.map((t) => [t.id, t.members])).toEqual([['c1', ['a', 'b', 'c', 'd']]]);
    expect(tracker.campaignIdOf('c')).toBe('c1');
    // A part with numbers of its own becomes a campaign of those numbers.
    const grown = tracker.update([group(['a', 'b']), group(['c', 'd', 'e', 'f'])], suspects);
    expect(grown.map((t) => [t.id, t.members, t.isNew])).toEqual([
      ['c1', ['a', 'b', 'c', 'd'], false],
      ['c2', ['e', 'f'], true],
    ]);
  });

  it('skips a new group with no category at all', () => {
    const tracker = new CampaignTracker(ids());
    expect(tracker.update([group(['a', 'b'])], [suspect('a', [], null), suspect('b', [], null)])).toEqual([]);
  });
});

describe('purity', () => {
  it('is the share of assigned members in their campaign’s largest true ring; normal callers never count', () => {
    const truth = new Map([
      ['a', 'ring1'],
      ['b', 'ring1'],
      ['c', 'ring2'],
    ]);
    expect(purity([['a', 'b']], truth)).toBe(1);
    expect(purity([['a', 'b', 'c', 'normal']], truth)).toBe(0.5);
    expect(purity([], truth)).toBe(0);
  });
});
