import { describe, expect, it } from 'vitest';
import type { DetectedCampaign } from '../triggers';
import { newCampaign } from './new-campaign';

const campaign = (over: Partial<DetectedCampaign> = {}): DetectedCampaign => ({
  id: 'c1',
  type: 'KYC_PHISHING',
  members: ['+919812345001', '+919812345002', '+919812345003'],
  density: 0.6667,
  isNew: true,
  ...over,
});
const decide = (c: DetectedCampaign) => newCampaign.decide({ campaign: c }, null, 0).raise;

describe('NEW_CAMPAIGN rule', () => {
  it('raises a HIGH alert for a new campaign, naming its type, size, series and density', () => {
    expect(decide(campaign())).toEqual([
      {
        severity: 'HIGH',
        title: 'New KYC phishing campaign: 3 numbers',
        message: '3 flagged numbers from one number series (+919812345xxx) act together (density 0.67).',
        campaignId: 'c1',
        dedupeKey: 'campaign:c1',
      },
    ]);
  });

  it('names no series when the members come from several', () => {
    const [alert] = decide(campaign({ members: ['+919812345001', '+919887654001'], type: 'SIM_BOX' }));
    expect(alert?.message).toBe('2 flagged numbers act together (density 0.67).');
    expect(alert?.title).toBe('New SIM-box campaign: 2 numbers');
  });

  it('is CRITICAL from five numbers', () => {
    const members = (n: number) => Array.from({ length: n }, (_, i) => `+91981234500${i}`);
    expect(decide(campaign({ members: members(4) }))[0]?.severity).toBe('HIGH');
    expect(decide(campaign({ members: members(5) }))[0]?.severity).toBe('CRITICAL');
  });

  it('stays quiet when a known campaign grows', () => {
    expect(decide(campaign({ isNew: false }))).toEqual([]);
  });
});
