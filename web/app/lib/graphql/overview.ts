import { gql, type TypedDocumentNode } from '@urql/core';
import { alertFields, campaignSummaryFields, statsFields, threatEventFields } from './fragments';
import type {
  Alert,
  CampaignSummary,
  Connection,
  RegionStat,
  Stats,
  ThreatEvent,
  TrafficPoint,
} from './types';

/** The chart shows this much history; the API keeps per-second counts for it. */
export const TRAFFIC_MINUTES = 5;

export const landingQuery: TypedDocumentNode<
  { stats: Pick<Stats, 'totalCalls' | 'flaggedCalls' | 'trackedNumbers' | 'updatedAt'> },
  Record<string, never>
> = gql`
  query Landing {
    stats {
      totalCalls
      flaggedCalls
      trackedNumbers
      updatedAt
    }
  }
`;

export interface OverviewData {
  stats: Stats;
  traffic: TrafficPoint[];
  regions: RegionStat[];
  campaigns: Connection<CampaignSummary>;
  alerts: Connection<Alert>;
  recentEvents: ThreatEvent[];
}

export const overviewQuery: TypedDocumentNode<OverviewData, { minutes: number }> = gql`
  query Overview($minutes: Int!) {
    stats {
      ...StatsFields
    }
    traffic(minutes: $minutes) {
      at
      calls
      flagged
    }
    regions {
      region
      calls
      flaggedCalls
      flaggedRatio
      threatLevel
      activeCampaigns
    }
    campaigns(status: ACTIVE, first: 6) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CampaignSummaryFields
        }
      }
    }
    alerts(status: OPEN, first: 6) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AlertFields
        }
      }
    }
    recentEvents(last: 12) {
      ...ThreatEventFields
    }
  }
  ${statsFields}
  ${campaignSummaryFields}
  ${alertFields}
  ${threatEventFields}
`;
