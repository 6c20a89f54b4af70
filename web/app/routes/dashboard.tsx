import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Outlet } from '@remix-run/react';
import { RouteErrorView } from '~/components/feedback/route-error-view';
import { UrqlLiveProvider } from '~/components/live/urql-live-provider';
import { loginPath } from '~/lib/auth/next-path';

export const PASSWORD_PAGE = '/dashboard/password';

/** Every dashboard page is for a signed-in person; one who must change their password does that first. */
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.sessionToken) throw redirect(loginPath(context.pagePath));
  const account = await context.account();
  if (account.mustChangePassword && !context.pagePath.startsWith(PASSWORD_PAGE)) {
    throw redirect(`${PASSWORD_PAGE}?${new URLSearchParams({ next: context.pagePath })}`);
  }
  return { account };
}

export default function DashboardLayout() {
  return (
    <UrqlLiveProvider>
      <main id="main" className="page">
        <Outlet />
      </main>
    </UrqlLiveProvider>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main" className="page">
      <RouteErrorView />
    </main>
  );
}
