import type { ReactNode } from 'react';
import { type AlertGroup, type AlertGrouping, groupKeyOfTotal } from '~/lib/alert-workspace';
import { formatCount } from '~/lib/format';
import type { AlertGroupTotal } from '~/lib/graphql/alerts';
import type { Alert } from '~/lib/graphql/fragments';

/** Alerts folded by campaign or number: one line per group, its alerts behind a disclosure. */
export function AlertGroups({
  groups,
  totals = [],
  by,
  renderAlert,
}: {
  groups: AlertGroup[];
  /** The API's count of every matching alert per group (the loaded alerts may be fewer). */
  totals?: AlertGroupTotal[];
  by: AlertGrouping;
  renderAlert: (alert: Alert) => ReactNode;
}) {
  const totalByKey = new Map(totals.map((total) => [groupKeyOfTotal(total), total.count]));
  return (
    <div className="stack" data-testid="alert-groups">
      {groups.map((group) => {
        const open = group.alerts.filter((alert) => alert.status === 'OPEN').length;
        const total = totalByKey.get(group.key);
        return (
          <details key={group.key} className="panel alert-group" data-testid="alert-group">
            <summary data-testid="alert-group-summary">
              <span className={by === 'number' && group.key !== 'none' ? 'mono' : undefined}>
                {group.label}
              </span>{' '}
              <span className="list__meta">
                · {formatCount(group.alerts.length)} {group.alerts.length === 1 ? 'alert' : 'alerts'}
                {open > 0 ? `, ${formatCount(open)} open` : ''}
                {total !== undefined && total > group.alerts.length ? ` (${formatCount(total)} in all)` : ''}
              </span>
            </summary>
            <div className="stack" style={{ marginTop: '0.75rem' }}>
              {group.alerts.map(renderAlert)}
            </div>
          </details>
        );
      })}
    </div>
  );
}
