// Allow and block lists: named lists of numbers, prefixes and ranges (docs/decisions/016-lists.md).
// Every change runs in one transaction under the list's advisory lock (so two imports cannot
// both pass the overlap check), bumps the list's changedAt, is audited, and is announced so
// every instance reloads the list (see list-sync.ts).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db';
import type { ListEntry, NumberList } from '../generated/prisma/client';
import { AUDITED_TRANSACTION, type AuditActor, appendAuditIn, type InTransaction } from './audit';
import { echo } from './echo';
import { NotFoundError, ValidationError } from './errors';
import { describeSpan, type EntrySpan, findOverlaps, InvalidEntryError, parseSpan } from './list-entries';
import { labelsForEntries, type RecordLabels } from './list-labels';
import type { ListKindName, MatchedEntry } from './list-matcher';

export const LIST_NAME_MAX = 100;
export const REASON_MAX = 500;
export const SOURCE_MAX = 200;

/** Rows of an import that cannot be stored; nothing of the import was stored. */
export class InvalidListRowsError extends Error {
  readonly code = 'INVALID_LIST_ROWS';
  constructor(readonly rows: { row: number; message: string }[]) {
    const first = rows[0];
    super(
      `${rows.length} row${rows.length === 1 ? '' : 's'} cannot be imported; nothing was imported${first ? ` (row ${first.row}: ${first.message})` : ''}`,
    );
    this.name = 'InvalidListRowsError';
  }
}

/** An entry as given: exactly one of number, prefix, or from and to. */
export interface EntryInput {
  number?: string | null;
  prefix?: string | null;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  source?: string | null;
  expiresAt?: Date | null;
}

interface CheckedEntry extends EntrySpan {
  reason: string;
  source: string;
  expiresAt: Date | null;
}

/** Who changes lists, and what to tell when they do. */
export interface ListChangeDeps {
  db: Db;
  /**
   * Tells every instance the list changed (pub/sub; the poll in list-sync catches a lost one) and
   * resolves once this instance matches against the change, so its answer is read-your-writes.
   */
  announce?(listId: string): Promise<void> | void;
  /** The label store (services/labels.ts); none: no labels recorded. */
  recordLabels?: RecordLabels;
}

function checkEntry(input: EntryInput, now: Date, defaultSource: string): CheckedEntry {
  const span = parseSpan(input);
  const reason = input.reason?.trim() ?? '';
  if (!reason) throw new InvalidEntryError('a reason is required (why the number is on the list)');
  if (reason.length > REASON_MAX)
    throw new InvalidEntryError(`the reason is longer than ${REASON_MAX} characters`);
  const source = input.source?.trim() || defaultSource;
  if (source.length > SOURCE_MAX)
    throw new InvalidEntryError(`the source is longer than ${SOURCE_MAX} characters`);
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new InvalidEntryError('expires_at is not a date');
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new InvalidEntryError(`expires_at ${expiresAt.toISOString()} is already past`);
  }
  return { ...span, reason: withoutControl(reason), source: withoutControl(source), expiresAt };
}

/** Control characters (NUL, newlines) become spaces: jsonb and the CSV export stay clean. */
const withoutControl = (text: string) =>
  Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? ' ' : char;
  }).join('');

export async function findList(db: Tx, id: string): Promise<NumberList> {
  const list = id.length <= 64 ? await db.numberList.findUnique({ where: { id } }) : null;
  if (!list) throw new NotFoundError('List', id);
  return list;
}

export async function findListByName(db: Db, name: string): Promise<NumberList> {
  const list = await db.numberList.findUnique({ where: { name } });
  if (!list) throw new NotFoundError('List', name);
  return list;
}

export async function createList(
  deps: ListChangeDeps,
  input: { name: string; kind: ListKindName; description?: string | null },
  who: AuditActor,
): Promise<NumberList> {
  const name = withoutControl(input.name.trim());
  if (!name || name.length > LIST_NAME_MAX) {
    throw new ValidationError(`A list name has 1 to ${LIST_NAME_MAX} characters`, [
      { path: 'input.name', message: `1 to ${LIST_NAME_MAX} characters` },
    ]);
  }
  const description = input.description?.trim()
    ? withoutControl(input.description.trim()).slice(0, 1000)
    : null;
  let list: NumberList;
  try {
    list = await deps.db.$transaction(async (tx) => {
      const created = await tx.numberList.create({
        data: { name, kind: input.kind, description, createdBy: who.actor },
      });
      await appendAuditIn(tx, who, {
        action: 'list.create',
        targetType: 'NumberList',
        targetId: created.id,
        after: { name: created.name, kind: created.kind, description: created.description },
      });
      return created;
    }, AUDITED_TRANSACTION);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'P2002') {
      throw new ValidationError(`A list named "${echo(name, 40)}" exists already`, [
        { path: 'input.name', message: 'taken' },
      ]);
    }
    throw error;
  }
  await deps.announce?.(list.id);
  return list;
}

