// Sign-in, sessions, accounts, keys and the audit log (the people contract, /work/briefs/auth-contract.md).
import { gql, type TypedDocumentNode } from '@urql/core';
import type { Role } from '../auth/roles';
import type { Connection, TypedError } from './types';

export interface Account {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  enabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

const accountFields = gql`
  fragment AccountFields on Account {
    id
    email
    displayName
    role
    enabled
    mustChangePassword
    lastLoginAt
    createdAt
  }
`;

export const meQuery: TypedDocumentNode<{ me: Account | null }, Record<string, never>> = gql`
  query Me {
    me {
      ...AccountFields
    }
  }
  ${accountFields}
`;

export type LoginResult =
  | { __typename: 'LoginSuccess'; token: string; expiresAt: string; account: Account }
  | (TypedError<'RateLimitError'> & { retryAfterSec: number })
  | TypedError<'InvalidCredentialsError' | 'AccountDisabledError' | 'OidcError' | 'ValidationError'>;

// login and loginWithOidc return different unions with the same members, so the selection is
// spelled per member rather than as a fragment on one union.
const loginSuccessFields = gql`
  fragment LoginSuccessFields on LoginSuccess {
    token
    expiresAt
    account {
      ...AccountFields
    }
  }
  ${accountFields}
`;

export const loginMutation: TypedDocumentNode<{ login: LoginResult }, { email: string; password: string }> =
  gql`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      __typename
      ...LoginSuccessFields
      ... on RateLimitError {
        retryAfterSec
      }
      ... on Error {
        message
        code
      }
    }
  }
  ${loginSuccessFields}
`;

export const loginWithOidcMutation: TypedDocumentNode<{ loginWithOidc: LoginResult }, { idToken: string }> =
  gql`
  mutation LoginWithOidc($idToken: String!) {
    loginWithOidc(idToken: $idToken) {
      __typename
      ...LoginSuccessFields
      ... on RateLimitError {
        retryAfterSec
      }
      ... on Error {
        message
        code
      }
    }
  }
  ${loginSuccessFields}
`;

export const logoutMutation: TypedDocumentNode<{ logout: boolean }, Record<string, never>> = gql`
  mutation Logout {
    logout
  }
`;

export type ChangePasswordResult =
  | { __typename: 'MutationChangePasswordSuccess' }
  | (TypedError<'RateLimitError'> & { retryAfterSec: number })
  | TypedError<'InvalidCredentialsError' | 'PasswordPolicyError'>;

export const changePasswordMutation: TypedDocumentNode<
  { changePassword: ChangePasswordResult },
  { currentPassword: string; newPassword: string }
> = gql`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      __typename
      ... on RateLimitError {
        retryAfterSec
      }
      ... on Error {
        message
        code
      }
    }
  }
`;

export const ACCOUNTS_PAGE_SIZE = 50;

export const accountsQuery: TypedDocumentNode<
  { accounts: Connection<Account> },
  { first: number; after: string | null }
> = gql`
  query Accounts($first: Int!, $after: String) {
    accounts(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AccountFields
        }
      }
    }
  }
  ${accountFields}
`;

type AccountChangeError = TypedError<
  'ValidationError' | 'NotFoundError' | 'PasswordPolicyError' | 'RoleNotAllowedError'
>;

export interface AccountWithPassword {
  account: Account;
  oneTimePassword: string | null;
}

export type CreateAccountResult =
  | { __typename: 'MutationCreateAccountSuccess'; data: AccountWithPassword }
  | AccountChangeError;

export const createAccountMutation: TypedDocumentNode<
  { createAccount: CreateAccountResult },
  { email: string; displayName: string; role: Role; password: string | null }
> = gql`
  mutation CreateAccount($email: String!, $displayName: String!, $role: AccountRole!, $password: String) {
    createAccount(email: $email, displayName: $displayName, role: $role, password: $password) {
      __typename
      ... on MutationCreateAccountSuccess {
        data {
          account {
            ...AccountFields
          }
          oneTimePassword
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
  ${accountFields}
`;

export type UpdateAccountResult =
  | { __typename: 'MutationUpdateAccountSuccess'; data: Account }
  | AccountChangeError;

export const updateAccountMutation: TypedDocumentNode<
  { updateAccount: UpdateAccountResult },
  { id: string; enabled?: boolean | null; role?: Role | null; displayName?: string | null }
> = gql`
  mutation UpdateAccount($id: ID!, $enabled: Boolean, $role: AccountRole, $displayName: String) {
    updateAccount(id: $id, enabled: $enabled, role: $role, displayName: $displayName) {
      __typename
      ... on MutationUpdateAccountSuccess {
        data {
          ...AccountFields
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
  ${accountFields}
`;

export type ResetPasswordResult =
  | { __typename: 'MutationResetPasswordSuccess'; data: AccountWithPassword }
  | AccountChangeError;

export const resetPasswordMutation: TypedDocumentNode<
  { resetPassword: ResetPasswordResult },
  { id: string }
> = gql`
  mutation ResetPassword($id: ID!) {
    resetPassword(id: $id) {
      __typename
      ... on MutationResetPasswordSuccess {
        data {
          account {
            ...AccountFields
          }
          oneTimePassword
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
  ${accountFields}
`;

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  owner: { id: string; email: string; displayName: string } | null;
}

export const apiKeysQuery: TypedDocumentNode<{ apiKeys: ApiKeySummary[] }, Record<string, never>> = gql`
  query ApiKeys {
    apiKeys {
      id
      name
      prefix
      role
      createdAt
      lastUsedAt
      revokedAt
      owner {
        id
        email
        displayName
      }
    }
  }
`;

export type CreateApiKeyResult =
  | { __typename: 'MutationCreateApiKeySuccess'; data: { key: string; apiKey: { id: string; name: string } } }
  | TypedError<'ValidationError' | 'ForbiddenError'>;

export const createApiKeyMutation: TypedDocumentNode<
  { createApiKey: CreateApiKeyResult },
  { name: string; role: Role }
> = gql`
  mutation CreateApiKey($name: String!, $role: Role!) {
    createApiKey(name: $name, role: $role) {
      __typename
      ... on MutationCreateApiKeySuccess {
        data {
          key
          apiKey {
            id
            name
          }
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`;

export const revokeApiKeyMutation: TypedDocumentNode<
  { revokeApiKey: { id: string; revokedAt: string | null } | null },
  { id: string }
> = gql`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`;

export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  actor: string;
  actorRole: string;
  client: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  from?: string | null;
  to?: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

export const auditLogQuery: TypedDocumentNode<
  { auditLog: Connection<AuditEntry> },
  { filter: AuditFilter; first: number; after: string | null }
> = gql`
  query AuditLog($filter: AuditFilter, $first: Int!, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          seq
          at
          actor
          actorRole
          client
          action
          targetType
          targetId
          before
          after
          requestId
        }
      }
    }
  }
`;
