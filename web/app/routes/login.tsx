import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { PasswordField, TextField } from '~/components/forms/text-field';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { afterSignIn, loginFailureMessage } from '~/lib/auth/login-result';
import { safeNextPath } from '~/lib/auth/next-path';
import { MAX_PASSWORD } from '~/lib/auth/password-limits';
import { serializeSessionCookie } from '~/lib/cookies.server';
import { loginMutation } from '~/lib/graphql/people';

export const meta: MetaFunction = () => [{ title: 'Sign in — Satark' }];

const MAX_EMAIL = 320;

const notices: Record<string, string> = {
  expired: 'Your session has ended. Sign in again to carry on.',
  'signed-out': 'You are signed out.',
  'password-changed': 'Your password is changed. Sign in with the new one.',
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const next = safeNextPath(params.get('next'));
  if (context.sessionToken) {
    // Already signed in: straight on. A session the API refuses comes back here without its cookie.
    const signedIn = await context.account().then(
      () => true,
      (error: unknown) => {
        if (error instanceof Response && error.status >= 300 && error.status < 400) throw error;
        return false; // the API is down: show the form, which says so when used
      },
    );
    if (signedIn) throw redirect(next);
  }
  return {
    next,
    notice: notices[params.get('reason') ?? ''] ?? null,
    oidcError: params.get('oidc_error'),
    oidcName: context.oidc?.name ?? null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readCheckedForm(request);
  const email = String(form.get('email') ?? '')
    .trim()
    .slice(0, MAX_EMAIL);
  const password = String(form.get('password') ?? '').slice(0, MAX_PASSWORD);
  const next = safeNextPath(String(form.get('next') ?? ''));
  if (!email || !password) {
    return data({ error: 'Enter your email and password.', email }, { status: 400 });
  }
  // Signing in is anonymous: whatever session this browser had is not sent along.
  const { login } = await context.publicApi.mutation(loginMutation, { email, password });
  if (login.__typename !== 'LoginSuccess') {
    const status = login.__typename === 'RateLimitError' ? 429 : 401;
    return data({ error: loginFailureMessage(login), email }, { status });
  }
  const cookie = await serializeSessionCookie(login.token, new Date(login.expiresAt), context.secureCookies);
  return redirect(afterSignIn(login, next), { headers: { 'set-cookie': cookie } });
}

export default function Login() {
  const { next, notice, oidcError, oidcName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  return (
    <main id="main" className="page">
      <section className="panel auth-panel" aria-labelledby="login-heading">
        <h1 id="login-heading">Sign in to Satark</h1>
        <p className="panel__note">For analysts, operators, auditors and administrators.</p>
        {notice ? (
          <p className="notice" role="status" data-testid="login-notice">
            {notice}
          </p>
        ) : null}
        {result?.error || oidcError ? (
          <p className="notice notice--error" role="alert" data-testid="login-error">
            {result?.error ?? oidcError}
          </p>
        ) : null}
        <Form method="post" replace>
          <CsrfField />
          <input type="hidden" name="next" value={next} />
          <TextField
            id="login-email"
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            maxLength={MAX_EMAIL}
            defaultValue={result?.email ?? ''}
          />
          <PasswordField id="login-password" name="password" label="Password" />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </Form>
        {oidcName ? (
          <p style={{ marginTop: '1rem' }}>
            <a
              className="button button--secondary"
              href={`/auth/oidc/start?${new URLSearchParams({ next })}`}
            >
              Sign in with {oidcName}
            </a>
          </p>
        ) : null}
        <p className="panel__note" style={{ marginTop: '1rem' }}>
          Only want to know whether a number is safe? <a href="/check">Check a number</a> — no account needed.
        </p>
      </section>
    </main>
  );
}
