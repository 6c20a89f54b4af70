import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { loginPath } from '~/lib/auth/next-path';
import { clearSessionCookie } from '~/lib/cookies.server';
import { logoutMutation } from '~/lib/graphql/people';

/** Signing out is a form post (with the CSRF token): a link or an image cannot sign anyone out. */
export async function action({ request, context }: ActionFunctionArgs) {
  await readCheckedForm(request);
  if (context.sessionToken) {
    try {
      await context.api.mutation(logoutMutation, {});
    } catch (error) {
      // An expired session is already signed out; the API being down must not keep the cookie.
      if (!(error instanceof Response)) throw error;
    }
  }
  return redirect(loginPath('/dashboard', 'signed-out'), {
    headers: { 'set-cookie': await clearSessionCookie(context.secureCookies) },
  });
}

export function loader() {
  return redirect('/');
}
