import {
  alertFields,
  campaignSummaryFields,
  pageInfoFields,
  statsFields,
  threatEventFields,
} from './fragments';
import { graphql, type ResultOf } from './graphql';

/** The chart shows this much history; the API keeps per-second counts for it. */
export const TRAFFIC_MINUTES = 5;

export const landingQuery = graphql(`
  query Landing {
    stats { totalCalls flaggedCalls trackedNumbers updatedAt }
  }
`);

export const overviewQuery = graphql(
  `
  query Overview($minutes: Int!) {
    stats { ...StatsFields }
    traffic(minutes: $minutes) { at calls flagged }
    regions { region calls flaggedCalls flaggedRatio threatLevel activeCampaigns }
    campaigns(status: ACTIVE, first: 6) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges { node { ...CampaignSummaryFields } }
    }
    alerts(status: OPEN, first: 6) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges { node { ...AlertFields } }
    }
    recentEvents(last: 12) { ...ThreatEventFields }
  }
`,
  [statsFields, pageInfoFields, campaignSummaryFields, alertFields, threatEventFields],
);

export type OverviewData = ResultOf<typeof overviewQuery>;
export type TrafficPoint = OverviewData['traffic'][number];
export type RegionStat = OverviewData['regions'][number];
