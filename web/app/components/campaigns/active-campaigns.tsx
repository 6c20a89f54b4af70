import { Link } from '@remix-run/react';
import { EmptyState } from '~/components/feedback/empty-state';
import { formatCount, formatDecimal, formatEnumLabel } from '~/lib/format';
import type { CampaignSummary } from '~/lib/graphql/fragments';

export function ActiveCampaigns({ campaigns, total }: { campaigns: CampaignSummary[]; total: number }) {
  if (campaigns.length === 0) {
    return (
      <EmptyState title="No active campaigns">
        <p>A campaign appears when flagged numbers are found working together.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="list" data-testid="active-campaigns">
        {campaigns.map((campaign) => (
          <li key={campaign.id}>
            <Link to={`/dashboard/campaigns/${encodeURIComponent(campaign.id)}`} className="list__title">
              {campaign.name}
            </Link>
            <div className="list__meta">
              {formatEnumLabel(campaign.type)} · {formatCount(campaign.nodeCount)} numbers ·{' '}
              {formatDecimal(campaign.velocity)} calls/min · {campaign.regions.join(', ') || 'no region yet'}
            </div>
          </li>
        ))}
      </ul>
      {total > campaigns.length ? (
        <p className="panel__note">
          <Link to="/dashboard/campaigns?status=ACTIVE">All {formatCount(total)} active campaigns</Link>
        </p>
      ) : null}
    </>
  );
}
