import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { EmptyState } from '~/components/feedback/empty-state';
import { AddEntryForm, ImportForm, RemoveEntryButton } from '~/components/lists/list-entry-forms';
import { personName } from '~/lib/actor-name';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { useAccount, useCan } from '~/lib/auth/use-account';
import { formatCount, formatDateTime } from '~/lib/format';
import { LIST_ENTRIES_PAGE_SIZE, listQuery } from '~/lib/graphql/lists';
import { type ListActionResult, runListAction } from '~/lib/lists-actions.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.list.name} — Satark` : 'List — Satark' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const search = (query.get('q') ?? '').trim().slice(0, 40);
  const after = query.get('after') || null;
  const { list } = await context.api.query(listQuery, {
    id: params.id ?? '',
    search: search || null,
    first: LIST_ENTRIES_PAGE_SIZE,
    after,
  });
  if (list.__typename !== 'QueryListSuccess') {
    throw new Response(JSON.stringify({ message: 'There is no list with this id.' }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  }
  return { list: list.data, search, paged: after !== null };
}

export async function action({ request, params, context }: ActionFunctionArgs): Promise<ListActionResult> {
  const form = await readCheckedForm(request);
  await requirePermission(context, 'changeLists');
  return runListAction(context.api, form, params.id ?? null);
}

export default function ListPage() {
  const { list, search, paged } = useLoaderData<typeof loader>();
  const mayChange = useCan('changeLists');
  const viewer = useAccount();
  const entries = list.entries.edges.map((edge) => edge.node);
  const next = new URLSearchParams();
  if (search) next.set('q', search);
  if (list.entries.pageInfo.endCursor) next.set('after', list.entries.pageInfo.endCursor);
  return (
    <div className="stack">
      <p>
        <Link to="/dashboard/lists">← All lists</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>{list.name}</h1>
          <p>
            <span className={`badge badge--${list.kind === 'BLOCK' ? 'dangerous' : 'safe'}`}>
              {list.kind === 'BLOCK' ? 'Block list' : 'Allow list'}
            </span>{' '}
            {formatCount(list.entryCount)} entries{list.description ? ` · ${list.description}` : ''}
          </p>
        </div>
        <a
          className="button button--secondary"
          href={`/dashboard/lists/${encodeURIComponent(list.id)}/export.csv`}
          download
        >
          Export CSV
        </a>
      </header>
      {mayChange ? (
        <div className="grid grid--main">
          <AddEntryForm />
          <ImportForm />
        </div>
      ) : null}
      <section className="panel">
        <Form method="get" className="filters" aria-label="Search entries">
          <div className="field">
            <label htmlFor="entry-search">Number or prefix</label>
            <input id="entry-search" name="q" type="search" defaultValue={search} maxLength={40} />
          </div>
          <button type="submit" className="button">
            Search
          </button>
        </Form>
      </section>
      {entries.length === 0 ? (
        <section className="panel">
          <EmptyState title={search ? 'No entry matches' : 'This list is empty'}>
            <p>Add numbers, prefixes or ranges, or import a CSV.</p>
          </EmptyState>
        </section>
      ) : (
        <div className="table-wrap">
          <table data-testid="entry-table">
            <caption className="visually-hidden">Entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Entry</th>
                <th scope="col">Reason</th>
                <th scope="col">Source</th>
                <th scope="col">Added</th>
                <th scope="col">Expires</th>
                {mayChange ? (
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="entry-row">
                  <th scope="row" className="mono">
                    {entry.text}
                  </th>
                  <td>{entry.reason}</td>
                  <td>{entry.source}</td>
                  <td>
                    {personName(entry.by, viewer)} · {formatDateTime(entry.addedAt)}
                  </td>
                  <td>
                    {entry.expiresAt ? formatDateTime(entry.expiresAt) : 'Never'}
                    {entry.expired ? ' (expired: no longer matches)' : ''}
                  </td>
                  {mayChange ? (
                    <td>
                      <RemoveEntryButton entryId={entry.id} label={entry.text} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label="Pages">
        {paged ? <Link to={search ? `?q=${encodeURIComponent(search)}` : '?'}>First page</Link> : <span />}
        {list.entries.pageInfo.hasNextPage ? <Link to={`?${next}`}>Next page</Link> : null}
      </nav>
    </div>
  );
}
