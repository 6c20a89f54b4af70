import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { RouteErrorView } from '~/components/feedback/route-error-view';
import { SiteHeader } from '~/components/layout/site-header';
import { LiveProvider } from '~/components/live/live-provider';
import stylesheet from '~/styles/app.css?url';
import '~/lib/load-context';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [
  { title: 'Satark — telecom fraud intelligence' },
  {
    name: 'description',
    content:
      'Satark scores every call for fraud as it happens, finds campaigns and tells anyone whether a number is safe.',
  },
];

/** Every page gets this browser's CSRF token for its forms; no API call. */
export function loader({ context }: LoaderFunctionArgs) {
  return { csrfToken: context.csrfToken };
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-IN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="dark" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  // Dashboard pages follow the live view as the signed-in person; public pages as the public.
  const { pathname } = useLocation();
  const livePath = pathname === '/dashboard' || pathname.startsWith('/dashboard/') ? '/live' : '/live/public';
  return (
    <LiveProvider path={livePath}>
      <SiteHeader />
      <Outlet />
    </LiveProvider>
  );
}

export function ErrorBoundary() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <RouteErrorView />
      </main>
    </>
  );
}
