// The case desk's form posts (queue and case page): each intent's fields checked here, then sent to
// the API as the signed-in person. The API checks everything again; these checks give the person a
// plain message before a round trip.
import type { ApiClient } from './api.server';
import { normaliseCaseNumber } from './case-reasons';
import { formatCount } from './format';
import {
  addEvidenceMutation,
  assignCaseMutation,
  casesQuery,
  closeCaseMutation,
  commentOnCaseMutation,
  createCaseMutation,
  mergeCasesMutation,
  reopenCaseMutation,
  setCaseStatusMutation,
} from './graphql/cases';
import { type CaseDisposition, caseDispositions, casePriorities, caseStatuses } from './graphql/enums';
import { oneOf } from './search-params';

export interface CaseActionResult {
  ok: boolean;
  message: string;
  /** The case the post created (open a case from an alert, a number or a campaign). */
  createdCaseId?: string;
}

/** The queue shows at most this many cases; a bulk post naming more is not from it. */
export const MAX_BULK_CASES = 100;
const MAX_TITLE = 200;
const MAX_NOTE = 5000;
const MAX_REASON = 2000;
const MAX_EVIDENCE = 20_000;

const failed = (message: string): CaseActionResult => ({ ok: false, message });

function text(form: FormData, name: string, max: number): string | null {
  const value = String(form.get(name) ?? '').trim();
  if (!value || value.length > max || value.includes('\u0000')) return null;
  return value;
}

/** What a case change answers: a typed error, or success (with the case, when one was opened). */
type Change = { __typename: string; data?: { id: string } } | { __typename: string; message: string };

function outcome(change: Change, done: string): CaseActionResult {
  return 'message' in change
    ? failed(change.message)
    : { ok: true, message: done, createdCaseId: change.data?.id };
}

async function assign(api: ApiClient, id: string, accountId: string | null): Promise<Change> {
  return (await api.mutation(assignCaseMutation, { id, accountId })).assignCase;
}

async function close(
  api: ApiClient,
  id: string,
  disposition: CaseDisposition,
  reason: string,
): Promise<Change> {
  return (await api.mutation(closeCaseMutation, { id, disposition, reason })).closeCase;
}

/** One change per chosen case, reporting how many failed and the first reason. */
async function forEachCase(
  ids: string[],
  change: (id: string) => Promise<Change>,
  verb: string,
): Promise<CaseActionResult> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return failed('Choose at least one case.');
  if (unique.length > MAX_BULK_CASES) return failed(`Choose at most ${MAX_BULK_CASES} cases at a time.`);
  const failures: string[] = [];
  for (const id of unique) {
    const result = await change(id);
    if ('message' in result) failures.push(result.message);
  }
  const done = unique.length - failures.length;
  if (failures.length === 0)
    return { ok: true, message: `${verb} ${formatCount(done)} ${done === 1 ? 'case' : 'cases'}.` };
  return failed(
    `${verb} ${formatCount(done)} of ${formatCount(unique.length)}; ${failures.length} failed: ${failures[0]}`,
  );
}

/** A case's id from its number (CASE-000123), as analysts name cases. */
async function findCaseId(api: ApiClient, number: string): Promise<string | null> {
  const { cases } = await api.query(casesQuery, {
    filter: { search: number },
    sort: 'NEWEST',
    first: 5,
    after: null,
  });
  return cases.edges.find((edge) => edge.node.number === number)?.node.id ?? null;
}

/** Who the assign control names: the signed-in person ("me"), nobody ("none") or an account id. */
function assigneeOf(form: FormData, meId: string): string | null | undefined {
  const value = String(form.get('assignee') ?? '');
  if (value === 'me') return meId;
  if (value === 'none') return null;
  return /^[\w-]{1,64}$/.test(value) ? value : undefined;
}

function closing(form: FormData): { disposition: CaseDisposition; reason: string } | string {
  const disposition = oneOf(String(form.get('disposition') ?? ''), caseDispositions);
  if (!disposition) return 'Choose how the case ends: fraud confirmed, false positive or inconclusive.';
  const reason = text(form, 'reason', MAX_REASON);
  if (!reason) return `Give a reason for the outcome (1 to ${formatCount(MAX_REASON)} characters).`;
  return { disposition, reason };
}

