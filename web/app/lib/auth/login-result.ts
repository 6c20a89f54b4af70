import type { LoginResult } from '../graphql/people';

/** Where a successful sign-in lands: the password page first when the account must change it. */
export function afterSignIn(
  result: Extract<LoginResult, { __typename: 'LoginSuccess' }>,
  next: string,
): string {
  return result.account.mustChangePassword ? `/dashboard/password?${new URLSearchParams({ next })}` : next;
}

export function loginFailureMessage(result: Exclude<LoginResult, { __typename: 'LoginSuccess' }>): string {
  switch (result.__typename) {
    case 'InvalidCredentialsError':
      return 'That email and password do not match an account.';
    case 'RateLimitError':
      return `Too many sign-in attempts. Wait ${result.retryAfterSec} seconds and try again.`;
    case 'AccountDisabledError':
      return 'This account is disabled. Ask an administrator to enable it.';
    default:
      return result.message;
  }
}
