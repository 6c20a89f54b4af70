import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { safeNextPath } from '~/lib/auth/next-path';
import { changePasswordMutation } from '~/lib/graphql/people';

export const meta: MetaFunction = () => [{ title: 'Change your password — Satark' }];

const MAX_PASSWORD = 1024;
const MIN_PASSWORD = 12;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await context.account();
  return {
    mustChange: account.mustChangePassword,
    next: safeNextPath(new URL(request.url).searchParams.get('next')),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readCheckedForm(request);
  const currentPassword = String(form.get('currentPassword') ?? '').slice(0, MAX_PASSWORD);
  const newPassword = String(form.get('newPassword') ?? '').slice(0, MAX_PASSWORD);
  const confirmation = String(form.get('confirmPassword') ?? '').slice(0, MAX_PASSWORD);
  const next = safeNextPath(String(form.get('next') ?? ''));
  if (!currentPassword || !newPassword) {
    return data({ error: 'Enter your current password and a new one.' }, { status: 400 });
  }
  if (newPassword !== confirmation) {
    return data({ error: 'The two new passwords are not the same.' }, { status: 400 });
  }
  const { changePassword } = await context.api.mutation(changePasswordMutation, {
    currentPassword,
    newPassword,
  });
  if (changePassword.__typename === 'InvalidCredentialsError') {
    return data({ error: 'Your current password is not right.' }, { status: 400 });
  }
  if (changePassword.__typename === 'RateLimitError') {
    return data(
      { error: `Too many attempts. Wait ${changePassword.retryAfterSec} seconds and try again.` },
      { status: 429 },
    );
  }
  if (changePassword.__typename === 'PasswordPolicyError') {
    return data({ error: changePassword.message }, { status: 400 });
  }
  return redirect(next);
}

export default function ChangePassword() {
  const { mustChange, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <section className="panel auth-panel" aria-labelledby="password-heading">
      <h1 id="password-heading">Change your password</h1>
      {mustChange ? (
        <p className="notice" role="status" data-testid="must-change-password">
          Choose your own password before you carry on: the one you signed in with was given to you.
        </p>
      ) : null}
      {result?.error ? (
        <p className="notice notice--error" role="alert" data-testid="password-error">
          {result.error}
        </p>
      ) : null}
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="next" value={next} />
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input
            id="current-password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            maxLength={MAX_PASSWORD}
          />
        </div>
        <div className="field">
          <label htmlFor="new-password">New password</label>
          <input
            id="new-password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            maxLength={MAX_PASSWORD}
            aria-describedby="new-password-hint"
          />
          <span id="new-password-hint" className="field__hint">
            At least {MIN_PASSWORD} characters, not your email, not a common password.
          </span>
        </div>
        <div className="field">
          <label htmlFor="confirm-password">New password again</label>
          <input
            id="confirm-password"
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            maxLength={MAX_PASSWORD}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : 'Change password'}
        </button>
      </Form>
    </section>
  );
}
