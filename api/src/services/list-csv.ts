// Lists as CSV. Import columns (header row required, any order): number | prefix | from,to,
// reason, expires_at (optional, ISO-8601 with a zone), source (optional). Export writes the same
// columns, so an export imports again.
import { parse } from 'csv-parse/sync';
import type { Db } from '../db';
import type { ListEntry } from '../generated/prisma/client';
import { csvCell } from './csv-cell';
import type { EntryInput } from './lists';
import { InvalidListRowsError } from './lists';

/** added_by and added_at (written by the export) are read and ignored: the importer adds the rows. */
const KNOWN_COLUMNS = new Set([
  'number',
  'prefix',
  'from',
  'to',
  'reason',
  'expires_at',
  'source',
  'added_by',
  'added_at',
]);
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
/** Rows an import may hold; bigger files go through the CLI in several imports. */
export const MAX_IMPORT_ROWS = 1_000_000;

export interface ParsedCsv {
  rows: EntryInput[];
  /** Row numbers as a spreadsheet shows them (the header is row 1). */
  rowNumber(index: number): number;
}

/** Parses the whole file first; format errors of cells are left to the entry check (per row). */
export function parseListCsv(text: string): ParsedCsv {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new InvalidListRowsError([
      { row: line, message: `not valid CSV: ${(error as Error).message.slice(0, 200)}` },
    ]);
  }
  const header = (records[0] ?? []).map((name) => name.toLowerCase());
  if (header.length === 0)
    throw new InvalidListRowsError([
      { row: 1, message: 'the file is empty; the first row names the columns' },
    ]);
  const unknown = header.filter((name) => !KNOWN_COLUMNS.has(name));
  if (
    unknown.length > 0 ||
    !header.includes('reason') ||
    !['number', 'prefix', 'from'].some((c) => header.includes(c))
  ) {
    throw new InvalidListRowsError([
      {
        row: 1,
        message: `the header must name number, prefix or from,to, and reason (optional: expires_at, source)${unknown.length ? `; unknown: ${unknown.slice(0, 5).join(', ').slice(0, 100)}` : ''}`,
      },
    ]);
  }
  if (records.length - 1 > MAX_IMPORT_ROWS) {
    throw new InvalidListRowsError([
      { row: MAX_IMPORT_ROWS + 2, message: `at most ${MAX_IMPORT_ROWS} rows an import` },
    ]);
  }
  const column = (record: string[], name: string) => {
    const at = header.indexOf(name);
    return at < 0 ? null : (record[at] ?? null);
  };
  const bad: { row: number; message: string }[] = [];
  const rows = records.slice(1).map((record, index): EntryInput => {
    const expires = column(record, 'expires_at');
    let expiresAt: Date | null = null;
    if (expires) {
      expiresAt = ISO_WITH_ZONE.test(expires) ? new Date(expires) : new Date(Number.NaN);
      if (Number.isNaN(expiresAt.getTime())) {
        bad.push({
          row: index + 2,
          message: 'expires_at must be ISO-8601 with a zone, such as 2027-01-31T00:00:00Z',
        });
      }
    }
    return {
      number: column(record, 'number'),
      prefix: column(record, 'prefix'),
      from: column(record, 'from'),
      to: column(record, 'to'),
      reason: column(record, 'reason'),
      source: column(record, 'source'),
      expiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : null,
    };
  });
  if (bad.length > 0) throw new InvalidListRowsError(bad.slice(0, 1000));
  return { rows, rowNumber: (index) => index + 2 };
}

const HEADER = 'number,prefix,from,to,reason,source,expires_at,added_by,added_at';

function entryLine(entry: ListEntry): string {
  // Numbers and prefixes were validated as + and digits: written as they are, so they import again.
  const [number, prefix, from, to] =
    entry.match === 'NUMBER'
      ? [entry.value, '', '', '']
      : entry.match === 'PREFIX'
        ? ['', entry.value, '', '']
        : ['', '', entry.value, entry.rangeTo ?? ''];
  return [
    number,
    prefix,
    from,
    to,
    csvCell(entry.reason),
    csvCell(entry.source),
    entry.expiresAt?.toISOString() ?? '',
    csvCell(entry.addedBy),
    entry.addedAt.toISOString(),
  ].join(',');
}

/** The list as CSV, in pages, oldest entry first. */
export async function* listCsvChunks(db: Db, listId: string): AsyncGenerator<string> {
  yield `${HEADER}\n`;
  let after: { addedAt: Date; id: string } | null = null;
  for (;;) {
    const page: ListEntry[] = await db.listEntry.findMany({
      where: {
        listId,
        ...(after
          ? { OR: [{ addedAt: { gt: after.addedAt } }, { addedAt: after.addedAt, id: { gt: after.id } }] }
          : {}),
      },
      orderBy: [{ addedAt: 'asc' }, { id: 'asc' }],
      take: 5000,
    });
    if (page.length === 0) return;
    yield `${page.map(entryLine).join('\n')}\n`;
    const last = page[page.length - 1] as ListEntry;
    after = { addedAt: last.addedAt, id: last.id };
  }
}
