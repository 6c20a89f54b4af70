import { formatEnumLabel } from '~/lib/format';
import type { CasePriority, CaseStatus } from '~/lib/graphql/enums';

const priorityTone: Record<CasePriority, string> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
};

export function CasePriorityBadge({ priority }: { priority: CasePriority }) {
  return <span className={`badge badge--${priorityTone[priority]}`}>{formatEnumLabel(priority)}</span>;
}

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const tone = status === 'CLOSED' ? 'closed' : status === 'OPEN' ? 'open' : 'acknowledged';
  return (
    <span className={`badge badge--${tone}`} data-testid="case-status">
      {formatEnumLabel(status)}
    </span>
  );
}
