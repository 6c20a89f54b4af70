import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { afterSignIn, loginFailureMessage } from '~/lib/auth/login-result';
import { serializeSessionCookie } from '~/lib/cookies.server';
import { loginWithOidcMutation } from '~/lib/graphql/people';

/** The provider sent the browser back: exchange the code, then the API turns the ID token into a session. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.oidc) throw new Response('Single sign-on is not configured', { status: 404 });
  const headers = new Headers({ 'set-cookie': await context.oidc.clearCookie(context.secureCookies) });
  const failed = (message: string) =>
    redirect(`/login?${new URLSearchParams({ oidc_error: message })}`, { headers });
  const finished = await context.oidc.finish({
    callbackUrl: new URL(request.url),
    cookieHeader: request.headers.get('cookie'),
  });
  if (!finished.ok) return failed(finished.message);
  const { loginWithOidc } = await context.publicApi.mutation(loginWithOidcMutation, {
    idToken: finished.idToken,
  });
  if (loginWithOidc.__typename !== 'LoginSuccess') return failed(loginFailureMessage(loginWithOidc));
  headers.append(
    'set-cookie',
    await serializeSessionCookie(
      loginWithOidc.token,
      new Date(loginWithOidc.expiresAt),
      context.secureCookies,
    ),
  );
  return redirect(afterSignIn(loginWithOidc, finished.next), { headers });
}
