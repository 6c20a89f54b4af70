import { formatCount, formatDateTime, formatDecimal, formatEnumLabel, formatShare } from '~/lib/format';
import type { CampaignSummary } from '~/lib/graphql/fragments';

export function CampaignFacts({ campaign }: { campaign: CampaignSummary }) {
  return (
    <dl className="facts" data-testid="campaign-facts">
      <div>
        <dt>Numbers (nodes)</dt>
        <dd data-testid="campaign-node-count">{formatCount(campaign.nodeCount)}</dd>
      </div>
      <div>
        <dt>Density</dt>
        <dd>{formatShare(campaign.density)}</dd>
      </div>
      <div>
        <dt>Velocity</dt>
        <dd>{formatDecimal(campaign.velocity)} calls/min</dd>
      </div>
      <div>
        <dt>Regions</dt>
        <dd>{campaign.regions.join(', ') || 'None yet'}</dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{formatEnumLabel(campaign.type)}</dd>
      </div>
      <div>
        <dt>Calls</dt>
        <dd>{formatCount(campaign.totalCalls)}</dd>
      </div>
      <div>
        <dt>People reached</dt>
        <dd>{formatCount(campaign.affectedUsers)}</dd>
      </div>
      <div>
        <dt>Risk</dt>
        <dd>{campaign.riskScore === null ? 'Not scored' : `${formatDecimal(campaign.riskScore)} / 100`}</dd>
      </div>
      <div>
        <dt>First seen</dt>
        <dd>
          <time dateTime={campaign.firstSeen}>{formatDateTime(campaign.firstSeen)}</time>
        </dd>
      </div>
      <div>
        <dt>Last active</dt>
        <dd>
          <time dateTime={campaign.lastSeen}>{formatDateTime(campaign.lastSeen)}</time>
        </dd>
      </div>
    </dl>
  );
}
