// Helpers for the people and audit tests: accounts made through the real API, sign-in over HTTP.
import { randomUUID } from 'node:crypto';
import type { TestApi } from './harness';

export type AccountRole = 'ANALYST' | 'OPERATOR' | 'ADMIN' | 'AUDITOR';

export const strongPassword = () => `Tamarind-${randomUUID().slice(0, 12)}`;
export const uniqueEmail = (label = 'person') => `${label}-${randomUUID().slice(0, 8)}@bank.example.in`;

/** Creates an account through `createAccount` with an ADMIN key; returns its id, email and password. */
export async function createPerson(api: TestApi, role: AccountRole, password = strongPassword()) {
  const email = uniqueEmail(role.toLowerCase());
  const created = await api.gql<{
    createAccount: { __typename: string; data?: { account: { id: string } } };
  }>(
    `mutation($e: String!, $r: AccountRole!, $p: String) {
      createAccount(email: $e, displayName: "Test person", role: $r, password: $p) {
        __typename ... on MutationCreateAccountSuccess { data { account { id } } }
      }
    }`,
    { e: email, r: role, p: password },
    api.keys.ADMIN,
  );
  const id = created.data?.createAccount.data?.account.id;
  if (!id) throw new Error(`createAccount failed: ${JSON.stringify(created)}`);
  return { id, email, password };
}

export interface LoginResult {
  __typename: string;
  token?: string;
  expiresAt?: string;
  message?: string;
  retryAfterSec?: number;
  account?: {
    id: string;
    email: string;
    role: string;
    mustChangePassword: boolean;
    lastLoginAt: string | null;
  };
}

export async function login(api: TestApi, email: string, password: string): Promise<LoginResult> {
  const response = await api.gql<{ login: LoginResult }>(
    `mutation($e: String!, $p: String!) {
      login(email: $e, password: $p) {
        __typename
        ... on LoginSuccess { token expiresAt account { id email role mustChangePassword lastLoginAt } }
        ... on Error { message }
        ... on RateLimitError { retryAfterSec }
      }
    }`,
    { e: email, p: password },
  );
  if (!response.data) throw new Error(`login failed: ${JSON.stringify(response)}`);
  return response.data.login;
}

/** Signs in and returns the session token. */
export async function sessionFor(api: TestApi, email: string, password: string): Promise<string> {
  const result = await login(api, email, password);
  if (!result.token) throw new Error(`no session: ${JSON.stringify(result)}`);
  return result.token;
}
