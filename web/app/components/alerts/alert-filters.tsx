import { Form } from '@remix-run/react';
import type { AlertGrouping, AlertSort } from '~/lib/alert-workspace';
import { formatEnumLabel } from '~/lib/format';
import { type AlertSeverity, type AlertStatus, alertSeverities, alertStatuses } from '~/lib/graphql/types';

export function AlertFilters({
  severity,
  status,
  sort = 'newest',
  group = null,
  search = '',
}: {
  severity: AlertSeverity | null;
  status: AlertStatus | null;
  sort?: AlertSort;
  group?: AlertGrouping | null;
  search?: string;
}) {
  return (
    <Form method="get" className="filters" aria-label="Filter alerts">
      <div className="field">
        <label htmlFor="alert-search">Number or title</label>
        <input
          id="alert-search"
          name="q"
          type="search"
          defaultValue={search}
          maxLength={100}
          placeholder="+9198… or “burst”"
        />
      </div>
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
      <div className="field">
        <label htmlFor="alert-sort">Sort</label>
        <select id="alert-sort" name="sort" defaultValue={sort}>
          <option value="newest">Newest first</option>
          <option value="severity">Most severe first</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="alert-group">Group</label>
        <select id="alert-group" name="group" defaultValue={group ?? ''}>
          <option value="">Do not group</option>
          <option value="campaign">By campaign</option>
          <option value="number">By number</option>
        </select>
      </div>
      <button type="submit" className="button">
        Apply filters
      </button>
    </Form>
  );
}
