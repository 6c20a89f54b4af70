import { errorFields, numberCheckFields, rateLimitFields, reasonFields } from './fragments';
import { graphql, type ResultOf } from './graphql';

export const checkNumberQuery = graphql(
  `
  query CheckNumber($number: String!, $allReasons: Boolean = false) {
    checkNumber(number: $number) {
      __typename
      ... on QueryCheckNumberSuccess {
        data {
          ...NumberCheckFields
          allReasons: reasons(all: true) @include(if: $allReasons) { ...ReasonFields }
        }
      }
      ...ErrorFields
      ... on InvalidNumberError { input }
      ...RateLimitFields
    }
  }
`,
  [numberCheckFields, reasonFields, errorFields, rateLimitFields],
);

export const reportNumberMutation = graphql(
  `
  mutation ReportNumber($input: ReportNumberInput!) {
    reportNumber(input: $input) {
      __typename
      ... on MutationReportNumberSuccess {
        data {
          # UPDATED: this reporter had reported the number already; it still counts once.
          outcome
          report { id }
          check { ...NumberCheckFields }
        }
      }
      ...ErrorFields
      ...RateLimitFields
      ... on ValidationError { issues { path message } }
    }
  }
`,
  [numberCheckFields, errorFields, rateLimitFields],
);

/** Who checked a number and what they were told, newest first (analysts and up). */
export const lookupHistoryQuery = graphql(`
  query LookupHistory($number: String!, $first: Int!) {
    lookupHistory(number: $number, first: $first) {
      totalCount
      edges { node { id by { kind displayName email accountId } at verdict riskScore } }
    }
  }
`);

export type NumberLookup = ResultOf<typeof lookupHistoryQuery>['lookupHistory']['edges'][number]['node'];
