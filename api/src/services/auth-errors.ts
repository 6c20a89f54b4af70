import { GraphQLError } from 'graphql';

// Typed errors of signing in and managing accounts (returned as GraphQL union members).
export class InvalidCredentialsError extends Error {
  readonly code = 'INVALID_CREDENTIALS';
  constructor() {
    super('Wrong email or password');
    this.name = 'InvalidCredentialsError';
  }
}

export class AccountDisabledError extends Error {
  readonly code = 'ACCOUNT_DISABLED';
  constructor() {
    super('This account is disabled; ask an administrator');
    this.name = 'AccountDisabledError';
  }
}

export class PasswordPolicyError extends Error {
  readonly code = 'PASSWORD_POLICY';
  constructor(readonly reason: string) {
    super(`The new password is too weak: ${reason}`);
    this.name = 'PasswordPolicyError';
  }
}

export class OidcError extends Error {
  readonly code = 'OIDC_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'OidcError';
  }
}

/** A role an account or key may not be given by this caller. */
export class RoleNotAllowedError extends Error {
  readonly code = 'ROLE_NOT_ALLOWED';
  constructor(message: string) {
    super(message);
    this.name = 'RoleNotAllowedError';
  }
}

/** The read-only AUDITOR tried to change something. */
export class ReadOnlyError extends GraphQLError {
  constructor() {
    super('AUDITOR is read-only: it may change nothing', { extensions: { code: 'FORBIDDEN' } });
  }
}
