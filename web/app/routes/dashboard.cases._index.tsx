import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, NavLink, useFetcher, useLoaderData } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { ActionNotice } from '~/components/cases/action-notice';
import { CasePriorityBadge, CaseStatusBadge } from '~/components/cases/case-badges';
import { CloseCaseFields } from '~/components/cases/close-case-fields';
import { SlaBadge } from '~/components/cases/sla-badge';
import { useCaseUpdates } from '~/components/cases/use-case-updates';
import { EmptyState } from '~/components/feedback/empty-state';
import { FilterForm } from '~/components/filters/filter-form';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { useCan } from '~/lib/auth/use-account';
import { type SlaState, slaState } from '~/lib/case-sla';
import { type CaseActionResult, runCaseAction } from '~/lib/cases-actions.server';
import { formatCount, formatDateTime, formatEnumLabel } from '~/lib/format';
import { CASES_PAGE_SIZE, type CaseFilter, casesQuery } from '~/lib/graphql/cases';
import { casePriorities, caseSorts, caseStatuses } from '~/lib/graphql/enums';
import { oneOf } from '~/lib/search-params';

export const meta: MetaFunction = () => [{ title: 'Cases — Satark' }];

const tabs = ['mine', 'unassigned', 'all'] as const;
const slaFilters = ['BREACHED', 'DUE_SOON', 'ON_TIME'] as const;
const BULK_FORM = 'bulk-cases';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const tab = oneOf(params.get('tab'), tabs) ?? 'all';
  const status = oneOf(params.get('status'), caseStatuses);
  const priority = oneOf(params.get('priority'), casePriorities);
  const sla = oneOf(params.get('sla'), slaFilters);
  const sort = oneOf(params.get('sort'), caseSorts) ?? 'NEWEST';
  const search = (params.get('q') ?? '').trim().slice(0, 100);
  const after = params.get('after') || null;
  const filter: CaseFilter = {
    status,
    priority,
    search: search || null,
    assignee: tab === 'all' ? null : tab === 'mine' ? 'me' : 'unassigned',
    // The API knows "breached"; "due soon" and "on time" are told apart here, over open cases.
    slaBreached: sla === 'BREACHED' ? true : sla ? false : null,
  };
  const { cases } = await context.api.query(casesQuery, { filter, sort, first: CASES_PAGE_SIZE, after });
  return { cases, tab, status, priority, sla, sort, search, paged: after !== null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readCheckedForm(request);
  const me = await requirePermission(context, 'workCases');
  const result: CaseActionResult = await runCaseAction(context.api, form, me.id);
  // A case opened from an alert, a number or a campaign: go and work it.
  if (result.ok && result.createdCaseId)
    throw redirect(`/dashboard/cases/${encodeURIComponent(result.createdCaseId)}`);
  return result;
}

function matchesSla(state: SlaState, wanted: SlaState | null): boolean {
  if (!wanted) return true;
  return state === wanted;
}

function BulkActions() {
  const fetcher = useFetcher<CaseActionResult>();
  return (
    <section className="panel stack" aria-labelledby="bulk-title">
      <h2 id="bulk-title" className="panel__title">
        With the ticked cases
      </h2>
      <fetcher.Form method="post" id={BULK_FORM} className="filters">
        <CsrfField />
        <div className="field">
          <label htmlFor="bulk-assignee">Assign to</label>
          <select id="bulk-assignee" name="assignee" defaultValue="me">
            <option value="me">Me</option>
            <option value="none">Nobody (unassign)</option>
          </select>
        </div>
        <button type="submit" className="button" name="intent" value="bulk-assign" formNoValidate>
          Assign
        </button>
      </fetcher.Form>
      <details>
        <summary>Close the ticked cases</summary>
        <fetcher.Form method="post" className="stack" style={{ marginTop: '0.5rem' }}>
          <CsrfField />
          <input type="hidden" name="intent" value="bulk-close" />
          <BulkCaseIds />
          <CloseCaseFields idPrefix="bulk-close" />
          <button type="submit" className="button button--secondary">
            Close ticked cases
          </button>
        </fetcher.Form>
      </details>
      <ActionNotice result={fetcher.state === 'idle' ? fetcher.data : undefined} />
    </section>
  );
}

/**
 * The close form is a second form, so it copies the ticks of the bulk form's checkboxes when it is
 * submitted (a checkbox belongs to one form only).
 */
function BulkCaseIds() {
  return (
    <input
      type="hidden"
      name="caseIdsFromTicks"
      ref={(input) => {
        const form = input?.form;
        if (!form || form.dataset.copiesTicks) return;
        form.dataset.copiesTicks = 'true';
        form.addEventListener('formdata', (event) => {
          for (const box of document.querySelectorAll<HTMLInputElement>(
            `input[form="${BULK_FORM}"]:checked`,
          )) {
            event.formData.append('caseId', box.value);
          }
        });
      }}
    />
  );
}

