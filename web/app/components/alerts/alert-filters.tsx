import { Form } from '@remix-run/react';
import { formatEnumLabel } from '~/lib/format';
import { type AlertSeverity, type AlertStatus, alertSeverities, alertStatuses } from '~/lib/graphql/types';

export function AlertFilters({
  severity,
  status,
}: {
  severity: AlertSeverity | null;
  status: AlertStatus | null;
}) {
  return (
    <Form method="get" className="filters" aria-label="Filter alerts">
      <div className="field">
        <label htmlFor="alert-severity">Severity</label>
        <select id="alert-severity" name="severity" defaultValue={severity ?? ''}>
          <option value="">Any severity</option>
          {alertSeverities.map((value) => (
            <option key={value} value={value}>
              {formatEnumLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="alert-status">Status</label>
        <select id="alert-status" name="status" defaultValue={status ?? ''}>
          <option value="">Any status</option>
          {alertStatuses.map((value) => (
            <option key={value} value={value}>
              {formatEnumLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        Apply filters
      </button>
    </Form>
  );
}
