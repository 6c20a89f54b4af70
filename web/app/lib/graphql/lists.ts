// Allow and block lists: read by analysts, changed by operators and admins.
import { gql, type TypedDocumentNode } from '@urql/core';
import type { Connection, TypedError } from './types';

export type ListKind = 'ALLOW' | 'BLOCK';
export const listKinds: readonly ListKind[] = ['BLOCK', 'ALLOW'];
export const LIST_ENTRIES_PAGE_SIZE = 50;

export interface NumberListSummary {
  id: string;
  name: string;
  kind: ListKind;
  description: string | null;
  entryCount: number;
  createdBy: string;
  changedAt: string;
}

export interface ListEntry {
  id: string;
  match: 'NUMBER' | 'PREFIX' | 'RANGE';
  text: string;
  reason: string;
  source: string;
  addedBy: string;
  addedAt: string;
  expiresAt: string | null;
  expired: boolean;
}

export const listsQuery: TypedDocumentNode<{ lists: NumberListSummary[] }, Record<string, never>> = gql`
  query Lists {
    lists {
      id
      name
      kind
      description
      entryCount
      createdBy
      changedAt
    }
  }
`;

export type ListResult =
  | { __typename: 'QueryListSuccess'; data: NumberListSummary & { entries: Connection<ListEntry> } }
  | TypedError<'NotFoundError'>;

export const listQuery: TypedDocumentNode<
  { list: ListResult },
  { id: string; search: string | null; first: number; after: string | null }
> = gql`
  query List($id: ID!, $search: String, $first: Int!, $after: String) {
    list(id: $id) {
      __typename
      ... on QueryListSuccess {
        data {
          id
          name
          kind
          description
          entryCount
          createdBy
          changedAt
          entries(search: $search, first: $first, after: $after) {
            totalCount
            pageInfo {
              hasNextPage
              endCursor
            }
            edges {
              node {
                id
                match
                text
                reason
                source
                addedBy
                addedAt
                expiresAt
                expired
              }
            }
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

type Simple<Name extends string> = { __typename: Name } | TypedError<'NotFoundError' | 'ValidationError'>;

export const createListMutation: TypedDocumentNode<
  { createList: Simple<'MutationCreateListSuccess'> & { data?: { id: string } } },
  { name: string; kind: ListKind; description: string | null }
> = gql`
  mutation CreateList($name: String!, $kind: ListKind!, $description: String) {
    createList(name: $name, kind: $kind, description: $description) {
      __typename
      ... on MutationCreateListSuccess {
        data {
          id
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`;

export interface ListEntryInput {
  number?: string | null;
  prefix?: string | null;
  from?: string | null;
  to?: string | null;
  reason: string;
  source?: string | null;
  expiresAt?: string | null;
}

export const addListEntryMutation: TypedDocumentNode<
  { addListEntry: Simple<'MutationAddListEntrySuccess'> },
  { listId: string; input: ListEntryInput }
> = gql`
  mutation AddListEntry($listId: ID!, $input: ListEntryInput!) {
    addListEntry(listId: $listId, input: $input) {
      __typename
      ... on Error {
        message
        code
      }
    }
  }
`;

export const removeListEntryMutation: TypedDocumentNode<
  { removeListEntry: Simple<'MutationRemoveListEntrySuccess'> },
  { id: string }
> = gql`
  mutation RemoveListEntry($id: ID!) {
    removeListEntry(id: $id) {
      __typename
      ... on Error {
        message
        code
      }
    }
  }
`;

export type ImportListEntriesResult =
  | { __typename: 'MutationImportListEntriesSuccess'; data: { imported: number } }
  | (TypedError<'InvalidListRowsError'> & { rows: { row: number; message: string }[] })
  | TypedError<'NotFoundError'>;

export const importListEntriesMutation: TypedDocumentNode<
  { importListEntries: ImportListEntriesResult },
  { listId: string; csv: string }
> = gql`
  mutation ImportListEntries($listId: ID!, $csv: String!) {
    importListEntries(listId: $listId, csv: $csv) {
      __typename
      ... on MutationImportListEntriesSuccess {
        data {
          imported
        }
      }
      ... on Error {
        message
        code
      }
      ... on InvalidListRowsError {
        rows {
          row
          message
        }
      }
    }
  }
`;
