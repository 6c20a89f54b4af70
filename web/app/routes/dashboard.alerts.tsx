import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { AlertCard } from '~/components/alerts/alert-card';
import { AlertFilters } from '~/components/alerts/alert-filters';
import { EmptyState } from '~/components/feedback/empty-state';
import { useLiveSubscription } from '~/components/live/use-live-subscription';
import { matchesAlertFilter } from '~/lib/alert-filter';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { formatCount } from '~/lib/format';
import {
  ALERTS_PAGE_SIZE,
  acknowledgeAlertMutation,
  alertsQuery,
  resolveAlertMutation,
} from '~/lib/graphql/alerts';
import { alertRaisedSubscription } from '~/lib/graphql/live';
import { type Alert, alertSeverities, alertStatuses } from '~/lib/graphql/types';
import { mergeAlerts } from '~/lib/merge-alerts';
import { oneOf } from '~/lib/search-params';

export const meta: MetaFunction = () => [{ title: 'Alerts — Satark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const severity = oneOf(params.get('severity'), alertSeverities);
  const status = oneOf(params.get('status'), alertStatuses);
  const after = params.get('after') || null;
  const { alerts } = await context.api.query(alertsQuery, {
    severity,
    status,
    after,
    first: ALERTS_PAGE_SIZE,
  });
  return { alerts, severity, status, paged: after !== null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readCheckedForm(request);
  await requirePermission(context, 'workAlerts');
  const id = String(form.get('id') ?? '');
  const intent = form.get('intent');
  if (!id) return { ok: false, message: 'Which alert?' };
  if (intent === 'acknowledge') {
    const { acknowledgeAlert } = await context.api.mutation(acknowledgeAlertMutation, { id });
    return acknowledgeAlert.__typename === 'MutationAcknowledgeAlertSuccess'
      ? { ok: true, message: 'Acknowledged.' }
      : { ok: false, message: acknowledgeAlert.message };
  }
  if (intent === 'resolve') {
    const resolution = String(form.get('resolution') ?? '').trim();
    if (!resolution) return { ok: false, message: 'Say what was done before resolving the alert.' };
    const { resolveAlert } = await context.api.mutation(resolveAlertMutation, { id, resolution });
    return resolveAlert.__typename === 'MutationResolveAlertSuccess'
      ? { ok: true, message: 'Resolved.' }
      : { ok: false, message: resolveAlert.message };
  }
  return { ok: false, message: 'Unknown action.' };
}

export default function Alerts() {
  const { alerts, severity, status, paged } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const [liveAlerts, setLiveAlerts] = useState<Alert[]>([]);
  useLiveSubscription(alertRaisedSubscription, {}, ({ alertRaised }) => {
    if (!paged && matchesAlertFilter(alertRaised, { severity, status })) {
      setLiveAlerts((current) => [alertRaised, ...current]);
    }
  });

  const loaded = alerts.edges.map((edge) => edge.node);
  const loadedIds = new Set(loaded.map((alert) => alert.id));
  // A live alert that a reload has since brought is shown in its loaded (current) state.
  const shown = mergeAlerts(
    liveAlerts.filter((alert) => !loadedIds.has(alert.id)),
    loaded,
    ALERTS_PAGE_SIZE + liveAlerts.length,
  );
  const newIds = new Set(liveAlerts.map((alert) => alert.id));
  const total = alerts.totalCount + liveAlerts.filter((alert) => !loadedIds.has(alert.id)).length;
  const nextPage = new URLSearchParams(searchParams);
  if (alerts.pageInfo.endCursor) nextPage.set('after', alerts.pageInfo.endCursor);
  const firstPage = new URLSearchParams(searchParams);
  firstPage.delete('after');

  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Alerts</h1>
          <p>Bursts, new campaigns, numbers turning dangerous and numbers reported again and again.</p>
        </div>
      </header>
      <section className="panel">
        <AlertFilters severity={severity} status={status} />
      </section>
      <p className="list__meta" aria-live="polite" data-testid="alert-total">
        {formatCount(total)} {total === 1 ? 'alert' : 'alerts'}
        {liveAlerts.length > 0 ? ` · ${liveAlerts.length} arrived while you were here` : ''}
      </p>
      {shown.length === 0 ? (
        <section className="panel">
          <EmptyState title={severity || status ? 'No alert matches these filters' : 'No alerts yet'}>
            <p>New alerts appear here the moment they are raised.</p>
          </EmptyState>
        </section>
      ) : (
        <div className="stack" data-testid="alert-list">
          {shown.map((alert) => (
            <AlertCard key={alert.id} alert={alert} isNew={newIds.has(alert.id)} />
          ))}
        </div>
      )}
      <nav className="pagination" aria-label="Pages">
        {paged ? <Link to={`?${firstPage}`}>First page</Link> : <span />}
        {alerts.pageInfo.hasNextPage ? <Link to={`?${nextPage}`}>Next page</Link> : null}
      </nav>
    </div>
  );
}
