// List entries as labels for the next model: BLOCK says FRAUD, ALLOW says NOT_FRAUD. The
// label store (services/labels.ts) snapshots each number's features from its last score.
import type { Db } from '../db';
import type { NewLabel } from './labels';
import type { ListKindName } from './list-matcher';

export type RecordLabels = (db: Db, entries: readonly NewLabel[]) => Promise<unknown>;

/** One label per number entry (prefixes and ranges name no single number). */
export function labelsForEntries(
  kind: ListKindName,
  entries: readonly { id: string; match: string; value: string; addedBy: string }[],
): NewLabel[] {
  return entries
    .filter((entry) => entry.match === 'NUMBER')
    .map((entry) => ({
      number: entry.value,
      label: kind === 'BLOCK' ? 'FRAUD' : 'NOT_FRAUD',
      source: 'LIST',
      sourceId: entry.id,
      actor: entry.addedBy,
    }));
}
