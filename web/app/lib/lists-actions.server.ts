// The lists pages' form posts, checked here and sent to the API as the signed-in person (OPERATOR+).
import type { ApiClient } from './api.server';
import { formatCount } from './format';
import { listKinds } from './graphql/enums';
import {
  addListEntryMutation,
  createListMutation,
  importListEntriesMutation,
  type ListEntryInput,
  removeListEntryMutation,
} from './graphql/lists';
import { oneOf } from './search-params';

export interface ListActionResult {
  ok: boolean;
  message: string;
  /** Per-row problems of a refused import (row 1 is the header). */
  rows?: { row: number; message: string }[];
  createdListId?: string;
}

/** The API refuses larger bodies (MAX_BODY_BYTES); the CLI takes bigger files. */
export const MAX_IMPORT_CHARACTERS = 900_000;
const MAX_TEXT = 500;

const failed = (message: string): ListActionResult => ({ ok: false, message });

function field(form: FormData, name: string, max = MAX_TEXT): string {
  return String(form.get(name) ?? '')
    .trim()
    .slice(0, max);
}

/** Exactly one of a number, a prefix, or a from..to range, as the entry form offers them. */
function entryInput(form: FormData): ListEntryInput | string {
  const match = field(form, 'match');
  const value = field(form, 'value', 40);
  const reason = field(form, 'reason');
  if (!reason) return 'Say why the entry is on the list.';
  const expiresAt = field(form, 'expiresAt', 40);
  const expiry = expiresAt ? new Date(expiresAt) : null;
  if (expiry && Number.isNaN(expiry.getTime())) return 'The expiry is not a date.';
  const base = { reason, expiresAt: expiry ? expiry.toISOString() : null };
  if (match === 'NUMBER' && value) return { ...base, number: value };
  if (match === 'PREFIX' && value) return { ...base, prefix: value };
  if (match === 'RANGE') {
    const to = field(form, 'to', 40);
    if (value && to) return { ...base, from: value, to };
    return 'A range needs its first and last number.';
  }
  return 'Enter a number, a prefix or a range.';
}

export async function runListAction(
  api: ApiClient,
  form: FormData,
  listId: string | null,
): Promise<ListActionResult> {
  const intent = field(form, 'intent');
  if (intent === 'create-list') {
    const name = field(form, 'name', 100);
    const kind = oneOf(field(form, 'kind'), listKinds);
    if (!name) return failed('Give the list a name.');
    if (!kind) return failed('Choose allow or block.');
    const description = field(form, 'description') || null;
    const { createList } = await api.mutation(createListMutation, { name, kind, description });
    return 'message' in createList
      ? failed(createList.message)
      : { ok: true, message: `List “${name}” created.`, createdListId: createList.data?.id };
  }
  if (!listId) return failed('Which list?');
  if (intent === 'add-entry') {
    const input = entryInput(form);
    if (typeof input === 'string') return failed(input);
    const { addListEntry } = await api.mutation(addListEntryMutation, { listId, input });
    return 'message' in addListEntry ? failed(addListEntry.message) : { ok: true, message: 'Entry added.' };
  }
  if (intent === 'remove-entry') {
    const id = field(form, 'entryId', 64);
    if (!id) return failed('Which entry?');
    const { removeListEntry } = await api.mutation(removeListEntryMutation, { id });
    return 'message' in removeListEntry
      ? failed(removeListEntry.message)
      : { ok: true, message: 'Entry removed.' };
  }
  if (intent === 'import') {
    const csv = String(form.get('csv') ?? '');
    if (!csv.trim()) return failed('Choose a CSV file (or paste its text) to import.');
    if (csv.length > MAX_IMPORT_CHARACTERS) {
      return failed('This file is too large to post; import it with `npm run lists -- import` instead.');
    }
    const { importListEntries: result } = await api.mutation(importListEntriesMutation, { listId, csv });
    if (result.__typename === 'MutationImportListEntriesSuccess') {
      return { ok: true, message: `Imported ${formatCount(result.data.imported)} entries.` };
    }
    if (result.__typename === 'InvalidListRowsError') {
      return { ok: false, message: `Nothing was imported: ${result.message}`, rows: result.rows };
    }
    return failed(result.message);
  }
  return failed('Unknown action.');
}
