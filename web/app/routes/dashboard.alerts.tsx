import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import { useEffect, useMemo, useState } from 'react';
import { AlertCard } from '~/components/alerts/alert-card';
import { AlertGroups } from '~/components/alerts/alert-groups';
import { BulkAcknowledgeForm } from '~/components/alerts/bulk-acknowledge-form';
import { useUnreadAlerts } from '~/components/alerts/use-unread-alerts';
import { EmptyState } from '~/components/feedback/empty-state';
import { FilterForm } from '~/components/filters/filter-form';
import { useLiveSubscription } from '~/components/live/use-live-subscription';
import { matchesAlertFilter } from '~/lib/alert-filter';
import {
  ALERT_WINDOW,
  alertGroupings,
  alertSearchForApi,
  alertSorts,
  boundLiveAlerts,
  groupAlerts,
  searchAlerts,
  sortAlerts,
} from '~/lib/alert-workspace';
import { acknowledgeAlerts } from '~/lib/alerts-actions.server';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { formatCount } from '~/lib/format';
import { ALERTS_PAGE_SIZE, alertGroupsQuery, alertsQuery, resolveAlertMutation } from '~/lib/graphql/alerts';
import { alertSeverities, alertStatuses } from '~/lib/graphql/enums';
import type { Alert } from '~/lib/graphql/fragments';
import { alertRaisedSubscription } from '~/lib/graphql/live';
import { mergeAlerts } from '~/lib/merge-alerts';
import { oneOf } from '~/lib/search-params';

export const meta: MetaFunction = () => [{ title: 'Alerts — Satark' }];

const BULK_FORM = 'bulk-acknowledge';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const severity = oneOf(params.get('severity'), alertSeverities);
  const status = oneOf(params.get('status'), alertStatuses);
  const sort = oneOf(params.get('sort'), alertSorts) ?? 'newest';
  const group = oneOf(params.get('group'), alertGroupings);
  const search = (params.get('q') ?? '').slice(0, 100);
  const after = params.get('after') || null;
  const { alerts } = await context.api.query(alertsQuery, {
    severity,
    status,
    after,
    first: ALERTS_PAGE_SIZE,
    search: alertSearchForApi(search),
    sort: sort === 'severity' ? 'SEVERITY' : 'NEWEST',
  });
  // Grouped: the API counts every matching alert per group, not only the loaded ones.
  const groupTotals = group
    ? (
        await context.api.query(alertGroupsQuery, {
          by: group === 'campaign' ? 'CAMPAIGN' : 'NUMBER',
          severity,
          status,
          search: alertSearchForApi(search),
          first: 100,
        })
      ).alertGroups
    : [];
  return { alerts, severity, status, sort, group, search, groupTotals };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readCheckedForm(request);
  await requirePermission(context, 'workAlerts');
  const intent = form.get('intent');
  if (intent === 'acknowledge' || intent === 'acknowledge-many') {
    const ids = form.getAll('id').map(String).filter(Boolean);
    if (ids.length === 0) return { ok: false, message: 'Choose at least one alert.' };
    return acknowledgeAlerts(context.api, ids);
  }
  if (intent === 'resolve') {
    const id = String(form.get('id') ?? '');
    if (!id) return { ok: false, message: 'Which alert?' };
    const resolution = String(form.get('resolution') ?? '').trim();
    if (!resolution) return { ok: false, message: 'Say what was done before resolving the alert.' };
    const { resolveAlert } = await context.api.mutation(resolveAlertMutation, { id, resolution });
    return resolveAlert.__typename === 'MutationResolveAlertSuccess'
      ? { ok: true, message: 'Resolved.' }
      : { ok: false, message: resolveAlert.message };
  }
  return { ok: false, message: 'Unknown action.' };
}