export async function runCaseAction(api: ApiClient, form: FormData, meId: string): Promise<CaseActionResult> {
  const intent = String(form.get('intent') ?? '');
  const id = String(form.get('id') ?? '');
  switch (intent) {
    case 'bulk-assign': {
      const accountId = assigneeOf(form, meId);
      if (accountId === undefined) return failed('Choose whom to assign the cases to.');
      return forEachCase(
        form.getAll('caseId').map(String),
        (caseId) => assign(api, caseId, accountId),
        'Assigned',
      );
    }
    case 'bulk-close': {
      const fields = closing(form);
      if (typeof fields === 'string') return failed(fields);
      return forEachCase(
        form.getAll('caseId').map(String),
        (caseId) => close(api, caseId, fields.disposition, fields.reason),
        'Closed',
      );
    }
    case 'create': {
      const title = text(form, 'title', MAX_TITLE);
      if (!title) return failed(`Give the case a title (1 to ${MAX_TITLE} characters).`);
      const priority = oneOf(String(form.get('priority') ?? ''), casePriorities);
      if (!priority) return failed('Choose a priority.');
      const alertIds = form.getAll('alertId').map(String).filter(Boolean);
      const numbers = form.getAll('number').map(String).filter(Boolean);
      const campaignId = String(form.get('campaignId') ?? '') || null;
      const { createCase } = await api.mutation(createCaseMutation, {
        title,
        priority,
        alertIds,
        numbers,
        campaignId,
      });
      return outcome(createCase, 'Case opened.');
    }
  }
  if (!id) return failed('Which case?');
  switch (intent) {
    case 'assign': {
      const accountId = assigneeOf(form, meId);
      if (accountId === undefined) return failed('Choose whom to assign the case to.');
      return outcome(await assign(api, id, accountId), accountId === null ? 'Unassigned.' : 'Assigned.');
    }
    case 'comment': {
      const note = text(form, 'text', MAX_NOTE);
      if (!note) return failed(`Write a note of 1 to ${formatCount(MAX_NOTE)} characters.`);
      return outcome(
        (await api.mutation(commentOnCaseMutation, { id, text: note })).commentOnCase,
        'Note added.',
      );
    }
    case 'status': {
      const status = oneOf(String(form.get('status') ?? ''), caseStatuses);
      if (!status || status === 'CLOSED') return failed('Choose open, investigating or escalated.');
      return outcome(
        (await api.mutation(setCaseStatusMutation, { id, status })).setCaseStatus,
        'Status changed.',
      );
    }
    case 'close': {
      const fields = closing(form);
      if (typeof fields === 'string') return failed(fields);
      return outcome(await close(api, id, fields.disposition, fields.reason), 'Case closed.');
    }
    case 'reopen': {
      const reason = text(form, 'reason', MAX_REASON);
      if (!reason) return failed('Say why the case is reopened.');
      return outcome((await api.mutation(reopenCaseMutation, { id, reason })).reopenCase, 'Case reopened.');
    }
    case 'merge': {
      const sourceNumber = normaliseCaseNumber(String(form.get('source') ?? ''));
      if (!sourceNumber) return failed('Name the case to merge in by its number, like CASE-000123.');
      const sourceId = await findCaseId(api, sourceNumber);
      if (!sourceId) return failed(`There is no case ${sourceNumber}.`);
      return outcome(
        (await api.mutation(mergeCasesMutation, { targetId: id, sourceId })).mergeCases,
        'Merged into this case.',
      );
    }
    case 'evidence': {
      const title = text(form, 'title', MAX_TITLE);
      const body = text(form, 'body', MAX_EVIDENCE);
      if (!title || !body)
        return failed(`Give the evidence a title and text (up to ${formatCount(MAX_EVIDENCE)} characters).`);
      return outcome(
        (await api.mutation(addEvidenceMutation, { id, evidence: { title, body } })).addToCase,
        'Evidence added.',
      );
    }
  }
  return failed('Unknown action.');
}
