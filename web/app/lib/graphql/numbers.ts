import { gql, type TypedDocumentNode } from '@urql/core';
import { numberCheckFields } from './fragments';
import type { FraudCategory, NumberCheck, Reason, TypedError } from './types';

export type CheckNumberResult =
  | { __typename: 'QueryCheckNumberSuccess'; data: NumberCheck & { allReasons?: Reason[] } }
  | (TypedError<'InvalidNumberError'> & { input: string })
  | (TypedError<'RateLimitError'> & { retryAfterSec: number });

export const checkNumberQuery: TypedDocumentNode<
  { checkNumber: CheckNumberResult },
  { number: string; allReasons?: boolean }
> = gql`
  query CheckNumber($number: String!, $allReasons: Boolean = false) {
    checkNumber(number: $number) {
      __typename
      ... on QueryCheckNumberSuccess {
        data {
          ...NumberCheckFields
          allReasons: reasons(all: true) @include(if: $allReasons) {
            feature
            label
            text
            value
            contribution
          }
        }
      }
      ... on InvalidNumberError {
        message
        code
        input
      }
      ... on RateLimitError {
        message
        code
        retryAfterSec
      }
    }
  }
  ${numberCheckFields}
`;

export type ReportNumberResult =
  | {
      __typename: 'MutationReportNumberSuccess';
      /** UPDATED: this reporter had reported the number already; it still counts once. */
      data: { outcome: 'RECORDED' | 'UPDATED'; report: { id: string }; check: NumberCheck };
    }
  | TypedError<'InvalidNumberError'>
  | (TypedError<'RateLimitError'> & { retryAfterSec: number })
  | (TypedError<'ValidationError'> & { issues: { path: string; message: string }[] });

export const reportNumberMutation: TypedDocumentNode<
  { reportNumber: ReportNumberResult },
  { input: { number: string; category: FraudCategory; description: string | null } }
> = gql`
  mutation ReportNumber($input: ReportNumberInput!) {
    reportNumber(input: $input) {
      __typename
      ... on MutationReportNumberSuccess {
        data {
          outcome
          report {
            id
          }
          check {
            ...NumberCheckFields
          }
        }
      }
      ... on Error {
        message
        code
      }
      ... on RateLimitError {
        retryAfterSec
      }
      ... on ValidationError {
        issues {
          path
          message
        }
      }
    }
  }
  ${numberCheckFields}
`;

export interface NumberLookup {
  id: string;
  actor: string;
  at: string;
  verdict: NumberCheck['verdict'];
  riskScore: number | null;
}

/** Who checked a number and what they were told, newest first (analysts and up). */
export const lookupHistoryQuery: TypedDocumentNode<
  { lookupHistory: { totalCount: number; edges: { node: NumberLookup }[] } },
  { number: string; first: number }
> = gql`
  query LookupHistory($number: String!, $first: Int!) {
    lookupHistory(number: $number, first: $first) {
      totalCount
      edges {
        node {
          id
          actor
          at
          verdict
          riskScore
        }
      }
    }
  }
`;
