import { formatEnumLabel } from '~/lib/format';
import type { AlertSeverity, AlertStatus } from '~/lib/graphql/enums';

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return <span className={`badge badge--${severity.toLowerCase()}`}>{formatEnumLabel(severity)}</span>;
}

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  return <span className={`badge badge--${status.toLowerCase()}`}>{formatEnumLabel(status)}</span>;
}
