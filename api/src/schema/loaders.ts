// Batched reads for relations, so a page of N rows costs a fixed number of statements, not N
// (@pothos/plugin-dataloader; docs/decisions/019-schema-plugins.md).
import type { Db } from '../db';
import { Prisma } from '../generated/prisma/client';

/**
 * Loaders batch the lookups of one execution tick and keep nothing. A context lives as long
 * as its WebSocket, and a shared subscription runs every event on one subscriber's context:
 * a cache there would serve rows as they were when the socket opened.
 */
export const batchOnly = { cache: false } as const;

/** `rows` in the order of `keys`, null where none has the key. */
export function byKey<Row, K>(
  keys: readonly K[],
  rows: readonly Row[],
  keyOf: (row: Row) => K,
): (Row | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** `rows` grouped by parent, in the order of `parents` (an empty list for a parent without rows). */
export function groupedBy<Row>(
  parents: readonly string[],
  rows: readonly Row[],
  parentOf: (row: Row) => string,
): Row[][] {
  const groups = new Map<string, Row[]>(parents.map((parent) => [parent, []]));
  for (const row of rows) groups.get(parentOf(row))?.push(row);
  return parents.map((parent) => groups.get(parent) ?? []);
}

/** The children tables of a case a page of cases reads, with the order their lists are shown in. */
const CASE_CHILDREN = {
  CaseAlert: Prisma.sql`"addedAt" DESC, "alertId"`,
  CaseNumber: Prisma.sql`"addedAt" ASC, "number"`,
  CaseEvidence: Prisma.sql`"addedAt" ASC, "id"`,
  CaseEvent: Prisma.sql`"at" DESC, "id" DESC`,
} as const;

/**
 * At most `limit` rows of a child table per case, for many cases in one statement, in the
 * table's order (row_number() over each case's rows).
 */
export async function firstRowsPerCase<Row extends { caseId: string }>(
  db: Db,
  table: keyof typeof CASE_CHILDREN,
  caseIds: readonly string[],
  limit: number,
): Promise<Row[][]> {
  const rows = await db.$queryRaw<(Row & { rowInCase: bigint })[]>`
    SELECT * FROM (
      SELECT child.*, row_number() OVER (PARTITION BY "caseId" ORDER BY ${CASE_CHILDREN[table]}) AS "rowInCase"
      FROM ${Prisma.raw(`"${table}"`)} child WHERE "caseId" = ANY(${[...caseIds]})
    ) ranked
    WHERE "rowInCase" <= ${limit}
    ORDER BY "caseId", "rowInCase"`;
  return groupedBy(
    caseIds,
    rows.map(({ rowInCase: _rank, ...row }) => row as unknown as Row),
    (row) => row.caseId,
  );
}
