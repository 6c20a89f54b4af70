import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { ActionNotice } from '~/components/cases/action-notice';
import { EmptyState } from '~/components/feedback/empty-state';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { useCan } from '~/lib/auth/use-account';
import { formatCount, formatDateTime } from '~/lib/format';
import { listsQuery } from '~/lib/graphql/lists';
import { type ListActionResult, runListAction } from '~/lib/lists-actions.server';

export const meta: MetaFunction = () => [{ title: 'Allow and block lists — Satark' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { lists } = await context.api.query(listsQuery, {});
  return { lists };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readCheckedForm(request);
  await requirePermission(context, 'changeLists');
  const result: ListActionResult = await runListAction(context.api, form, null);
  if (result.ok && result.createdListId)
    throw redirect(`/dashboard/lists/${encodeURIComponent(result.createdListId)}`);
  return result;
}

function CreateListForm() {
  const fetcher = useFetcher<ListActionResult>();
  return (
    <section className="panel" aria-labelledby="create-list-title">
      <h2 id="create-list-title" className="panel__title">
        New list
      </h2>
      <fetcher.Form method="post" className="filters">
        <CsrfField />
        <input type="hidden" name="intent" value="create-list" />
        <div className="field">
          <label htmlFor="list-name">Name</label>
          <input id="list-name" name="name" required maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="list-kind">Kind</label>
          <select id="list-kind" name="kind" defaultValue="BLOCK">
            <option value="BLOCK">Block (known fraud: flag from the first call)</option>
            <option value="ALLOW">Allow (never flag)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="list-description">Description</label>
          <input id="list-description" name="description" maxLength={500} />
        </div>
        <button type="submit" className="button">
          Create list
        </button>
      </fetcher.Form>
      <ActionNotice result={fetcher.state === 'idle' ? fetcher.data : undefined} />
    </section>
  );
}

export default function Lists() {
  const { lists } = useLoaderData<typeof loader>();
  const mayChange = useCan('changeLists');
  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Allow and block lists</h1>
          <p>
            A BLOCK entry flags a caller as dangerous on its first call; an ALLOW entry means it is never
            flagged or alerted (its calls are still scored). Operators and admins change lists; analysts read
            them.
          </p>
        </div>
      </header>
      {mayChange ? <CreateListForm /> : null}
      {lists.length === 0 ? (
        <section className="panel">
          <EmptyState title="No lists yet">
            <p>
              Create a block list for known fraud or an allow list for numbers that must never be flagged.
            </p>
          </EmptyState>
        </section>
      ) : (
        <div className="table-wrap">
          <table data-testid="list-table">
            <caption className="visually-hidden">Lists</caption>
            <thead>
              <tr>
                <th scope="col">List</th>
                <th scope="col">Kind</th>
                <th scope="col" className="numeric">
                  Entries
                </th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {lists.map((list) => (
                <tr key={list.id} data-testid="list-row">
                  <th scope="row">
                    <Link to={`/dashboard/lists/${encodeURIComponent(list.id)}`}>{list.name}</Link>
                    {list.description ? <div className="list__meta">{list.description}</div> : null}
                  </th>
                  <td>
                    <span className={`badge badge--${list.kind === 'BLOCK' ? 'dangerous' : 'safe'}`}>
                      {list.kind === 'BLOCK' ? 'Block' : 'Allow'}
                    </span>
                  </td>
                  <td className="numeric">{formatCount(list.entryCount)}</td>
                  <td>
                    <time dateTime={list.changedAt}>{formatDateTime(list.changedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
