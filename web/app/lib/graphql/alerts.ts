import { alertFields, errorFields, pageInfoFields } from './fragments';
import { graphql, type ResultOf } from './graphql';

export const ALERTS_PAGE_SIZE = 25;

export const alertsQuery = graphql(
  `
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
      pageInfo { ...PageInfoFields }
      edges { node { ...AlertFields } }
    }
  }
`,
  [pageInfoFields, alertFields],
);

export const acknowledgeAlertMutation = graphql(
  `
  mutation AcknowledgeAlert($id: ID!) {
    acknowledgeAlert(id: $id) {
      __typename
      ... on MutationAcknowledgeAlertSuccess { data { ...AlertFields } }
      ...ErrorFields
    }
  }
`,
  [alertFields, errorFields],
);

export const resolveAlertMutation = graphql(
  `
  mutation ResolveAlert($id: ID!, $resolution: String!) {
    resolveAlert(id: $id, resolution: $resolution) {
      __typename
      ... on MutationResolveAlertSuccess { data { ...AlertFields } }
      ...ErrorFields
    }
  }
`,
  [alertFields, errorFields],
);

/** Acknowledges many alerts in one audited call; each alert's outcome is reported. */
export const acknowledgeAlertsMutation = graphql(
  `
  mutation AcknowledgeAlerts($ids: [ID!]!) {
    acknowledgeAlerts(ids: $ids) {
      __typename
      ... on MutationAcknowledgeAlertsSuccess {
        data {
          acknowledged
          outcomes { id ok code message }
        }
      }
      ...ErrorFields
    }
  }
`,
  [errorFields],
);

/** Every alert matching the filter, counted per campaign or number (not only the loaded ones). */
export const alertGroupsQuery = graphql(`
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
      campaign { id name }
    }
  }
`);

export type AlertGroupTotal = ResultOf<typeof alertGroupsQuery>['alertGroups'][number];
