// The case desk: the queue, one case, and what an analyst does to it.
import { alertFields, errorFields, pageInfoFields } from './fragments';
import { graphql, type ResultOf, type VariablesOf } from './graphql';

export const CASES_PAGE_SIZE = 50;

const caseSummaryFields = graphql(`
  fragment CaseSummaryFields on Case {
    id
    number
    title
    status
    priority
    assignee { id displayName email }
    dueAt
    slaBreached
    disposition
    campaign { id name }
    createdAt
    updatedAt
  }
`);

export type CaseSummary = ResultOf<typeof caseSummaryFields>;

export const casesQuery = graphql(
  `
  query Cases($filter: CaseFilter, $sort: CaseSort, $first: Int!, $after: String) {
    cases(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges { node { ...CaseSummaryFields } }
    }
  }
`,
  [pageInfoFields, caseSummaryFields],
);

export type CaseFilter = NonNullable<VariablesOf<typeof casesQuery>['filter']>;

export const caseQuery = graphql(
  `
  query Case($id: ID!) {
    case(id: $id) {
      ...CaseSummaryFields
      dispositionReason
      openedBy
      closedAt
      mergedInto { id number }
      alerts { ...AlertFields }
      numbers { number by { kind displayName email accountId } addedAt riskScore verdict reasons modelVersion }
      evidence { id title body by { kind displayName email accountId } addedAt }
      timeline(last: 500) { id kind by { kind displayName email accountId } text data at }
    }
  }
`,
  [caseSummaryFields, alertFields],
);

export type CaseDetail = NonNullable<ResultOf<typeof caseQuery>['case']>;
export type CaseNumber = CaseDetail['numbers'][number];
export type CaseEvent = CaseDetail['timeline'][number];

// Each change answers a typed error or success; only opening a case needs what it made.

export const createCaseMutation = graphql(
  `
  mutation CreateCase($title: String!, $priority: CasePriority!, $alertIds: [ID!], $numbers: [String!], $campaignId: ID) {
    createCase(title: $title, priority: $priority, alertIds: $alertIds, numbers: $numbers, campaignId: $campaignId) {
      __typename
      ... on MutationCreateCaseSuccess { data { id number } }
      ...ErrorFields
    }
  }
`,
  [errorFields],
);

export const assignCaseMutation = graphql(
  `
  mutation AssignCase($id: ID!, $accountId: ID) {
    assignCase(id: $id, accountId: $accountId) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export const commentOnCaseMutation = graphql(
  `
  mutation CommentOnCase($id: ID!, $text: String!) {
    commentOnCase(id: $id, text: $text) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export const setCaseStatusMutation = graphql(
  `
  mutation SetCaseStatus($id: ID!, $status: CaseStatus!) {
    setCaseStatus(id: $id, status: $status) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export const closeCaseMutation = graphql(
  `
  mutation CloseCase($id: ID!, $disposition: CaseDisposition!, $reason: String!) {
    closeCase(id: $id, disposition: $disposition, reason: $reason) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export const reopenCaseMutation = graphql(
  `
  mutation ReopenCase($id: ID!, $reason: String!) {
    reopenCase(id: $id, reason: $reason) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export const mergeCasesMutation = graphql(
  `
  mutation MergeCases($targetId: ID!, $sourceId: ID!) {
    mergeCases(targetId: $targetId, sourceId: $sourceId) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export const addEvidenceMutation = graphql(
  `
  mutation AddToCase($id: ID!, $evidence: CaseEvidenceInput!) {
    addToCase(id: $id, evidence: $evidence) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export const caseUpdatedSubscription = graphql(`
  subscription CaseUpdated($caseId: ID) {
    caseUpdated(caseId: $caseId) { caseId kind by { kind displayName email accountId } at }
  }
`);

export type CaseUpdate = ResultOf<typeof caseUpdatedSubscription>['caseUpdated'];
