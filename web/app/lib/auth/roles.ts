// What each role may do, as the dashboard shows it. The API enforces the same rules; the
// dashboard hides what a role cannot do and refuses its pages before asking the API.

export type Role = 'ANALYST' | 'OPERATOR' | 'ADMIN' | 'AUDITOR';
export const roles: readonly Role[] = ['ANALYST', 'OPERATOR', 'ADMIN', 'AUDITOR'];

export type Permission =
  /** Acknowledge and resolve alerts. */
  | 'workAlerts'
  /** File a report about a number from the dashboard. */
  | 'reportNumbers'
  | 'changeCampaignStatus'
  /** Open, assign, comment on, close, reopen and merge cases. */
  | 'workCases'
  /** Create lists and add, remove or import their entries. */
  | 'changeLists'
  | 'manageAccounts'
  | 'readAuditLog';

const granted: Record<Role, readonly Permission[]> = {
  ANALYST: ['workAlerts', 'reportNumbers', 'workCases'],
  OPERATOR: ['workAlerts', 'reportNumbers', 'changeCampaignStatus', 'workCases', 'changeLists'],
  ADMIN: [
    'workAlerts',
    'reportNumbers',
    'changeCampaignStatus',
    'workCases',
    'changeLists',
    'manageAccounts',
    'readAuditLog',
  ],
  // Reads what an analyst reads, and the audit log; changes nothing.
  AUDITOR: ['readAuditLog'],
};

export function can(role: Role, permission: Permission): boolean {
  return granted[role]?.includes(permission) ?? false;
}

export function roleLabel(role: Role): string {
  return role.charAt(0) + role.slice(1).toLowerCase();
}

/** Roles a person with `role` may hand to an API key they create (never above their own). */
export function keyRolesFor(role: Role): Role[] {
  switch (role) {
    case 'ADMIN':
      return ['ANALYST', 'OPERATOR', 'ADMIN', 'AUDITOR'];
    case 'OPERATOR':
      return ['ANALYST', 'OPERATOR'];
    case 'ANALYST':
      return ['ANALYST'];
    case 'AUDITOR':
      return ['AUDITOR'];
  }
}
