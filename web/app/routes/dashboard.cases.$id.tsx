import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AlertCard } from '~/components/alerts/alert-card';
import { CaseActions } from '~/components/cases/case-actions';
import { CasePriorityBadge, CaseStatusBadge } from '~/components/cases/case-badges';
import { CaseTimeline } from '~/components/cases/case-timeline';
import { CloseToList } from '~/components/cases/close-to-list';
import { SlaBadge } from '~/components/cases/sla-badge';
import { useCaseUpdates } from '~/components/cases/use-case-updates';
import { personName } from '~/lib/actor-name';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { can } from '~/lib/auth/roles';
import { useAccount, useCan } from '~/lib/auth/use-account';
import { addCaseNumbersToList } from '~/lib/case-lists.server';
import { reasonTexts } from '~/lib/case-reasons';
import { type CaseActionResult, runCaseAction } from '~/lib/cases-actions.server';
import { formatDateTime, formatEnumLabel } from '~/lib/format';
import { caseQuery } from '~/lib/graphql/cases';
import { caseDispositions } from '~/lib/graphql/enums';
import { listsQuery } from '~/lib/graphql/lists';
import { oneOf } from '~/lib/search-params';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.kase.number} ${data.kase.title} — Satark` : 'Case — Satark' },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { case: kase } = params.id ? await context.api.query(caseQuery, { id: params.id }) : { case: null };
  const account = await context.account();
  // Lists to put the numbers on when closing, for those who may change lists.
  const lists = can(account.role, 'changeLists') ? (await context.api.query(listsQuery, {})).lists : [];
  if (!kase) {
    throw new Response(JSON.stringify({ message: 'There is no case with this id.' }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  }
  return { kase, lists };
}

export async function action({ request, params, context }: ActionFunctionArgs): Promise<CaseActionResult> {
  const form = await readCheckedForm(request);
  const me = await requirePermission(context, 'workCases');
  // The case is the page's own: a post cannot act on another case by changing a hidden field.
  form.set('id', params.id ?? '');
  const result = await runCaseAction(context.api, form, me.id);
  const listId = String(form.get('listId') ?? '');
  if (!result.ok || form.get('intent') !== 'close' || form.get('addToList') !== 'on' || !listId)
    return result;
  if (!can(me.role, 'changeLists'))
    return { ok: false, message: `${result.message} Only operators and admins change lists.` };
  const disposition = oneOf(String(form.get('disposition') ?? ''), caseDispositions);
  if (!disposition) return result;
  const listed = await addCaseNumbersToList(context.api, {
    caseId: params.id ?? '',
    listId,
    disposition,
    reason: String(form.get('reason') ?? '').trim(),
  });
  return { ok: listed.ok, message: `${result.message} ${listed.message}` };
}

export default function CasePage() {
  const { kase, lists } = useLoaderData<typeof loader>();
  const viewer = useAccount();
  const mayWork = useCan('workCases');
  useCaseUpdates(kase.id);
  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <p className="list__meta">
            <Link to="/dashboard/cases">Cases</Link> / {kase.number}
          </p>
          <h1>
            {kase.number} · {kase.title}
          </h1>
          <div className="button-row" style={{ alignItems: 'center' }}>
            <CaseStatusBadge status={kase.status} />
            <CasePriorityBadge priority={kase.priority} />
            <SlaBadge kase={kase} />
            <span className="list__meta" data-testid="case-assignee">
              {kase.assignee ? `Assigned to ${kase.assignee.displayName}` : 'Unassigned'}
            </span>
          </div>
        </div>
      </header>
      {kase.status === 'CLOSED' ? (
        <section className="notice" data-testid="case-outcome">
          Closed {kase.closedAt ? formatDateTime(kase.closedAt) : ''}
          {kase.disposition ? ` as ${formatEnumLabel(kase.disposition)}` : ''}
          {kase.dispositionReason ? `: “${kase.dispositionReason}”` : ''}
          {kase.mergedInto ? (
            <>
              {' '}
              (merged into{' '}
              <Link to={`/dashboard/cases/${encodeURIComponent(kase.mergedInto.id)}`}>
                {kase.mergedInto.number}
              </Link>
              )
            </>
          ) : null}
        </section>
      ) : null}
      <div className="grid grid--main">
        <div className="stack">
          <section className="panel" aria-labelledby="numbers-title">
            <h2 id="numbers-title" className="panel__title">
              Numbers
            </h2>
            {kase.campaign ? (
              <p>
                Campaign:{' '}
                <Link to={`/dashboard/campaigns/${encodeURIComponent(kase.campaign.id)}`}>
                  {kase.campaign.name}
                </Link>
              </p>
            ) : null}
            {kase.numbers.length === 0 ? (
              <p className="list__meta">No numbers in this case.</p>
            ) : (
              <ul
                className="stack"
                data-testid="case-numbers"
                style={{ listStyle: 'none', padding: 0, margin: 0 }}
              >
                {kase.numbers.map((entry) => {
                  const reasons = reasonTexts(entry.reasons);
                  return (
                    <li key={entry.number} data-testid="case-number">
                      <Link
                        className="mono"
                        to={`/dashboard/lookup?number=${encodeURIComponent(entry.number)}`}
                      >
                        {entry.number}
                      </Link>{' '}
                      <span className="list__meta">
                        {entry.verdict ? formatEnumLabel(entry.verdict) : 'Not scored'}
                        {entry.riskScore !== null ? ` · risk ${Math.round(entry.riskScore)}` : ''} when added{' '}
                        {formatDateTime(entry.addedAt)}
                      </span>
                      {reasons.length > 0 ? (
                        <details>
                          <summary>The model’s explanation then</summary>
                          <ul>
                            {reasons.map((text) => (
                              <li key={text}>{text}</li>
                            ))}
                          </ul>
                        </details>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <section className="panel" aria-labelledby="evidence-title">
            <h2 id="evidence-title" className="panel__title">
              Evidence
            </h2>
            {kase.evidence.length === 0 ? (
              <p className="list__meta">No evidence attached.</p>
            ) : (
              kase.evidence.map((item) => (
                <article key={item.id} data-testid="case-evidence">
                  <h3>{item.title}</h3>
                  <p className="list__meta">
                    {personName(item.by, viewer)} · {formatDateTime(item.addedAt)}
                  </p>
                  <p style={{ whiteSpace: 'pre-wrap' }}>{item.body}</p>
                </article>
              ))
            )}
          </section>
          <section className="stack" aria-labelledby="case-alerts-title">
            <h2 id="case-alerts-title" className="panel__title">
              Alerts ({kase.alerts.length})
            </h2>
            {kase.alerts.slice(0, 50).map((alert) => (
              <AlertCard key={alert.id} alert={alert} showActions={false} />
            ))}
            {kase.alerts.length > 50 ? (
              <p className="list__meta">{kase.alerts.length - 50} older alerts not shown.</p>
            ) : null}
          </section>
        </div>
        <div className="stack">
          {mayWork ? (
            <CaseActions kase={kase} closeExtras={lists.length > 0 ? <CloseToList lists={lists} /> : null} />
          ) : null}
          <CaseTimeline events={kase.timeline} />
        </div>
      </div>
    </div>
  );
}
