import { describe, expect, it } from 'vitest';
import { matchesAlertFilter } from './alert-filter';

describe('matchesAlertFilter', () => {
  it('shows every alert when no filter is set', () => {
    expect(matchesAlertFilter({ severity: 'LOW', status: 'OPEN' }, { severity: null, status: null })).toBe(
      true,
    );
  });

  it('hides a live alert whose severity or status is filtered out', () => {
    const filter = { severity: 'CRITICAL', status: 'OPEN' } as const;
    expect(matchesAlertFilter({ severity: 'CRITICAL', status: 'OPEN' }, filter)).toBe(true);
    expect(matchesAlertFilter({ severity: 'HIGH', status: 'OPEN' }, filter)).toBe(false);
    expect(matchesAlertFilter({ severity: 'CRITICAL', status: 'RESOLVED' }, filter)).toBe(false);
  });
});
