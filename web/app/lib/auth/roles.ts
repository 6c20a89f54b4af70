// What each role may do, as the dashboard shows it. The API enforces the same rules; the
// dashboard hides what a role cannot do and refuses its pages before asking the API.

import { type AccountRole, accountRoles, type RequestRole } from '../graphql/enums';

/** A signed-in person's role: the schema's AccountRole. */
export type Role = AccountRole;
export const roles = accountRoles;

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

export function roleLabel(role: RequestRole): string {
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
