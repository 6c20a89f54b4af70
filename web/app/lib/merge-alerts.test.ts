import { describe, expect, it } from 'vitest';
import { mergeAlerts, newerSnapshot } from './merge-alerts';
import { anAlert } from './testing/alerts';

const alert = (id: string) => anAlert(id);

describe('mergeAlerts', () => {
  it('puts live alerts first and shows an alert once even when the reload already has it', () => {
    const merged = mergeAlerts([alert('new'), alert('b')], [alert('b'), alert('a')], 10);
    expect(merged.map((a) => a.id)).toEqual(['new', 'b', 'a']);
  });

  it('keeps at most the limit', () => {
    expect(mergeAlerts([alert('1'), alert('2')], [alert('3')], 2)).toHaveLength(2);
  });
});

describe('newerSnapshot', () => {
  it('prefers the live snapshot only while it is newer than the loaded one', () => {
    const live = { updatedAt: '2026-11-24T00:00:05.000Z', v: 'live' };
    const loaded = { updatedAt: '2026-11-24T00:00:03.000Z', v: 'loaded' };
    expect(newerSnapshot(live, loaded).v).toBe('live');
    expect(newerSnapshot({ ...live, updatedAt: '2026-11-24T00:00:01.000Z' }, loaded).v).toBe('loaded');
    expect(newerSnapshot(null, loaded).v).toBe('loaded');
  });
});
