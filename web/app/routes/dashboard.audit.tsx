import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { EmptyState } from '~/components/feedback/empty-state';
import { auditCsvParams, auditFilterFromParams } from '~/lib/audit-filter';
import { requirePermission } from '~/lib/auth/require.server';
import { formatCount, formatDateTime } from '~/lib/format';
import { AUDIT_PAGE_SIZE, type AuditEntry, auditLogQuery } from '~/lib/graphql/people';

export const meta: MetaFunction = () => [{ title: 'Audit log — Satark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context, 'readAuditLog');
  const params = new URL(request.url).searchParams;
  const { filter, inputs, problems } = auditFilterFromParams(params);
  const after = params.get('after') || null;
  const { auditLog } = await context.api.query(auditLogQuery, { filter, first: AUDIT_PAGE_SIZE, after });
  return { auditLog, inputs, problems, paged: after !== null, csvQuery: auditCsvParams(filter).toString() };
}

function describeChange(entry: AuditEntry): string {
  const parts: string[] = [];
  if (entry.before !== null && entry.before !== undefined)
    parts.push(`before ${JSON.stringify(entry.before)}`);
  if (entry.after !== null && entry.after !== undefined) parts.push(`after ${JSON.stringify(entry.after)}`);
  return parts.join(' · ');
}

const textFilters = [
  { name: 'actor', label: 'Person or key', placeholder: 'asha@bank.in' },
  { name: 'action', label: 'Action', placeholder: 'alert.acknowledge' },
  { name: 'targetType', label: 'Target type', placeholder: 'Alert' },
  { name: 'targetId', label: 'Target id', placeholder: '' },
] as const;

export default function AuditLog() {
  const { auditLog, inputs, problems, paged, csvQuery } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const nextPage = new URLSearchParams(searchParams);
  if (auditLog.pageInfo.endCursor) nextPage.set('after', auditLog.pageInfo.endCursor);
  const firstPage = new URLSearchParams(searchParams);
  firstPage.delete('after');
  const entries = auditLog.edges.map((edge) => edge.node);

  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p>Every change anyone made, who made it, from where, and what it was before and after.</p>
        </div>
        <a
          className="button button--secondary"
          href={`/dashboard/audit.csv${csvQuery ? `?${csvQuery}` : ''}`}
          download
          data-testid="audit-export"
        >
          Export CSV
        </a>
      </header>
      <section className="panel">
        <Form method="get" className="filters" aria-label="Filter the audit log">
          {textFilters.map((field) => (
            <div className="field" key={field.name}>
              <label htmlFor={`audit-${field.name}`}>{field.label}</label>
              <input
                id={`audit-${field.name}`}
                name={field.name}
                defaultValue={inputs[field.name]}
                placeholder={field.placeholder}
                maxLength={200}
              />
            </div>
          ))}
          <div className="field">
            <label htmlFor="audit-from">From (IST)</label>
            <input id="audit-from" name="from" type="datetime-local" defaultValue={inputs.from} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To (IST)</label>
            <input id="audit-to" name="to" type="datetime-local" defaultValue={inputs.to} />
          </div>
          <button type="submit" className="button">
            Apply filters
          </button>
        </Form>
        {problems.map((problem) => (
          <p key={problem} className="notice notice--error" role="alert">
            {problem}
          </p>
        ))}
      </section>
      <p className="list__meta" data-testid="audit-total">
        {formatCount(auditLog.totalCount)} {auditLog.totalCount === 1 ? 'entry' : 'entries'}
      </p>
      {entries.length === 0 ? (
        <section className="panel">
          <EmptyState title="No entry matches these filters">
            <p>Changes appear here as they are made.</p>
          </EmptyState>
        </section>
      ) : (
        // A table wider than a phone scrolls sideways; keyboard users need to be able to focus it.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1).
        <section className="panel table-wrap" tabIndex={0} aria-label="Audit entries">
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">From</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-row">
                  <td className="mono">{entry.seq}</td>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </td>
                  <td>
                    {entry.actor}
                    {entry.actorRole ? <span className="list__meta"> ({entry.actorRole})</span> : null}
                  </td>
                  <td className="mono">{entry.action}</td>
                  <td>
                    {entry.targetType ?? ''} <span className="mono">{entry.targetId ?? ''}</span>
                  </td>
                  <td className="mono">{entry.client ?? ''}</td>
                  <td className="mono audit-change">{describeChange(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <nav className="pagination" aria-label="Pages">
        {paged ? <Link to={`?${firstPage}`}>First page</Link> : <span />}
        {auditLog.pageInfo.hasNextPage ? <Link to={`?${nextPage}`}>Next page</Link> : null}
      </nav>
    </div>
  );
}
