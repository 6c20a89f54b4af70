// The case desk: the queue, one case, and what an analyst does to it.
import { gql, type TypedDocumentNode } from '@urql/core';
import { alertFields } from './fragments';
import type { Alert, Connection, TypedError, Verdict } from './types';

export type CaseStatus = 'OPEN' | 'INVESTIGATING' | 'ESCALATED' | 'CLOSED';
export type CasePriority = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type CaseDisposition = 'FRAUD_CONFIRMED' | 'FALSE_POSITIVE' | 'INCONCLUSIVE';
export type CaseSort = 'NEWEST' | 'OLDEST' | 'DUE_SOONEST' | 'PRIORITY' | 'RECENTLY_UPDATED';

export const caseStatuses: readonly CaseStatus[] = ['OPEN', 'INVESTIGATING', 'ESCALATED', 'CLOSED'];
export const casePriorities: readonly CasePriority[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const caseDispositions: readonly CaseDisposition[] = [
  'FRAUD_CONFIRMED',
  'FALSE_POSITIVE',
  'INCONCLUSIVE',
];
export const caseSorts: readonly CaseSort[] = [
  'NEWEST',
  'OLDEST',
  'DUE_SOONEST',
  'PRIORITY',
  'RECENTLY_UPDATED',
];

export const CASES_PAGE_SIZE = 50;

export interface CaseSummary {
  id: string;
  number: string;
  title: string;
  status: CaseStatus;
  priority: CasePriority;
  assignee: { id: string; displayName: string; email: string } | null;
  dueAt: string;
  slaBreached: boolean;
  disposition: CaseDisposition | null;
  campaign: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface CaseEvent {
  id: string;
  kind: string;
  actor: string;
  text: string | null;
  data: unknown;
  at: string;
}

export interface CaseNumber {
  number: string;
  addedBy: string;
  addedAt: string;
  riskScore: number | null;
  verdict: Verdict | null;
  reasons: unknown;
  modelVersion: string | null;
}

export interface CaseDetail extends CaseSummary {
  dispositionReason: string | null;
  openedBy: string;
  closedAt: string | null;
  mergedInto: { id: string; number: string } | null;
  alerts: Alert[];
  numbers: CaseNumber[];
  evidence: { id: string; title: string; body: string; addedBy: string; addedAt: string }[];
  timeline: CaseEvent[];
}

const caseSummaryFields = gql`
  fragment CaseSummaryFields on Case {
    id
    number
    title
    status
    priority
    assignee {
      id
      displayName
      email
    }
    dueAt
    slaBreached
    disposition
    campaign {
      id
      name
    }
    createdAt
    updatedAt
  }
`;

export interface CaseFilter {
  status?: CaseStatus | null;
  priority?: CasePriority | null;
  assignee?: string | null;
  search?: string | null;
  slaBreached?: boolean | null;
}

export const casesQuery: TypedDocumentNode<
  { cases: Connection<CaseSummary> },
  { filter: CaseFilter; sort: CaseSort; first: number; after: string | null }
> = gql`
  query Cases($filter: CaseFilter, $sort: CaseSort, $first: Int!, $after: String) {
    cases(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CaseSummaryFields
        }
      }
    }
  }
  ${caseSummaryFields}
`;

export const caseQuery: TypedDocumentNode<{ case: CaseDetail | null }, { id: string }> = gql`
  query Case($id: ID!) {
    case(id: $id) {
      ...CaseSummaryFields
      dispositionReason
      openedBy
      closedAt
      mergedInto {
        id
        number
      }
      alerts {
        ...AlertFields
      }
      numbers {
        number
        addedBy
        addedAt
        riskScore
        verdict
        reasons
        modelVersion
      }
      evidence {
        id
        title
        body
        addedBy
        addedAt
      }
      timeline(last: 500) {
        id
        kind
        actor
        text
        data
        at
      }
    }
  }
  ${caseSummaryFields}
  ${alertFields}
`;

export type CaseError = TypedError<
  | 'NotFoundError'
  | 'InvalidTransitionError'
  | 'ValidationError'
  | 'InvalidAssigneeError'
  | 'InvalidNumberError'
>;

type CaseChange<Field extends string> = {
  [K in Field]: { __typename: string; data?: { id: string; number: string } } | CaseError;
};

const changeSelection = `
      __typename
      ... on Error {
        message
        code
      }
`;

function caseMutation<Field extends string, Variables extends Record<string, unknown>>(
  field: Field,
  signature: string,
  call: string,
): TypedDocumentNode<CaseChange<Field>, Variables> {
  const success = `Mutation${field[0]?.toUpperCase()}${field.slice(1)}Success`;
  return gql<CaseChange<Field>, Variables>(`
    mutation ${field[0]?.toUpperCase()}${field.slice(1)}${signature} {
      ${field}${call} {
        ${changeSelection}
        ... on ${success} {
          data {
            id
            number
          }
        }
      }
    }
  `);
}

export const createCaseMutation = caseMutation<
  'createCase',
  {
    title: string;
    priority: CasePriority;
    alertIds?: string[];
    numbers?: string[];
    campaignId?: string | null;
  }
>(
  'createCase',
  '($title: String!, $priority: CasePriority!, $alertIds: [ID!], $numbers: [String!], $campaignId: ID)',
  '(title: $title, priority: $priority, alertIds: $alertIds, numbers: $numbers, campaignId: $campaignId)',
);

export const assignCaseMutation = caseMutation<'assignCase', { id: string; accountId: string | null }>(
  'assignCase',
  '($id: ID!, $accountId: ID)',
  '(id: $id, accountId: $accountId)',
);

export const commentOnCaseMutation = caseMutation<'commentOnCase', { id: string; text: string }>(
  'commentOnCase',
  '($id: ID!, $text: String!)',
  '(id: $id, text: $text)',
);

export const setCaseStatusMutation = caseMutation<'setCaseStatus', { id: string; status: CaseStatus }>(
  'setCaseStatus',
  '($id: ID!, $status: CaseStatus!)',
  '(id: $id, status: $status)',
);

export const closeCaseMutation = caseMutation<
  'closeCase',
  { id: string; disposition: CaseDisposition; reason: string }
>(
  'closeCase',
  '($id: ID!, $disposition: CaseDisposition!, $reason: String!)',
  '(id: $id, disposition: $disposition, reason: $reason)',
);

export const reopenCaseMutation = caseMutation<'reopenCase', { id: string; reason: string }>(
  'reopenCase',
  '($id: ID!, $reason: String!)',
  '(id: $id, reason: $reason)',
);

export const mergeCasesMutation = caseMutation<'mergeCases', { targetId: string; sourceId: string }>(
  'mergeCases',
  '($targetId: ID!, $sourceId: ID!)',
  '(targetId: $targetId, sourceId: $sourceId)',
);

export const addEvidenceMutation = caseMutation<
  'addToCase',
  { id: string; evidence: { title: string; body: string } }
>('addToCase', '($id: ID!, $evidence: CaseEvidenceInput!)', '(id: $id, evidence: $evidence)');

export interface CaseUpdate {
  caseId: string;
  kind: string;
  actor: string;
  at: string;
}

export const caseUpdatedSubscription: TypedDocumentNode<
  { caseUpdated: CaseUpdate },
  { caseId?: string | null }
> = gql`
  subscription CaseUpdated($caseId: ID) {
    caseUpdated(caseId: $caseId) {
      caseId
      kind
      actor
      at
    }
  }
`;
