import { describe, expect, it } from 'vitest';
import type { Account } from '../graphql/people';
import { afterSignIn, loginFailureMessage } from './login-result';

const account: Account = {
  id: 'a1',
  email: 'asha@example.in',
  displayName: 'Asha',
  role: 'ANALYST',
  enabled: true,
  mustChangePassword: false,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('after signing in', () => {
  it('goes where the person was going', () => {
    expect(
      afterSignIn(
        { __typename: 'LoginSuccess', token: 'ses_x', expiresAt: '', account },
        '/dashboard/alerts',
      ),
    ).toBe('/dashboard/alerts');
  });

  it('asks for a new password first when the account must change it', () => {
    const result = afterSignIn(
      {
        __typename: 'LoginSuccess',
        token: 'ses_x',
        expiresAt: '',
        account: { ...account, mustChangePassword: true },
      },
      '/dashboard/alerts',
    );
    expect(result).toBe('/dashboard/password?next=%2Fdashboard%2Falerts');
  });

  it('says how long to wait when sign-in is throttled', () => {
    expect(
      loginFailureMessage({
        __typename: 'RateLimitError',
        message: 'x',
        code: 'RATE_LIMITED',
        retryAfterSec: 42,
      }),
    ).toMatch(/Wait 42 seconds/);
  });

  it('does not say whether the email or the password was wrong', () => {
    expect(
      loginFailureMessage({ __typename: 'InvalidCredentialsError', message: 'no such email', code: 'X' }),
    ).toBe('That email and password do not match an account.');
  });
});
