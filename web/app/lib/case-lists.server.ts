// Closing a case can put its numbers on a list in the same step: FRAUD_CONFIRMED on a BLOCK list,
// FALSE_POSITIVE on an ALLOW list. The list entries are added as the signed-in person (OPERATOR+).
import type { ApiClient } from './api.server';
import { formatCount } from './format';
import { caseQuery } from './graphql/cases';
import type { CaseDisposition, ListKind } from './graphql/enums';
import { addListEntryMutation, listsQuery } from './graphql/lists';

const kindFor: Partial<Record<CaseDisposition, ListKind>> = {
  FRAUD_CONFIRMED: 'BLOCK',
  FALSE_POSITIVE: 'ALLOW',
};

/** Which list kind an outcome may fill (INCONCLUSIVE: none). */
export function listKindForDisposition(disposition: CaseDisposition): ListKind | null {
  return kindFor[disposition] ?? null;
}

export async function addCaseNumbersToList(
  api: ApiClient,
  {
    caseId,
    listId,
    disposition,
    reason,
  }: { caseId: string; listId: string; disposition: CaseDisposition; reason: string },
): Promise<{ ok: boolean; message: string }> {
  const wanted = listKindForDisposition(disposition);
  if (!wanted)
    return { ok: false, message: 'Only fraud confirmed (block) or false positive (allow) fill a list.' };
  const { lists } = await api.query(listsQuery, {});
  const list = lists.find((candidate) => candidate.id === listId);
  if (!list) return { ok: false, message: 'That list does not exist.' };
  if (list.kind !== wanted) {
    return {
      ok: false,
      message: `A ${disposition === 'FRAUD_CONFIRMED' ? 'confirmed fraud' : 'false positive'} goes on ${wanted === 'BLOCK' ? 'a block' : 'an allow'} list.`,
    };
  }
  const { case: kase } = await api.query(caseQuery, { id: caseId });
  if (!kase) return { ok: false, message: 'The case is gone.' };
  const failures: string[] = [];
  for (const { number } of kase.numbers) {
    const { addListEntry } = await api.mutation(addListEntryMutation, {
      listId,
      input: { number, reason: `${kase.number}: ${reason}`.slice(0, 500), source: kase.number },
    });
    if ('message' in addListEntry) failures.push(`${number}: ${addListEntry.message}`);
  }
  const added = kase.numbers.length - failures.length;
  const summary = `${formatCount(added)} of ${formatCount(kase.numbers.length)} numbers added to “${list.name}”`;
  return failures.length === 0
    ? { ok: true, message: `${summary}.` }
    : { ok: false, message: `${summary}; ${failures.slice(0, 3).join('; ')}` };
}
