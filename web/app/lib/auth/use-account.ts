import { useRouteLoaderData } from '@remix-run/react';
import type { Account } from '../graphql/people';
import { can, type Permission } from './roles';

/** The signed-in account on dashboard pages (from the dashboard layout's loader), else null. */
export function useAccount(): Account | null {
  return useRouteLoaderData<{ account: Account }>('routes/dashboard')?.account ?? null;
}

/** Whether the signed-in person may do this; false on public pages. */
export function useCan(permission: Permission): boolean {
  const account = useAccount();
  return account ? can(account.role, permission) : false;
}
