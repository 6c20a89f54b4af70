import { Link, useFetcher } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { OpenCaseForm } from '~/components/cases/open-case-form';
import { personName } from '~/lib/actor-name';
import { useAccount, useCan } from '~/lib/auth/use-account';
import { formatDateTime, formatEnumLabel } from '~/lib/format';
import type { Alert } from '~/lib/graphql/fragments';
import { AlertStatusBadge, SeverityBadge } from './severity-badge';

interface AlertActionResult {
  ok: boolean;
  message: string;
}

function AcknowledgeButton({ alert }: { alert: Alert }) {
  const fetcher = useFetcher<AlertActionResult>();
  return (
    <fetcher.Form method="post">
      <CsrfField />
      <input type="hidden" name="intent" value="acknowledge" />
      <input type="hidden" name="id" value={alert.id} />
      <button type="submit" className="button" disabled={fetcher.state !== 'idle'}>
        {fetcher.state === 'idle' ? 'Acknowledge' : 'Acknowledging…'}
      </button>
      {fetcher.data && !fetcher.data.ok ? (
        <p className="notice notice--error" role="alert">
          {fetcher.data.message}
        </p>
      ) : null}
    </fetcher.Form>
  );
}

function ResolveForm({ alert }: { alert: Alert }) {
  const fetcher = useFetcher<AlertActionResult>();
  const noteId = `resolution-${alert.id}`;
  return (
    <details>
      <summary>Resolve with a note</summary>
      <fetcher.Form method="post" style={{ marginTop: '0.5rem' }}>
        <CsrfField />
        <input type="hidden" name="intent" value="resolve" />
        <input type="hidden" name="id" value={alert.id} />
        <div className="field">
          <label htmlFor={noteId}>What was done?</label>
          <textarea
            id={noteId}
            name="resolution"
            required
            maxLength={1000}
            placeholder="Blocked at the switch"
          />
        </div>
        <button type="submit" className="button button--secondary" disabled={fetcher.state !== 'idle'}>
          {fetcher.state === 'idle' ? 'Resolve alert' : 'Resolving…'}
        </button>
        {fetcher.data && !fetcher.data.ok ? (
          <p className="notice notice--error" role="alert">
            {fetcher.data.message}
          </p>
        ) : null}
      </fetcher.Form>
    </details>
  );
}

export function AlertCard({
  alert,
  isNew = false,
  isUnread = false,
  selectForm,
  showActions = true,
}: {
  alert: Alert;
  isNew?: boolean;
  isUnread?: boolean;
  /** The id of the bulk-action form this card's checkbox belongs to (none: no checkbox). */
  selectForm?: string;
  /** False where the page's own action does not handle alert posts (the case page). */
  showActions?: boolean;
}) {
  const mayWork = useCan('workAlerts');
  const viewer = useAccount();
  return (
    <article
      className={`panel alert-card${isNew ? ' alert-card--new' : ''}`}
      aria-labelledby={`alert-${alert.id}-title`}
      data-testid="alert-card"
      data-status={alert.status}
      data-unread={isUnread ? 'true' : undefined}
    >
      <div className="alert-card__head">
        {selectForm && mayWork && alert.status === 'OPEN' ? (
          <input
            type="checkbox"
            name="id"
            value={alert.id}
            form={selectForm}
            aria-label={`Select “${alert.title}”`}
            data-testid="alert-select"
          />
        ) : null}
        <SeverityBadge severity={alert.severity} />
        <AlertStatusBadge status={alert.status} />
        {isNew ? <span className="badge badge--open">New</span> : null}
        {isUnread && !isNew ? <span className="badge badge--open">Unread</span> : null}
        <span className="list__meta">
          {formatEnumLabel(alert.kind)} ·{' '}
          <time dateTime={alert.createdAt}>{formatDateTime(alert.createdAt)}</time>
        </span>
      </div>
      <h2 className="alert-card__title" id={`alert-${alert.id}-title`}>
        {alert.title}
      </h2>
      <p style={{ margin: 0 }}>{alert.message}</p>
      <p className="list__meta" style={{ margin: 0 }}>
        {alert.number ? (
          <>
            Number:{' '}
            <Link className="mono" to={`/dashboard/lookup?number=${encodeURIComponent(alert.number)}`}>
              {alert.number}
            </Link>
          </>
        ) : null}
        {alert.number && alert.campaign ? ' · ' : null}
        {alert.campaign ? (
          <>
            Campaign:{' '}
            <Link to={`/dashboard/campaigns/${encodeURIComponent(alert.campaign.id)}`}>
              {alert.campaign.name}
            </Link>
          </>
        ) : null}
      </p>
      {alert.acknowledgedAt ? (
        <p className="list__meta" style={{ margin: 0 }} data-testid="alert-acknowledged">
          Acknowledged {formatDateTime(alert.acknowledgedAt)}
          {alert.acknowledger ? ` by ${personName(alert.acknowledger, viewer)}` : ''}
        </p>
      ) : null}
      {alert.resolvedAt ? (
        <p className="list__meta" style={{ margin: 0 }}>
          Resolved {formatDateTime(alert.resolvedAt)}
          {alert.resolver ? ` by ${personName(alert.resolver, viewer)}` : ''}: “{alert.resolution}”
        </p>
      ) : null}
      {alert.status === 'RESOLVED' || !mayWork || !showActions ? null : (
        <div className="button-row" style={{ alignItems: 'flex-start' }}>
          {alert.status === 'OPEN' ? <AcknowledgeButton alert={alert} /> : null}
          <ResolveForm alert={alert} />
          {alert.case ? null : (
            <OpenCaseForm
              from={{ alertId: alert.id }}
              title={alert.title}
              priority={alert.severity}
              idPrefix={`alert-${alert.id}`}
            />
          )}
        </div>
      )}
      {showActions && alert.case ? (
        <p className="list__meta" style={{ margin: 0 }} data-testid="alert-case">
          Worked in{' '}
          <Link to={`/dashboard/cases/${encodeURIComponent(alert.case.id)}`}>{alert.case.number}</Link>
        </p>
      ) : showActions && (alert.number || alert.campaign) ? (
        <p className="list__meta" style={{ margin: 0 }}>
          <Link
            to={`/dashboard/cases?${new URLSearchParams({ q: alert.number ?? alert.campaign?.name ?? '' })}`}
            data-testid="alert-cases-link"
          >
            Cases about this {alert.number ? 'number' : 'campaign'}
          </Link>
        </p>
      ) : null}
    </article>
  );
}
