import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { PasswordField } from '~/components/forms/text-field';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { safeNextPath } from '~/lib/auth/next-path';
import { MAX_PASSWORD, MIN_PASSWORD } from '~/lib/auth/password-limits';
import { changePasswordMutation } from '~/lib/graphql/people';

export const meta: MetaFunction = () => [{ title: 'Change your password — Satark' }];

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
        <PasswordField id="current-password" name="currentPassword" label="Current password" />
        <PasswordField
          id="new-password"
          name="newPassword"
          label="New password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD}
          hint={`At least ${MIN_PASSWORD} characters, not your email, not a common password.`}
        />
        <PasswordField
          id="confirm-password"
          name="confirmPassword"
          label="New password again"
          autoComplete="new-password"
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : 'Change password'}
        </button>
      </Form>
    </section>
  );
}
