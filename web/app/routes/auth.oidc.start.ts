import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { safeNextPath } from '~/lib/auth/next-path';

/** Sends the browser to the provider with a fresh state, nonce and PKCE challenge. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.oidc) throw new Response('Single sign-on is not configured', { status: 404 });
  const url = new URL(request.url);
  const next = safeNextPath(url.searchParams.get('next'));
  const started = await context.oidc.start({ origin: url.origin, next, secure: context.secureCookies });
  if (!started.ok) return redirect(`/login?${new URLSearchParams({ next, oidc_error: started.message })}`);
  return redirect(started.url, { headers: { 'set-cookie': started.cookie } });
}
