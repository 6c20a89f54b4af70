import { describe, expect, it } from 'vitest';
import {
  alertSearchForApi,
  boundLiveAlerts,
  groupAlerts,
  groupKeyOfTotal,
  latestSeen,
  searchAlerts,
  sortAlerts,
  unreadCount,
} from './alert-workspace';
import { anAlert } from './testing/alerts';

const alert = anAlert;

const at = (second: number) => `2026-11-24T00:00:${String(second).padStart(2, '0')}.000Z`;

describe('sortAlerts', () => {
  const alerts = [
    alert('old-critical', { severity: 'CRITICAL', createdAt: at(1) }),
    alert('new-low', { severity: 'LOW', createdAt: at(9) }),
    alert('mid-critical', { severity: 'CRITICAL', createdAt: at(5) }),
  ];

  it('shows the newest alert first', () => {
    expect(sortAlerts(alerts, 'newest').map((a) => a.id)).toEqual([
      'new-low',
      'mid-critical',
      'old-critical',
    ]);
  });

  it('shows the most severe first, newest first within a severity', () => {
    expect(sortAlerts(alerts, 'severity').map((a) => a.id)).toEqual([
      'mid-critical',
      'old-critical',
      'new-low',
    ]);
  });
});

describe('searchAlerts', () => {
  const alerts = [
    alert('a', { number: '+919876543210', title: '+919876543210 turned DANGEROUS' }),
    alert('b', { title: 'Burst of short calls from Delhi' }),
  ];

  it('finds alerts by part of the number, even typed with spaces', () => {
    expect(searchAlerts(alerts, '98765 43210').map((a) => a.id)).toEqual(['a']);
  });

  it('finds alerts by words of the title, ignoring case', () => {
    expect(searchAlerts(alerts, 'burst').map((a) => a.id)).toEqual(['b']);
  });

  it('keeps every alert when the search is blank', () => {
    expect(searchAlerts(alerts, '  ')).toHaveLength(2);
  });
});

describe('groupAlerts', () => {
  const campaign = { id: 'c1', name: 'Wangiri wave' };
  const alerts = [
    alert('1', { number: '+911', campaign }),
    alert('2', { number: '+912' }),
    alert('3', { number: '+911', campaign }),
    alert('4'),
  ];

  it('folds a campaign’s alerts into one group, alerts with no campaign last', () => {
    const groups = groupAlerts(alerts, 'campaign');
    expect(groups.map((g) => [g.label, g.alerts.map((a) => a.id)])).toEqual([
      ['Wangiri wave', ['1', '3']],
      ['Not part of a campaign', ['2', '4']],
    ]);
  });

  it('folds one number’s alerts into one group in the order given', () => {
    const groups = groupAlerts(alerts, 'number');
    expect(groups.map((g) => [g.label, g.alerts.map((a) => a.id)])).toEqual([
      ['+911', ['1', '3']],
      ['+912', ['2']],
      ['No single number', ['4']],
    ]);
  });
});

describe('boundLiveAlerts', () => {
  it('keeps the newest alerts of a flood and counts the ones it let go', () => {
    const flood = Array.from({ length: 205 }, (_, i) => alert(String(i)));
    const { kept, dropped } = boundLiveAlerts(flood, 200);
    expect(kept).toHaveLength(200);
    expect(kept[0]?.id).toBe('0');
    expect(dropped).toBe(5);
  });

  it('keeps everything below the limit', () => {
    expect(boundLiveAlerts([alert('a')], 200)).toEqual({ kept: [alert('a')], dropped: 0 });
  });
});

describe('unread alerts', () => {
  const alerts = [alert('a', { createdAt: at(1) }), alert('b', { createdAt: at(5) })];

  it('counts every alert as unread in a browser that never saw the list', () => {
    expect(unreadCount(alerts, null)).toBe(2);
  });

  it('counts only alerts raised after the analyst last looked', () => {
    expect(unreadCount(alerts, at(3))).toBe(1);
    expect(unreadCount(alerts, at(5))).toBe(0);
  });

  it('moves the seen mark to the newest alert and never back', () => {
    expect(latestSeen(alerts, null)).toBe(at(5));
    expect(latestSeen(alerts, at(9))).toBe(at(9));
    expect(latestSeen([], null)).toBeNull();
  });
});

describe('alertSearchForApi', () => {
  it('sends a number typed with spaces and dashes as its digits, and words as typed', () => {
    expect(alertSearchForApi('+91 98765-43210')).toBe('919876543210');
    expect(alertSearchForApi(' burst ')).toBe('burst');
    expect(alertSearchForApi('   ')).toBeNull();
  });
});

describe('groupKeyOfTotal', () => {
  it('names the same group as groupAlerts, so the API’s totals land on the loaded groups', () => {
    const campaign = { id: 'c1', name: 'Wangiri wave' };
    const [group] = groupAlerts([alert('1', { campaign })], 'campaign');
    expect(groupKeyOfTotal({ number: null, campaign })).toBe(group?.key);
    const [byNumber] = groupAlerts([alert('2', { number: '+911' })], 'number');
    expect(groupKeyOfTotal({ number: '+911', campaign: null })).toBe(byNumber?.key);
  });
});
