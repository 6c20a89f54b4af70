// Sign-in, sessions, accounts, keys and the audit log (the people contract, /work/briefs/auth-contract.md).
import { errorFields, pageInfoFields, rateLimitFields } from './fragments';
import { graphql, type ResultOf, type VariablesOf } from './graphql';

const accountFields = graphql(`
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
`);

export type Account = ResultOf<typeof accountFields>;

export const meQuery = graphql(
  `
  query Me {
    me { ...AccountFields }
  }
`,
  [accountFields],
);

// login and loginWithOidc return different unions with the same members, so the selection is
// spelled per member rather than as a fragment on one union.
const loginSuccessFields = graphql(
  `
  fragment LoginSuccessFields on LoginSuccess {
    token
    expiresAt
    account { ...AccountFields }
  }
`,
  [accountFields],
);

export const loginMutation = graphql(
  `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { __typename ...LoginSuccessFields ...RateLimitFields ...ErrorFields }
  }
`,
  [loginSuccessFields, rateLimitFields, errorFields],
);

export const loginWithOidcMutation = graphql(
  `
  mutation LoginWithOidc($idToken: String!) {
    loginWithOidc(idToken: $idToken) { __typename ...LoginSuccessFields ...RateLimitFields ...ErrorFields }
  }
`,
  [loginSuccessFields, rateLimitFields, errorFields],
);

export type LoginResult =
  | ResultOf<typeof loginMutation>['login']
  | ResultOf<typeof loginWithOidcMutation>['loginWithOidc'];

export const logoutMutation = graphql(`
  mutation Logout { logout }
`);

export const changePasswordMutation = graphql(
  `
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      __typename
      ...RateLimitFields
      ...ErrorFields
    }
  }
`,
  [rateLimitFields, errorFields],
);

export const ACCOUNTS_PAGE_SIZE = 50;

export const accountsQuery = graphql(
  `
  query Accounts($first: Int!, $after: String) {
    accounts(first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges { node { ...AccountFields } }
    }
  }
`,
  [pageInfoFields, accountFields],
);

const accountWithPasswordFields = graphql(
  `
  fragment AccountWithPasswordFields on AccountWithPassword {
    account { ...AccountFields }
    oneTimePassword
  }
`,
  [accountFields],
);

export const createAccountMutation = graphql(
  `
  mutation CreateAccount($email: String!, $displayName: String!, $role: AccountRole!, $password: String) {
    createAccount(email: $email, displayName: $displayName, role: $role, password: $password) {
      __typename
      ... on MutationCreateAccountSuccess { data { ...AccountWithPasswordFields } }
      ...ErrorFields
    }
  }
`,
  [accountWithPasswordFields, errorFields],
);

export const updateAccountMutation = graphql(
  `
  mutation UpdateAccount($id: ID!, $enabled: Boolean, $role: AccountRole, $displayName: String) {
    updateAccount(id: $id, enabled: $enabled, role: $role, displayName: $displayName) {
      __typename
      ... on MutationUpdateAccountSuccess { data { ...AccountFields } }
      ...ErrorFields
    }
  }
`,
  [accountFields, errorFields],
);

export const resetPasswordMutation = graphql(
  `
  mutation ResetPassword($id: ID!) {
    resetPassword(id: $id) {
      __typename
      ... on MutationResetPasswordSuccess { data { ...AccountWithPasswordFields } }
      ...ErrorFields
    }
  }
`,
  [accountWithPasswordFields, errorFields],
);

export const apiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      prefix
      role
      createdAt
      lastUsedAt
      revokedAt
      owner { id email displayName }
    }
  }
`);

export type ApiKeySummary = ResultOf<typeof apiKeysQuery>['apiKeys'][number];

export const createApiKeyMutation = graphql(
  `
  mutation CreateApiKey($name: String!, $role: Role!) {
    createApiKey(name: $name, role: $role) {
      __typename
      ... on MutationCreateApiKeySuccess { data { key apiKey { id name } } }
      ...ErrorFields
    }
  }
`,
  [errorFields],
);

export const revokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { id revokedAt }
  }
`);

export const AUDIT_PAGE_SIZE = 50;

export const auditLogQuery = graphql(
  `
  query AuditLog($filter: AuditFilter, $first: Int!, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges {
        node { id seq at actor actorRole client action targetType targetId before after requestId }
      }
    }
  }
`,
  [pageInfoFields],
);

export type AuditEntry = ResultOf<typeof auditLogQuery>['auditLog']['edges'][number]['node'];
export type AuditFilter = NonNullable<VariablesOf<typeof auditLogQuery>['filter']>;