export default function Cases() {
  const { cases, tab, status, priority, sla, sort, search, paged } = useLoaderData<typeof loader>();
  const mayWork = useCan('workCases');
  useCaseUpdates();
  const now = new Date();
  const rows = cases.edges.map((edge) => edge.node).filter((kase) => matchesSla(slaState(kase, now), sla));
  const tabLink = (value: (typeof tabs)[number]) => {
    const query = new URLSearchParams();
    query.set('tab', value);
    if (status) query.set('status', status);
    if (priority) query.set('priority', priority);
    if (sla) query.set('sla', sla);
    if (search) query.set('q', search);
    query.set('sort', sort);
    return `?${query}`;
  };
  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Cases</h1>
          <p>Alerts about one campaign or one number gather into one case; work them here.</p>
        </div>
      </header>
      <nav aria-label="Whose cases" className="tabs">
        <ul className="button-row">
          {tabs.map((value) => (
            <li key={value}>
              <NavLink
                to={tabLink(value)}
                className={`button${tab === value ? '' : ' button--secondary'}`}
                aria-current={tab === value ? 'page' : undefined}
              >
                {value === 'mine' ? 'Mine' : value === 'unassigned' ? 'Unassigned' : 'All'}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <section className="panel">
        <FilterForm
          idPrefix="case"
          label="Filter cases"
          hidden={{ tab }}
          fields={[
            {
              kind: 'search',
              name: 'q',
              label: 'Search',
              value: search,
              placeholder: 'CASE-000123, a number, a word',
            },
            {
              kind: 'select',
              name: 'status',
              label: 'Status',
              value: status,
              any: 'Any status',
              choices: caseStatuses,
            },
            {
              kind: 'select',
              name: 'priority',
              label: 'Priority',
              value: priority,
              any: 'Any priority',
              choices: casePriorities,
            },
            {
              kind: 'select',
              name: 'sla',
              label: 'SLA',
              value: sla,
              any: 'Any',
              choices: slaFilters,
            },
            {
              kind: 'select',
              name: 'sort',
              label: 'Sort',
              value: sort,
              choices: [
                { value: 'NEWEST', label: 'Newest first' },
                { value: 'OLDEST', label: 'Oldest first' },
                { value: 'DUE_SOONEST', label: 'Due soonest' },
                { value: 'PRIORITY', label: 'Priority' },
                { value: 'RECENTLY_UPDATED', label: 'Recently updated' },
              ],
            },
          ]}
        />
      </section>
      <p className="list__meta" data-testid="case-total" aria-live="polite">
        {formatCount(cases.totalCount)} {cases.totalCount === 1 ? 'case' : 'cases'}
        {sla && sla !== 'BREACHED'
          ? ` · ${formatCount(rows.length)} of this page ${formatEnumLabel(sla).toLowerCase()}`
          : ''}
      </p>
      {mayWork && rows.length > 0 ? <BulkActions /> : null}
      {rows.length === 0 ? (
        <section className="panel">
          <EmptyState title="No case matches">
            <p>Cases open by themselves when alerts are raised, or from an alert, a number or a campaign.</p>
          </EmptyState>
        </section>
      ) : (
        <div className="table-wrap">
          <table data-testid="case-table">
            <caption className="visually-hidden">Cases</caption>
            <thead>
              <tr>
                {mayWork ? (
                  <th scope="col">
                    <span className="visually-hidden">Select</span>
                  </th>
                ) : null}
                <th scope="col">Case</th>
                <th scope="col">Status</th>
                <th scope="col">Priority</th>
                <th scope="col">SLA</th>
                <th scope="col">Assignee</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((kase) => (
                <tr key={kase.id} data-testid="case-row" data-case-number={kase.number}>
                  {mayWork ? (
                    <td>
                      <input
                        type="checkbox"
                        name="caseId"
                        value={kase.id}
                        form={BULK_FORM}
                        aria-label={`Select ${kase.number}`}
                        data-testid="case-select"
                      />
                    </td>
                  ) : null}
                  <th scope="row">
                    <Link to={`/dashboard/cases/${encodeURIComponent(kase.id)}`}>{kase.number}</Link>
                    <div>{kase.title}</div>
                    {kase.campaign ? <div className="list__meta">Campaign: {kase.campaign.name}</div> : null}
                  </th>
                  <td>
                    <CaseStatusBadge status={kase.status} />
                    {kase.disposition ? (
                      <div className="list__meta">{formatEnumLabel(kase.disposition)}</div>
                    ) : null}
                  </td>
                  <td>
                    <CasePriorityBadge priority={kase.priority} />
                  </td>
                  <td>
                    <SlaBadge kase={kase} now={now} />
                  </td>
                  <td data-testid="case-assignee">{kase.assignee?.displayName ?? 'Unassigned'}</td>
                  <td>
                    <time dateTime={kase.updatedAt}>{formatDateTime(kase.updatedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label="Pages">
        {paged ? <Link to={tabLink(tab)}>First page</Link> : <span />}
        {cases.pageInfo.hasNextPage && cases.pageInfo.endCursor ? (
          <Link to={`${tabLink(tab)}&after=${encodeURIComponent(cases.pageInfo.endCursor)}`}>Next page</Link>
        ) : null}
      </nav>
    </div>
  );
}
