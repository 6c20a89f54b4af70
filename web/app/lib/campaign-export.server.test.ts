import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { campaignCsv, campaignJson, exportFileName } from './campaign-export.server';
import type { CampaignDetail } from './graphql/campaigns';

const campaign: CampaignDetail = {
  id: 'Q2FtcGFpZ246MQ==',
  name: 'Wangiri ring, "Delhi"',
  type: 'WANGIRI',
  status: 'ACTIVE',
  nodeCount: 5,
  density: 0.4,
  velocity: 2.5,
  totalCalls: 6,
  affectedUsers: 3,
  regions: ['Delhi'],
  riskScore: 88,
  firstSeen: '2026-11-24T00:00:00.000Z',
  lastSeen: '2026-11-24T01:00:00.000Z',
  members: [
    { number: '+919800000001', role: 'ORGANISER', calls: 4, riskScore: 91.5 },
    { number: '+919800000002', role: 'MEMBER', calls: 2, riskScore: null },
  ],
  graph: { nodes: [], links: [] },
};

describe('campaignCsv', () => {
  it('writes one row per member that a spreadsheet reads back, quotes and all', () => {
    const rows = parse(campaignCsv(campaign), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      campaign_name: 'Wangiri ring, "Delhi"',
      number: '+919800000001',
      role: 'ORGANISER',
      calls: '4',
      risk_score: '91.5',
    });
    expect(rows[1].risk_score).toBe('');
  });
});

describe('campaignJson', () => {
  it('includes the whole campaign and when it was exported', () => {
    const parsed = JSON.parse(campaignJson(campaign, new Date('2026-11-24T02:00:00Z')));
    expect(parsed.exportedAt).toBe('2026-11-24T02:00:00.000Z');
    expect(parsed.campaign.members).toHaveLength(2);
  });
});

describe('exportFileName', () => {
  it('makes a safe file name from the campaign name', () => {
    expect(exportFileName(campaign, 'csv')).toBe('campaign-wangiri-ring-delhi.csv');
    expect(exportFileName({ name: '!!!' }, 'json')).toBe('campaign-export.json');
  });
});
