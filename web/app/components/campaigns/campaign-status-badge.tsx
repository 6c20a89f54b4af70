import { formatEnumLabel } from '~/lib/format';
import type { CampaignStatus } from '~/lib/graphql/enums';

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return <span className={`badge badge--${status.toLowerCase()}`}>{formatEnumLabel(status)}</span>;
}
