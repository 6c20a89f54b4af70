import { Link } from '@remix-run/react';
import { formatCount, formatDateTime, formatDecimal, formatEnumLabel, formatShare } from '~/lib/format';
import type { CampaignSummary } from '~/lib/graphql/fragments';
import { CampaignStatusBadge } from './campaign-status-badge';

export function CampaignTable({ campaigns }: { campaigns: CampaignSummary[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="campaign-table">
        <caption className="visually-hidden">Campaigns, most recently active first</caption>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Numbers
            </th>
            <th scope="col" className="numeric">
              Calls/min
            </th>
            <th scope="col" className="numeric">
              Density
            </th>
            <th scope="col">Regions</th>
            <th scope="col">Last active</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((campaign) => (
            <tr key={campaign.id}>
              <th scope="row">
                <Link to={`/dashboard/campaigns/${encodeURIComponent(campaign.id)}`}>{campaign.name}</Link>
                <div className="list__meta">{formatEnumLabel(campaign.type)}</div>
              </th>
              <td>
                <CampaignStatusBadge status={campaign.status} />
              </td>
              <td className="numeric">{formatCount(campaign.nodeCount)}</td>
              <td className="numeric">{formatDecimal(campaign.velocity)}</td>
              <td className="numeric">{formatShare(campaign.density)}</td>
              <td>{campaign.regions.join(', ') || '—'}</td>
              <td>
                <time dateTime={campaign.lastSeen}>{formatDateTime(campaign.lastSeen)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
