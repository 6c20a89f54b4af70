import { gql, type TypedDocumentNode } from '@urql/core';
import { alertFields } from './fragments';
import type { Alert, AlertSeverity, AlertStatus, Connection, TypedError } from './types';

export const ALERTS_PAGE_SIZE = 25;

export type AlertSortOrder = 'NEWEST' | 'OLDEST' | 'SEVERITY';

export const alertsQuery: TypedDocumentNode<
  { alerts: Connection<Alert> },
  {
    severity: AlertSeverity | null;
    status: AlertStatus | null;
    first: number;
    after: string | null;
    search?: string | null;
    sort?: AlertSortOrder | null;
  }
> = gql`
  query Alerts(
    $severity: AlertSeverity
    $status: AlertStatus
    $first: Int!
    $after: String
    $search: String
    $sort: AlertSort
  ) {
    alerts(severity: $severity, status: $status, first: $first, after: $after, search: $search, sort: $sort) {
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
  }
  ${alertFields}
`;

type AlertChangeError = TypedError<'NotFoundError' | 'InvalidTransitionError' | 'ValidationError'>;

export type AcknowledgeAlertResult =
  | { __typename: 'MutationAcknowledgeAlertSuccess'; data: Alert }
  | AlertChangeError;
export type ResolveAlertResult =
  | { __typename: 'MutationResolveAlertSuccess'; data: Alert }
  | AlertChangeError;

export const acknowledgeAlertMutation: TypedDocumentNode<
  { acknowledgeAlert: AcknowledgeAlertResult },
  { id: string }
> = gql`
  mutation AcknowledgeAlert($id: ID!) {
    acknowledgeAlert(id: $id) {
      __typename
      ... on MutationAcknowledgeAlertSuccess {
        data {
          ...AlertFields
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
  ${alertFields}
`;

export const resolveAlertMutation: TypedDocumentNode<
  { resolveAlert: ResolveAlertResult },
  { id: string; resolution: string }
> = gql`
  mutation ResolveAlert($id: ID!, $resolution: String!) {
    resolveAlert(id: $id, resolution: $resolution) {
      __typename
      ... on MutationResolveAlertSuccess {
        data {
          ...AlertFields
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
  ${alertFields}
`;

export type AcknowledgeAlertsResult =
  | {
      __typename: 'MutationAcknowledgeAlertsSuccess';
      data: {
        acknowledged: number;
        outcomes: { id: string; ok: boolean; code: string | null; message: string | null }[];
      };
    }
  | TypedError<'ValidationError'>;

/** Acknowledges many alerts in one audited call; each alert's outcome is reported. */
export const acknowledgeAlertsMutation: TypedDocumentNode<
  { acknowledgeAlerts: AcknowledgeAlertsResult },
  { ids: string[] }
> = gql`
  mutation AcknowledgeAlerts($ids: [ID!]!) {
    acknowledgeAlerts(ids: $ids) {
      __typename
      ... on MutationAcknowledgeAlertsSuccess {
        data {
          acknowledged
          outcomes {
            id
            ok
            code
            message
          }
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`;

export interface AlertGroupTotal {
  key: string;
  count: number;
  maxSeverity: AlertSeverity;
  latestAt: string;
  number: string | null;
  campaign: { id: string; name: string } | null;
}

/** Every alert matching the filter, counted per campaign or number (not only the loaded ones). */
export const alertGroupsQuery: TypedDocumentNode<
  { alertGroups: AlertGroupTotal[] },
  {
    by: 'CAMPAIGN' | 'NUMBER';
    severity: AlertSeverity | null;
    status: AlertStatus | null;
    search: string | null;
    first: number;
  }
> = gql`
  query AlertGroups(
    $by: AlertGroupBy!
    $severity: AlertSeverity
    $status: AlertStatus
    $search: String
    $first: Int
  ) {
    alertGroups(by: $by, severity: $severity, status: $status, search: $search, first: $first) {
      key
      count
      maxSeverity
      latestAt
      number
      campaign {
        id
        name
      }
    }
  }
`;
