// The accounts page's form posts: each intent validated here, then sent to the API as the admin.
import type { ApiClient } from './api.server';
import { MAX_PASSWORD } from './auth/password-limits';
import { roles } from './auth/roles';
import {
  createAccountMutation,
  createApiKeyMutation,
  resetPasswordMutation,
  revokeApiKeyMutation,
  updateAccountMutation,
} from './graphql/people';
import { oneOf } from './search-params';

export interface AccountsActionResult {
  ok: boolean;
  message: string;
  /** A one-time password or a new key: shown once, never again. */
  secret?: { label: string; value: string };
}

const MAX_TEXT = 200;

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '')
    .trim()
    .slice(0, MAX_TEXT);
}

const failed = (message: string): AccountsActionResult => ({ ok: false, message });

export async function runAccountsAction(api: ApiClient, form: FormData): Promise<AccountsActionResult> {
  switch (form.get('intent')) {
    case 'create-account': {
      const email = field(form, 'email');
      const displayName = field(form, 'displayName');
      const role = oneOf(field(form, 'role'), roles);
      const password = String(form.get('password') ?? '').slice(0, MAX_PASSWORD) || null;
      if (!email || !displayName || !role) return failed('Give an email, a name and a role.');
      const { createAccount } = await api.mutation(createAccountMutation, {
        email,
        displayName,
        role,
        password,
      });
      if (createAccount.__typename !== 'MutationCreateAccountSuccess') return failed(createAccount.message);
      const { account: created, oneTimePassword } = createAccount.data;
      return {
        ok: true,
        message: `Account created for ${created.displayName}.`,
        ...(oneTimePassword
          ? {
              secret: {
                label: `One-time password for ${created.email} (they change it at first sign-in)`,
                value: oneTimePassword,
              },
            }
          : {}),
      };
    }
    case 'set-enabled': {
      const id = field(form, 'id');
      const enabled = form.get('enabled');
      if (!id || (enabled !== 'true' && enabled !== 'false')) return failed('Which account?');
      const { updateAccount } = await api.mutation(updateAccountMutation, {
        id,
        enabled: enabled === 'true',
      });
      if (updateAccount.__typename !== 'MutationUpdateAccountSuccess') return failed(updateAccount.message);
      const account = updateAccount.data;
      return {
        ok: true,
        message: account.enabled
          ? `${account.displayName} can sign in again.`
          : `${account.displayName} is disabled and signed out everywhere.`,
      };
    }
    case 'reset-password': {
      const id = field(form, 'id');
      if (!id) return failed('Which account?');
      const { resetPassword } = await api.mutation(resetPasswordMutation, { id });
      if (resetPassword.__typename !== 'MutationResetPasswordSuccess') return failed(resetPassword.message);
      const { account: reset, oneTimePassword } = resetPassword.data;
      if (!oneTimePassword) return failed('The API gave no one-time password.');
      return {
        ok: true,
        message: `Password reset for ${reset.displayName}: give them this one-time password; they choose their own at sign-in.`,
        secret: { label: 'One-time password', value: oneTimePassword },
      };
    }
    case 'create-key': {
      const name = field(form, 'name');
      const role = oneOf(field(form, 'role'), roles);
      if (!name || !role) return failed('Give the key a name and a role.');
      const { createApiKey } = await api.mutation(createApiKeyMutation, { name, role });
      if (createApiKey.__typename !== 'MutationCreateApiKeySuccess') return failed(createApiKey.message);
      return {
        ok: true,
        message: `Key “${createApiKey.data.apiKey.name}” created.`,
        secret: { label: 'The key (shown once; only its hash is stored)', value: createApiKey.data.key },
      };
    }
    case 'revoke-key': {
      const id = field(form, 'id');
      if (!id) return failed('Which key?');
      const { revokeApiKey } = await api.mutation(revokeApiKeyMutation, { id });
      return revokeApiKey ? { ok: true, message: 'Key revoked.' } : failed('No such key.');
    }
    default:
      return failed('Unknown action.');
  }
}
