// Role checks for loaders and actions: the page is refused before the API is asked.
import type { AppLoadContext } from '@remix-run/node';
import type { Account } from '../graphql/people';
import { can, type Permission, roleLabel } from './roles';

export function forbidden(message: string): Response {
  return new Response(JSON.stringify({ kind: 'forbidden', message }), {
    status: 403,
    headers: { 'content-type': 'application/json' },
  });
}

const explanations: Record<Permission, string> = {
  workAlerts: 'acknowledge or resolve alerts',
  reportNumbers: 'report numbers',
  changeCampaignStatus: 'change a campaign’s status',
  workCases: 'work cases',
  changeLists: 'change allow or block lists',
  manageAccounts: 'manage accounts and API keys',
  readAuditLog: 'read the audit log',
};

/** The signed-in account if its role allows `permission`; throws 403 (or the login redirect) otherwise. */
export async function requirePermission(context: AppLoadContext, permission: Permission): Promise<Account> {
  const account = await context.account();
  if (!can(account.role, permission)) {
    throw forbidden(`${roleLabel(account.role)}s may not ${explanations[permission]}.`);
  }
  return account;
}
