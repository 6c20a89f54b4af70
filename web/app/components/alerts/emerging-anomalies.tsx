import { Link } from '@remix-run/react';
import { EmptyState } from '~/components/feedback/empty-state';
import { formatDateTime, formatQuantity } from '~/lib/format';
import type { Alert } from '~/lib/graphql/fragments';
import { SeverityBadge } from './severity-badge';

export function EmergingAnomalies({ alerts, total }: { alerts: Alert[]; total: number }) {
  if (alerts.length === 0) {
    return (
      <EmptyState title="No open alerts">
        <p>Bursts, new campaigns and numbers turning dangerous raise alerts here.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="list" data-testid="emerging-anomalies">
        {alerts.map((alert) => (
          <li key={alert.id}>
            <div className="alert-card__head">
              <SeverityBadge severity={alert.severity} />
              <span className="list__title">{alert.title}</span>
            </div>
            <div className="list__meta">
              <time dateTime={alert.createdAt}>{formatDateTime(alert.createdAt)}</time>
              {alert.number ? ` · ${alert.number}` : ''}
            </div>
          </li>
        ))}
      </ul>
      <p className="panel__note">
        <Link to="/dashboard/alerts?status=OPEN">Work the {formatQuantity(total, 'open alert')}</Link>
      </p>
    </>
  );
}