/** Older pages fetched with "load more", kept until the filters change. */
function useOlderPages(firstPage: ReturnType<typeof useLoaderData<typeof loader>>['alerts']) {
  const fetcher = useFetcher<typeof loader>();
  const [older, setOlder] = useState<Alert[]>([]);
  const [cursor, setCursor] = useState(firstPage.pageInfo.hasNextPage ? firstPage.pageInfo.endCursor : null);
  useEffect(() => {
    setOlder([]);
    setCursor(firstPage.pageInfo.hasNextPage ? firstPage.pageInfo.endCursor : null);
  }, [firstPage]);
  useEffect(() => {
    const page = fetcher.data?.alerts;
    if (fetcher.state !== 'idle' || !page) return;
    setOlder((current) => [...current, ...page.edges.map((edge) => edge.node)]);
    setCursor(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
  }, [fetcher.data, fetcher.state]);
  const loadMore = (query: URLSearchParams) => {
    if (!cursor) return;
    const next = new URLSearchParams(query);
    next.set('after', cursor);
    fetcher.load(`/dashboard/alerts?${next}`);
  };
  return { older, hasMore: cursor !== null, loading: fetcher.state !== 'idle', loadMore };
}

export default function Alerts() {
  const { alerts, severity, status, sort, group, search, groupTotals } = useLoaderData<typeof loader>();
  const [liveAlerts, setLiveAlerts] = useState<Alert[]>([]);
  const [droppedLive, setDroppedLive] = useState(0);
  const [windowSize, setWindowSize] = useState(ALERT_WINDOW);
  useLiveSubscription(alertRaisedSubscription, {}, ({ alertRaised }) => {
    if (!matchesAlertFilter(alertRaised, { severity, status })) return;
    if (searchAlerts([alertRaised], search).length === 0) return;
    setLiveAlerts((current) => {
      const { kept, dropped } = boundLiveAlerts([alertRaised, ...current], ALERT_WINDOW);
      if (dropped > 0) setDroppedLive((count) => count + dropped);
      return kept;
    });
  });
  const { older, hasMore, loading, loadMore } = useOlderPages(alerts);

  const firstPage = useMemo(() => alerts.edges.map((edge) => edge.node), [alerts]);
  const loaded = useMemo(() => [...firstPage, ...older], [firstPage, older]);
  const loadedIds = new Set(loaded.map((alert) => alert.id));
  const freshLive = liveAlerts.filter((alert) => !loadedIds.has(alert.id));
  // A live alert that a reload has since brought is shown in its loaded (current) state.
  const all = useMemo(
    () => mergeAlerts(freshLive, loaded, freshLive.length + loaded.length),
    [freshLive, loaded],
  );
  const { unread, isUnread, markAllRead } = useUnreadAlerts(firstPage, all);
  // The API searched the loaded pages (title, message, number) and live ones were searched on arrival.
  const matching = sortAlerts(all, sort);
  const shown = matching.slice(0, windowSize);
  const newIds = new Set(liveAlerts.map((alert) => alert.id));
  const total = alerts.totalCount + freshLive.length + droppedLive;
  // Alerts that exist (loaded or not) but are not on screen.
  const notShown = total - shown.length;
  const query = new URLSearchParams();
  if (severity) query.set('severity', severity);
  if (status) query.set('status', status);

  const showMore = () => {
    setWindowSize((current) => current + ALERTS_PAGE_SIZE);
    // Everything loaded is already on screen: fetch the next older page.
    if (matching.length <= windowSize) loadMore(query);
  };

  const card = (alert: Alert) => (
    <AlertCard
      key={alert.id}
      alert={alert}
      isNew={newIds.has(alert.id)}
      isUnread={isUnread(alert)}
      selectForm={BULK_FORM}
    />
  );

  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Alerts</h1>
          <p>Bursts, new campaigns, numbers turning dangerous and numbers reported again and again.</p>
        </div>
      </header>
      <section className="panel">
        <FilterForm
          idPrefix="alert"
          label="Filter alerts"
          fields={[
            {
              kind: 'search',
              name: 'q',
              label: 'Number or title',
              value: search,
              placeholder: '+9198… or “burst”',
            },
            {
              kind: 'select',
              name: 'severity',
              label: 'Severity',
              value: severity,
              any: 'Any severity',
              choices: alertSeverities,
            },
            {
              kind: 'select',
              name: 'status',
              label: 'Status',
              value: status,
              any: 'Any status',
              choices: alertStatuses,
            },
            {
              kind: 'select',
              name: 'sort',
              label: 'Sort',
              value: sort,
              choices: [
                { value: 'newest', label: 'Newest first' },
                { value: 'severity', label: 'Most severe first' },
              ],
            },
            {
              kind: 'select',
              name: 'group',
              label: 'Group',
              value: group,
              any: 'Do not group',
              choices: [
                { value: 'campaign', label: 'By campaign' },
                { value: 'number', label: 'By number' },
              ],
            },
          ]}
        />
      </section>
      <div className="button-row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <p className="list__meta" aria-live="polite" data-testid="alert-total" style={{ margin: 0 }}>
          {formatCount(total)} {total === 1 ? 'alert' : 'alerts'}
          {search ? ` match “${search}”` : ''}
          {liveAlerts.length + droppedLive > 0
            ? ` · ${formatCount(liveAlerts.length + droppedLive)} arrived while you were here`
            : ''}
        </p>
        <div className="button-row" style={{ alignItems: 'center' }}>
          <span className="badge badge--open" data-testid="alert-unread" aria-live="polite">
            {formatCount(unread)} unread
          </span>
          <button
            type="button"
            className="button button--secondary"
            onClick={markAllRead}
            disabled={unread === 0}
          >
            Mark all read
          </button>
          <BulkAcknowledgeForm id={BULK_FORM} />
        </div>
      </div>
      {shown.length === 0 ? (
        <section className="panel">
          <EmptyState
            title={severity || status || search ? 'No alert matches these filters' : 'No alerts yet'}
          >
            <p>New alerts appear here the moment they are raised.</p>
          </EmptyState>
        </section>
      ) : group ? (
        <AlertGroups groups={groupAlerts(shown, group)} totals={groupTotals} by={group} renderAlert={card} />
      ) : (
        <div className="stack" data-testid="alert-list">
          {shown.map(card)}
        </div>
      )}
      {notShown > 0 ? (
        <nav className="pagination" aria-label="More alerts">
          <span data-testid="alerts-not-shown">
            {formatCount(notShown)} older {notShown === 1 ? 'alert' : 'alerts'} not shown
          </span>
          {matching.length > windowSize || hasMore ? (
            <button type="button" className="button button--secondary" onClick={showMore} disabled={loading}>
              {loading ? 'Loading…' : 'Load more'}
            </button>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
