// List entries as labels for the next model: BLOCK says FRAUD, ALLOW says NOT_FRAUD.
//
// The label store (`recordLabels(db, entries)` in services/labels.ts) comes with the cases
// work (branch `cases`). Until it is merged, the lists service takes the recorder as a
// dependency of this shape, and the server passes it once labels.ts exists; with none given,
// list changes record no labels (nothing else changes).
import type { Db } from '../db';
import type { ListKindName } from './list-matcher';

export interface ListLabel {
  number: string;
  label: 'FRAUD' | 'NOT_FRAUD';
  source: 'LIST';
  /** The list entry the decision came from. */
  sourceId: string;
  actor: string;
  at: Date;
  /** The number's features when the entry was added (null when never scored). */
  features: unknown;
}

export type RecordLabels = (db: Db, entries: ListLabel[]) => Promise<unknown>;

/** One label per number entry (prefixes and ranges name no single number). */
export async function labelsForEntries(
  db: Db,
  kind: ListKindName,
  entries: readonly { id: string; match: string; value: string; addedBy: string; addedAt: Date }[],
): Promise<ListLabel[]> {
  const numbers = entries.filter((entry) => entry.match === 'NUMBER');
  if (numbers.length === 0) return [];
  const phones = await db.$queryRaw<{ number: string; features: unknown }[]>`
    SELECT "number", "features" FROM "PhoneNumber"
    WHERE "number" = ANY(${numbers.map((entry) => entry.value)}::text[]) AND "features" IS NOT NULL`;
  const features = new Map(phones.map((phone) => [phone.number, phone.features]));
  return numbers.map((entry) => ({
    number: entry.value,
    label: kind === 'BLOCK' ? 'FRAUD' : 'NOT_FRAUD',
    source: 'LIST',
    sourceId: entry.id,
    actor: entry.addedBy,
    at: entry.addedAt,
    features: features.get(entry.value) ?? null,
  }));
}
