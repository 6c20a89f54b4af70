import { Outlet } from '@remix-run/react';
import { RouteErrorView } from '~/components/feedback/route-error-view';
import { UrqlLiveProvider } from '~/components/live/urql-live-provider';

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
