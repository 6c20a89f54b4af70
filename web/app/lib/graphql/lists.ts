// Allow and block lists: read by analysts, changed by operators and admins.
import { errorFields, pageInfoFields } from './fragments';
import { graphql, type ResultOf, type VariablesOf } from './graphql';

export const LIST_ENTRIES_PAGE_SIZE = 50;

const numberListFields = graphql(`
  fragment NumberListFields on NumberList { id name kind description entryCount createdBy changedAt }
`);

export type NumberListSummary = ResultOf<typeof numberListFields>;

export const listsQuery = graphql(
  `
  query Lists {
    lists { ...NumberListFields }
  }
`,
  [numberListFields],
);

export const listQuery = graphql(
  `
  query List($id: ID!, $search: String, $first: Int!, $after: String) {
    list(id: $id) {
      __typename
      ... on QueryListSuccess {
        data {
          ...NumberListFields
          entries(search: $search, first: $first, after: $after) {
            totalCount
            pageInfo { ...PageInfoFields }
            edges { node { id match text reason source by { kind displayName email accountId } addedAt expiresAt expired } }
          }
        }
      }
      ...ErrorFields
    }
  }
`,
  [numberListFields, pageInfoFields, errorFields],
);

export const createListMutation = graphql(
  `
  mutation CreateList($name: String!, $kind: ListKind!, $description: String) {
    createList(name: $name, kind: $kind, description: $description) {
      __typename
      ... on MutationCreateListSuccess { data { id } }
      ...ErrorFields
    }
  }
`,
  [errorFields],
);

export const addListEntryMutation = graphql(
  `
  mutation AddListEntry($listId: ID!, $input: ListEntryInput!) {
    addListEntry(listId: $listId, input: $input) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export type ListEntryInput = VariablesOf<typeof addListEntryMutation>['input'];

export const removeListEntryMutation = graphql(
  `
  mutation RemoveListEntry($id: ID!) {
    removeListEntry(id: $id) { __typename ...ErrorFields }
  }
`,
  [errorFields],
);

export const importListEntriesMutation = graphql(
  `
  mutation ImportListEntries($listId: ID!, $csv: String!) {
    importListEntries(listId: $listId, csv: $csv) {
      __typename
      ... on MutationImportListEntriesSuccess { data { imported } }
      ...ErrorFields
      ... on InvalidListRowsError { rows { row message } }
    }
  }
`,
  [errorFields],
);
