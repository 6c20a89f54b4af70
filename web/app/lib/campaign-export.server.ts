// A campaign exported for a report or another tool: CSV (one row per member) and JSON (all).
import { stringify } from 'csv-stringify/sync';
import type { CampaignDetail } from './graphql/campaigns';

export function campaignCsv(campaign: CampaignDetail): string {
  return stringify(
    campaign.members.map((member) => ({
      campaign_id: campaign.id,
      campaign_name: campaign.name,
      campaign_type: campaign.type,
      campaign_status: campaign.status,
      number: member.number,
      role: member.role,
      calls: member.calls,
      risk_score: member.riskScore ?? '',
    })),
    {
      header: true,
      columns: [
        'campaign_id',
        'campaign_name',
        'campaign_type',
        'campaign_status',
        'number',
        'role',
        'calls',
        'risk_score',
      ],
    },
  );
}

export function campaignJson(campaign: CampaignDetail, exportedAt: Date): string {
  return `${JSON.stringify({ exportedAt: exportedAt.toISOString(), campaign }, null, 2)}\n`;
}

/** "Wangiri ring: Delhi" -> "wangiri-ring-delhi" */
export function exportFileName(campaign: Pick<CampaignDetail, 'name'>, extension: 'csv' | 'json'): string {
  const slug = campaign.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `campaign-${slug || 'export'}.${extension}`;
}
