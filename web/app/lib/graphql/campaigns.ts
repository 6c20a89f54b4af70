import { campaignSummaryFields, errorFields, pageInfoFields } from './fragments';
import { graphql, type ResultOf } from './graphql';

export const CAMPAIGNS_PAGE_SIZE = 20;

export const campaignsQuery = graphql(
  `
  query Campaigns($status: CampaignStatus, $type: FraudCategory, $first: Int!, $after: String) {
    campaigns(status: $status, type: $type, first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges { node { ...CampaignSummaryFields } }
    }
  }
`,
  [pageInfoFields, campaignSummaryFields],
);

/** The graph shows at most this many receivers, the most-called first (the API decides which). */
export const GRAPH_MAX_TARGETS = 150;

export const campaignQuery = graphql(
  `
  query Campaign($id: ID!, $maxTargets: Int!) {
    campaign(id: $id) {
      ...CampaignSummaryFields
      members { number role calls riskScore }
      graph(maxTargets: $maxTargets) {
        nodes { id number role riskScore }
        links { source target calls }
      }
    }
  }
`,
  [campaignSummaryFields],
);

export type CampaignDetail = NonNullable<ResultOf<typeof campaignQuery>['campaign']>;
export type CampaignMember = CampaignDetail['members'][number];
export type GraphNode = CampaignDetail['graph']['nodes'][number];
export type GraphLink = CampaignDetail['graph']['links'][number];

export const updateCampaignStatusMutation = graphql(
  `
  mutation UpdateCampaignStatus($id: ID!, $status: CampaignStatus!) {
    updateCampaignStatus(id: $id, status: $status) {
      __typename
      ... on MutationUpdateCampaignStatusSuccess { data { id status } }
      ...ErrorFields
    }
  }
`,
  [errorFields],
);
