import { gql, type TypedDocumentNode } from '@urql/core';
import { alertFields } from './fragments';
import type { Alert, AlertSeverity, AlertStatus, Connection, TypedError } from './types';

export const ALERTS_PAGE_SIZE = 25;

export const alertsQuery: TypedDocumentNode<
  { alerts: Connection<Alert> },
  { severity: AlertSeverity | null; status: AlertStatus | null; first: number; after: string | null }
> = gql`
  query Alerts($severity: AlertSeverity, $status: AlertStatus, $first: Int!, $after: String) {
    alerts(severity: $severity, status: $status, first: $first, after: $after) {
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
