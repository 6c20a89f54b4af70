import type { AlertSeverity, AlertStatus } from './graphql/enums';
import type { Alert } from './graphql/fragments';

/** Whether a live alert belongs in a list filtered by severity and status. */
export function matchesAlertFilter(
  alert: Pick<Alert, 'severity' | 'status'>,
  filter: { severity: AlertSeverity | null; status: AlertStatus | null },
): boolean {
  return (
    (!filter.severity || alert.severity === filter.severity) &&
    (!filter.status || alert.status === filter.status)
  );
}