export async function deleteList(deps: ListChangeDeps, id: string, who: AuditActor): Promise<NumberList> {
  await findList(deps.db, id);
  const list = await deps.db.$transaction(async (tx) => {
    const list = await findList(tx, id);
    const entries = await tx.listEntry.count({ where: { listId: id } });
    await tx.numberList.delete({ where: { id } });
    await appendAuditIn(tx, who, {
      action: 'list.delete',
      targetType: 'NumberList',
      targetId: id,
      before: { name: list.name, kind: list.kind, entries },
    });
    return list;
  }, AUDITED_TRANSACTION);
  await deps.announce?.(id);
  return list;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** The list's live entries as spans, read under the list's lock. */
async function liveSpans(tx: Tx, listId: string, now: Date) {
  return tx.$queryRaw<(EntrySpan & { id: string })[]>`
    SELECT "id", "match"::text AS "match", "value", "rangeTo" FROM "ListEntry"
    WHERE "listId" = ${listId} AND ("expiresAt" IS NULL OR "expiresAt" > ${now})`;
}

const INSERT_BATCH = 20_000;

/**
 * Checks every row (format, then overlap with each other and with the list's live entries) and
 * stores them all in one transaction, or none: any bad row throws InvalidListRowsError with
 * every bad row's number (1-based; CSV rows count the header as row 1).
 */
async function storeEntries(
  deps: ListChangeDeps,
  list: NumberList,
  inputs: readonly EntryInput[],
  who: AuditActor,
  rowNumber: (index: number) => number,
  inTransaction?: InTransaction<ListEntry[]>,
): Promise<ListEntry[]> {
  const now = new Date();
  const problems: { row: number; message: string }[] = [];
  const checked: CheckedEntry[] = [];
  const rowOf: number[] = [];
  inputs.forEach((input, index) => {
    try {
      checked.push(checkEntry(input, now, who.actor));
      rowOf.push(rowNumber(index));
    } catch (error) {
      if (!(error instanceof InvalidEntryError)) throw error;
      problems.push({ row: rowNumber(index), message: error.message });
    }
  });
  const entries = await deps.db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`list:${list.id}`})::bigint)`;
      const existing = await liveSpans(tx, list.id, now);
      const spans: EntrySpan[] = [...existing, ...checked];
      for (const { index, other } of findOverlaps(spans)) {
        if (index < existing.length) continue; // stored entries never overlap each other
        const mine = describeSpan(spans[index] as EntrySpan);
        const theirs = describeSpan(spans[other] as EntrySpan);
        const where =
          other < existing.length ? 'already on the list' : `row ${rowOf[other - existing.length]}`;
        problems.push({
          row: rowOf[index - existing.length] as number,
          message:
            mine === theirs
              ? `${mine} is on the list twice (${where})`
              : `${mine} overlaps ${theirs} (${where})`,
        });
      }
      if (problems.length > 0) {
        problems.sort((a, b) => a.row - b.row);
        throw new InvalidListRowsError(problems.slice(0, 1000));
      }
      const rows = checked.map((entry) => ({
        id: randomUUID(),
        listId: list.id,
        match: entry.match,
        value: entry.value,
        rangeTo: entry.rangeTo,
        reason: entry.reason,
        source: entry.source,
        addedBy: who.actor,
        addedAt: now,
        expiresAt: entry.expiresAt,
      }));
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        const batch = rows.slice(start, start + INSERT_BATCH);
        await tx.$executeRawUnsafe(
          `INSERT INTO "ListEntry" ("id","listId","match","value","rangeTo","reason","source","addedBy","addedAt","expiresAt")
           SELECT i, $2, m, v, t, r, s, $3, $4, e
           FROM unnest($1::text[], $5::"ListMatch"[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamp(3)[])
             AS u(i, m, v, t, r, s, e)`,
          batch.map((row) => row.id),
          list.id,
          who.actor,
          now,
          batch.map((row) => row.match),
          batch.map((row) => row.value),
          batch.map((row) => row.rangeTo),
          batch.map((row) => row.reason),
          batch.map((row) => row.source),
          batch.map((row) => row.expiresAt?.toISOString() ?? null),
        );
      }
      await tx.numberList.update({ where: { id: list.id }, data: { changedAt: new Date() } });
      // The audit entry commits with the rows (decision 009).
      await inTransaction?.(tx, rows as ListEntry[]);
      return rows as ListEntry[];
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  await deps.announce?.(list.id);
  if (deps.recordLabels && entries.length > 0) {
    await deps.recordLabels(deps.db, labelsForEntries(list.kind, entries));
  }
  return entries;
}

export async function addListEntry(
  deps: ListChangeDeps,
  listId: string,
  input: EntryInput,
  who: AuditActor,
): Promise<ListEntry> {
  const list = await findList(deps.db, listId);
  let entries: ListEntry[];
  try {
    entries = await storeEntries(
      deps,
      list,
      [input],
      who,
      () => 1,
      async (tx, [entry]) => {
        if (!entry) return;
        await appendAuditIn(tx, who, {
          action: 'list.entry.add',
          targetType: 'NumberList',
          targetId: list.id,
          after: {
            entryId: entry.id,
            entry: describeSpan(entry),
            reason: entry.reason,
            source: entry.source,
            expiresAt: entry.expiresAt,
          },
        });
      },
    );
  } catch (error) {
    if (!(error instanceof InvalidListRowsError)) throw error;
    const message = error.rows[0]?.message ?? 'invalid entry';
    throw new ValidationError(message, [{ path: 'input', message }]);
  }
  return entries[0] as ListEntry;
}

/** For closing a case: its numbers onto a list in one step (the case's actor is audited). */
export async function addNumbersToList(
  db: Db,
  listId: string,
  numbers: readonly string[],
  options: {
    reason: string;
    source: string;
    actor: AuditActor;
    announce?: (listId: string) => Promise<void> | void;
    recordLabels?: RecordLabels;
  },
): Promise<ListEntry[]> {
  const deps: ListChangeDeps = { db, announce: options.announce, recordLabels: options.recordLabels };
  const list = await findList(db, listId);
  // A number already on the list (live) is left as it is, not refused: the case only confirms it.
  const now = new Date();
  const onList = new Set(
    (
      await db.listEntry.findMany({
        where: { listId, match: 'NUMBER', OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        select: { value: true },
      })
    ).map((entry) => entry.value),
  );
  const fresh = [...new Set(numbers)].filter((number) => !onList.has(number));
  const entries = await storeEntries(
    deps,
    list,
    fresh.map((number) => ({ number, reason: options.reason, source: options.source })),
    options.actor,
    (index) => index + 1,
    (tx, entries) =>
      appendAuditIn(tx, options.actor, {
        action: 'list.entry.add',
        targetType: 'NumberList',
        targetId: list.id,
        after: {
          entries: entries.map((entry) => ({ entryId: entry.id, number: entry.value })),
          reason: options.reason,
          source: options.source,
        },
      }),
  );
  return entries;
}

export async function importListEntries(
  deps: ListChangeDeps,
  listId: string,
  rows: readonly EntryInput[],
  who: AuditActor,
  rowNumber: (index: number) => number,
): Promise<{ list: NumberList; imported: number }> {
  const list = await findList(deps.db, listId);
  const entries = await storeEntries(deps, list, rows, who, rowNumber, (tx, entries) =>
    appendAuditIn(tx, who, {
      action: 'list.import',
      targetType: 'NumberList',
      targetId: list.id,
      after: { imported: entries.length },
    }),
  );
  return { list, imported: entries.length };
}

export async function removeListEntry(
  deps: ListChangeDeps,
  entryId: string,
  who: AuditActor,
): Promise<ListEntry> {
  const entry = entryId.length <= 64 ? await deps.db.listEntry.findUnique({ where: { id: entryId } }) : null;
  if (!entry) throw new NotFoundError('List entry', entryId);
  await deps.db.$transaction(async (tx) => {
    await tx.listEntry.delete({ where: { id: entryId } });
    await tx.numberList.update({ where: { id: entry.listId }, data: { changedAt: new Date() } });
    await appendAuditIn(tx, who, {
      action: 'list.entry.remove',
      targetType: 'NumberList',
      targetId: entry.listId,
      before: { entryId: entry.id, entry: describeSpan(entry), reason: entry.reason, source: entry.source },
    });
  }, AUDITED_TRANSACTION);
  await deps.announce?.(entry.listId);
  return entry;
}

/** A list's live entries, as the matcher holds them. */
export async function loadListEntries(db: Db, list: NumberList, now = new Date()): Promise<MatchedEntry[]> {
  const rows = await db.listEntry.findMany({
    where: { listId: list.id, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  });
  return rows.map((row) => ({
    id: row.id,
    listId: list.id,
    listName: list.name,
    kind: list.kind,
    match: row.match,
    value: row.value,
    rangeTo: row.rangeTo,
    reason: row.reason,
    source: row.source,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
    expiresAt: row.expiresAt,
  }));
}

/** Entries of a list, newest first, optionally those whose value contains `search`. */
export function listEntriesPage(
  db: Db,
  listId: string,
  options: { search?: string | null; offset: number; limit: number },
): Promise<[ListEntry[], number]> {
  const search = options.search?.trim();
  const where = { listId, ...(search ? { value: { contains: withoutControl(search).slice(0, 40) } } : {}) };
  return Promise.all([
    db.listEntry.findMany({
      where,
      orderBy: [{ addedAt: 'desc' }, { id: 'asc' }],
      skip: options.offset,
      take: options.limit,
    }),
    db.listEntry.count({ where }),
  ]);
}
