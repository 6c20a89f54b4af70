import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { SelectField } from '~/components/forms/select-field';
import { PasswordField } from '~/components/forms/text-field';
import { type AccountsActionResult, runAccountsAction } from '~/lib/accounts-actions.server';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { keyRolesFor, roleLabel, roles } from '~/lib/auth/roles';
import { formatDateTime } from '~/lib/format';
import { ACCOUNTS_PAGE_SIZE, accountsQuery, apiKeysQuery } from '~/lib/graphql/people';

export const meta: MetaFunction = () => [{ title: 'Accounts — Satark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requirePermission(context, 'manageAccounts');
  const after = new URL(request.url).searchParams.get('after') || null;
  const [{ accounts }, { apiKeys }] = await Promise.all([
    context.api.query(accountsQuery, { first: ACCOUNTS_PAGE_SIZE, after }),
    context.api.query(apiKeysQuery, {}),
  ]);
  return { me, accounts, apiKeys, paged: after !== null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readCheckedForm(request);
  await requirePermission(context, 'manageAccounts');
  const result: AccountsActionResult = await runAccountsAction(context.api, form);
  return data(result, { status: result.ok ? 200 : 400 });
}

function Outcome({ result }: { result: AccountsActionResult | undefined }) {
  if (!result) return null;
  return (
    <div
      className={`notice ${result.ok ? 'notice--success' : 'notice--error'}`}
      role={result.ok ? 'status' : 'alert'}
      data-testid="accounts-outcome"
    >
      <p style={{ margin: 0 }}>{result.message}</p>
      {result.secret ? (
        <p style={{ margin: '0.5rem 0 0' }}>
          {result.secret.label}:{' '}
          <code className="one-time-secret" data-testid="one-time-secret">
            {result.secret.value}
          </code>
        </p>
      ) : null}
    </div>
  );
}

export default function Accounts() {
  const { me, accounts, apiKeys, paged } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Accounts and API keys</h1>
          <p>Who can sign in, with which role, and the keys integrations use.</p>
        </div>
      </header>
      <Outcome result={result} />

      <section className="panel" aria-labelledby="new-account-heading">
        <h2 id="new-account-heading">New account</h2>
        <Form method="post" className="filters">
          <CsrfField />
          <input type="hidden" name="intent" value="create-account" />
          <div className="field">
            <label htmlFor="new-account-email">Email</label>
            <input id="new-account-email" name="email" type="email" required maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor="new-account-name">Display name</label>
            <input id="new-account-name" name="displayName" required maxLength={200} />
          </div>
          <SelectField
            id="new-account-role"
            name="role"
            label="Role"
            choices={roles.map((role) => ({ value: role, label: roleLabel(role) }))}
            defaultValue="ANALYST"
          />
          <PasswordField
            id="new-account-password"
            name="password"
            label="Password (optional)"
            autoComplete="new-password"
            required={false}
            hint="Leave empty for a one-time password."
          />
          <button type="submit" className="button" disabled={busy}>
            Create account
          </button>
        </Form>
      </section>

      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1). */}
      <section className="panel table-wrap" aria-labelledby="accounts-heading" tabIndex={0}>
        <h2 id="accounts-heading">Accounts ({accounts.totalCount})</h2>
        <table data-testid="accounts-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {accounts.edges.map(({ node: account }) => (
              <tr key={account.id} data-testid="account-row" data-email={account.email}>
                <td>{account.displayName}</td>
                <td>{account.email}</td>
                <td>{roleLabel(account.role)}</td>
                <td>{account.enabled ? 'Enabled' : 'Disabled'}</td>
                <td>{account.lastLoginAt ? formatDateTime(account.lastLoginAt) : 'Never'}</td>
                <td>
                  <div className="button-row">
                    {account.id === me.id ? null : (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="intent" value="set-enabled" />
                        <input type="hidden" name="id" value={account.id} />
                        <input type="hidden" name="enabled" value={account.enabled ? 'false' : 'true'} />
                        <button type="submit" className="button button--secondary" disabled={busy}>
                          {account.enabled ? 'Disable' : 'Enable'}
                        </button>
                      </Form>
                    )}
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="reset-password" />
                      <input type="hidden" name="id" value={account.id} />
                      <button type="submit" className="button button--secondary" disabled={busy}>
                        Reset password
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav className="pagination" aria-label="Account pages">
          {paged ? <Link to="?">First page</Link> : <span />}
          {accounts.pageInfo.hasNextPage && accounts.pageInfo.endCursor ? (
            <Link to={`?${new URLSearchParams({ after: accounts.pageInfo.endCursor })}`}>Next page</Link>
          ) : null}
        </nav>
      </section>

      <section className="panel" aria-labelledby="new-key-heading">
        <h2 id="new-key-heading">New API key (owned by you)</h2>
        <Form method="post" className="filters">
          <CsrfField />
          <input type="hidden" name="intent" value="create-key" />
          <div className="field">
            <label htmlFor="new-key-name">Name</label>
            <input id="new-key-name" name="name" required maxLength={200} placeholder="bank integration" />
          </div>
          <div className="field">
            <label htmlFor="new-key-role">Role</label>
            <select id="new-key-role" name="role" defaultValue="ANALYST">
              {keyRolesFor(me.role).map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={busy}>
            Create key
          </button>
        </Form>
      </section>

      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1). */}
      <section className="panel table-wrap" aria-labelledby="keys-heading" tabIndex={0}>
        <h2 id="keys-heading">API keys</h2>
        <table data-testid="keys-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Role</th>
              <th scope="col">Owner</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {apiKeys.map((key) => (
              <tr key={key.id} data-testid="key-row" data-name={key.name}>
                <td>{key.name}</td>
                <td className="mono">{key.prefix}</td>
                <td>{roleLabel(key.role)}</td>
                <td>{key.owner ? key.owner.displayName : '—'}</td>
                <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                <td>
                  {key.revokedAt ? (
                    `Revoked ${formatDateTime(key.revokedAt)}`
                  ) : (
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="revoke-key" />
                      <input type="hidden" name="id" value={key.id} />
                      <button type="submit" className="button button--danger" disabled={busy}>
                        Revoke
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
