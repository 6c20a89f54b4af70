import { gql, type TypedDocumentNode } from '@urql/core';
import { campaignSummaryFields } from './fragments';
import type {
  CampaignDetail,
  CampaignStatus,
  CampaignSummary,
  Connection,
  FraudCategory,
  TypedError,
} from './types';

export const CAMPAIGNS_PAGE_SIZE = 20;

export const campaignsQuery: TypedDocumentNode<
  { campaigns: Connection<CampaignSummary> },
  { status: CampaignStatus | null; type: FraudCategory | null; first: number; after: string | null }
> = gql`
  query Campaigns($status: CampaignStatus, $type: FraudCategory, $first: Int!, $after: String) {
    campaigns(status: $status, type: $type, first: $first, after: $after) {
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
  }
  ${campaignSummaryFields}
`;

/** The graph shows at most this many receivers, the most-called first (the API decides which). */
export const GRAPH_MAX_TARGETS = 150;

export const campaignQuery: TypedDocumentNode<
  { campaign: CampaignDetail | null },
  { id: string; maxTargets: number }
> = gql`
  query Campaign($id: ID!, $maxTargets: Int!) {
    campaign(id: $id) {
      ...CampaignSummaryFields
      members {
        number
        role
        calls
        riskScore
      }
      graph(maxTargets: $maxTargets) {
        nodes {
          id
          number
          role
          riskScore
        }
        links {
          source
          target
          calls
        }
      }
    }
  }
  ${campaignSummaryFields}
`;

export type UpdateCampaignStatusResult =
  | { __typename: 'MutationUpdateCampaignStatusSuccess'; data: { id: string; status: CampaignStatus } }
  | TypedError<'NotFoundError'>;

export const updateCampaignStatusMutation: TypedDocumentNode<
  { updateCampaignStatus: UpdateCampaignStatusResult },
  { id: string; status: CampaignStatus }
> = gql`
  mutation UpdateCampaignStatus($id: ID!, $status: CampaignStatus!) {
    updateCampaignStatus(id: $id, status: $status) {
      __typename
      ... on MutationUpdateCampaignStatusSuccess {
        data {
          id
          status
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`;
