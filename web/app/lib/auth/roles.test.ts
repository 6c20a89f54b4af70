import { describe, expect, it } from 'vitest';
import { can, keyRolesFor, roles } from './roles';

describe('what each role may do on the dashboard', () => {
  it('lets analysts work alerts and report numbers, but not change campaigns or see people', () => {
    expect(can('ANALYST', 'workAlerts')).toBe(true);
    expect(can('ANALYST', 'reportNumbers')).toBe(true);
    expect(can('ANALYST', 'changeCampaignStatus')).toBe(false);
    expect(can('ANALYST', 'manageAccounts')).toBe(false);
    expect(can('ANALYST', 'readAuditLog')).toBe(false);
  });

  it('lets operators also change a campaign’s status', () => {
    expect(can('OPERATOR', 'changeCampaignStatus')).toBe(true);
    expect(can('OPERATOR', 'manageAccounts')).toBe(false);
  });

  it('lets admins do everything', () => {
    for (const permission of [
      'workAlerts',
      'reportNumbers',
      'changeCampaignStatus',
      'manageAccounts',
      'readAuditLog',
    ] as const) {
      expect(can('ADMIN', permission)).toBe(true);
    }
  });

  it('lets auditors read the audit log and change nothing', () => {
    expect(can('AUDITOR', 'readAuditLog')).toBe(true);
    expect(can('AUDITOR', 'workAlerts')).toBe(false);
    expect(can('AUDITOR', 'changeCampaignStatus')).toBe(false);
    expect(can('AUDITOR', 'manageAccounts')).toBe(false);
  });

  it('never offers a key role above its owner’s', () => {
    expect(keyRolesFor('ANALYST')).toEqual(['ANALYST']);
    expect(keyRolesFor('OPERATOR')).not.toContain('ADMIN');
    for (const role of roles) expect(keyRolesFor(role)).toContain(role);
  });
});
