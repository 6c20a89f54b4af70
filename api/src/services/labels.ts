// Labels: the desk's decisions about numbers (case dispositions, verified reports, list entries),
// each with the number's features at that moment, so the next model can learn from them.
import { FEATURE_NAMES } from '@satark/ml';
import type { Db } from '../db';
import { Prisma } from '../db';
import type { Label, LabelSource, LabelValue } from '../generated/prisma/client';
import type { Tx } from './audit';

export interface NewLabel {
  number: string;
  label: LabelValue;
  source: LabelSource;
  /** The case, report or list entry the decision came from. */
  sourceId: string;
  actor: string;
  /** The number's features now; omitted: read from the number's last score. */
  features?: Record<string, number> | null;
}

/** Minimal client shape so a transaction client works too. */
type LabelDb = Pick<Db, 'label' | 'phoneNumber'>;

/**
 * Records labels (the lists engineer calls this for list entries). Features not given are
 * snapshotted from each number's last score; a number never scored gets none.
 */
export async function recordLabels(db: LabelDb, entries: readonly NewLabel[]): Promise<number> {
  if (entries.length === 0) return 0;
  const missing = [...new Set(entries.filter((e) => e.features === undefined).map((e) => e.number))];
  const stored = missing.length
    ? await db.phoneNumber.findMany({
        where: { number: { in: missing } },
        select: { number: true, features: true },
      })
    : [];
  const featuresOf = new Map(stored.map((phone) => [phone.number, phone.features]));
  const at = new Date();
  const result = await db.label.createMany({
    data: entries.map((entry) => {
      const features = entry.features === undefined ? featuresOf.get(entry.number) : entry.features;
      return {
        number: entry.number,
        label: entry.label,
        source: entry.source,
        sourceId: entry.sourceId,
        actor: entry.actor,
        at,
        features: features == null ? Prisma.DbNull : (features as Prisma.InputJsonValue),
      };
    }),
  });
  return result.count;
}

export interface LabelFilter {
  number?: string | null;
  label?: LabelValue | null;
  source?: LabelSource | null;
  from?: Date | null;
  to?: Date | null;
}

export function labelWhere(filter: LabelFilter): Prisma.LabelWhereInput {
  return {
    ...(filter.number ? { number: filter.number } : {}),
    ...(filter.label ? { label: filter.label } : {}),
    ...(filter.source ? { source: filter.source } : {}),
    ...(filter.from || filter.to
      ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  };
}

/** Newest first. */
export function listLabels(db: Db, filter: LabelFilter, page: { offset: number; limit: number }) {
  return db.label.findMany({
    where: labelWhere(filter),
    orderBy: [{ at: 'desc' }, { id: 'asc' }],
    skip: page.offset,
    take: page.limit,
  });
}

export function countLabels(db: Db, filter: LabelFilter): Promise<number> {
  return db.label.count({ where: labelWhere(filter) });
}

/**
 * The label-first CSV `npm run ml -- evaluate --csv` reads: `label` (1 = FRAUD, 0 = NOT_FRAUD)
 * then one column per model feature. One row per number: its latest FRAUD or NOT_FRAUD label
 * (a later decision overrides an earlier one). UNSURE labels and labels without features teach
 * nothing and are left out; a missing feature is an empty cell (the reader imputes the median).
 */
export async function* labelFirstCsvLines(db: Db, filter: LabelFilter = {}): AsyncGenerator<string> {
  yield `label,${FEATURE_NAMES.join(',')}\n`;
  const where = labelWhere(filter);
  const latest = new Map<string, Label>();
  let cursor: string | undefined;
  for (;;) {
    const page: Label[] = await db.label.findMany({
      where: { ...where, label: { in: filter.label ? [filter.label] : ['FRAUD', 'NOT_FRAUD'] } },
      orderBy: { id: 'asc' },
      take: 2000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) break;
    for (const label of page) {
      const seen = latest.get(label.number);
      if (!seen || seen.at < label.at) latest.set(label.number, label);
    }
    cursor = page[page.length - 1]?.id;
  }
  for (const label of latest.values()) {
    if (label.label === 'UNSURE' || !label.features || typeof label.features !== 'object') continue;
    const features = label.features as Record<string, unknown>;
    const cells = FEATURE_NAMES.map((name) => {
      const value = features[name];
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
    });
    yield `${label.label === 'FRAUD' ? 1 : 0},${cells.join(',')}\n`;
  }
}

/** A verified report is a FRAUD label, recorded once per report; returns it when recorded now. */
export async function recordReportLabel(
  db: Tx,
  report: { id: string; number: string },
  actor: string,
): Promise<Label | null> {
  const already = await db.label.findFirst({
    where: { source: 'REPORT', sourceId: report.id },
    select: { id: true },
  });
  if (already) return null;
  await recordLabels(db, [
    { number: report.number, label: 'FRAUD', source: 'REPORT', sourceId: report.id, actor },
  ]);
  return db.label.findFirst({ where: { source: 'REPORT', sourceId: report.id } });
}
