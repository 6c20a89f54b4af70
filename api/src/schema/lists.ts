// Allow and block lists: ANALYST+ reads, OPERATOR+ changes (docs/decisions/016-lists.md).
import { builder } from '../builder';
import type { Context } from '../context';
import type { ListEntry, NumberList } from '../generated/prisma/client';
import { ListKind, ListMatch } from '../generated/prisma/enums';
import { COST } from '../guard/field-costs';
import { auditActorOf } from '../services/audit';
import { NotFoundError, ValidationError } from '../services/errors';
import { recordLabels } from '../services/labels';
import { parseListCsv } from '../services/list-csv';
import { describeSpan } from '../services/list-entries';
import type { MatchedEntry } from '../services/list-matcher';
import {
  addListEntry,
  createList,
  deleteList,
  findList,
  InvalidListRowsError,
  importListEntries,
  type ListChangeDeps,
  listEntriesPage,
  removeListEntry,
} from '../services/lists';
import { ErrorInterface } from './common';
import { batchOnly } from './loaders';
import { countedConnectionType, pageAndCountConnection, pagedDescription, pageSize } from './pages';
import { actorShownTo, personField } from './person';
import { SEARCH_TEXT } from './validation';

const ENTRIES_PAGE = pageSize(50, 500);

export const ListKindEnum = builder.enumType(ListKind, {
  name: 'ListKind',
  values: {
    ALLOW: { description: 'Never flag: a bank’s call centre, an emergency service.' },
    BLOCK: { description: 'Known fraud: flagged DANGEROUS from the first call.' },
  } as const,
});

const ListMatchEnum = builder.enumType(ListMatch, {
  name: 'ListMatch',
  values: {
    NUMBER: { description: 'One E.164 number.' },
    PREFIX: { description: 'Every number starting with an E.164 prefix, such as +91140.' },
    RANGE: { description: 'E.164 numbers from..to, of the same length.' },
  } as const,
});

const ListEntryRef = builder.objectRef<ListEntry>('ListEntry').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    match: t.field({ type: ListMatchEnum, resolve: (entry) => entry.match }),
    value: t.exposeString('value', {
      description: 'The number, the prefix, or the first number of a range.',
    }),
    rangeTo: t.exposeString('rangeTo', { nullable: true, description: 'The last number of a range.' }),
    text: t.string({ description: '+91…, +91140* or from..to', resolve: (entry) => describeSpan(entry) }),
    reason: t.exposeString('reason'),
    source: t.exposeString('source'),
    addedBy: t.string({ resolve: (row, _args, context) => actorShownTo(row.addedBy, context) }),
    by: personField(t, 'Who added it', (row) => row.addedBy),
    addedAt: t.expose('addedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    expired: t.boolean({
      description: 'Expired entries stay for the record and never match.',
      resolve: (entry) => entry.expiresAt !== null && entry.expiresAt.getTime() <= Date.now(),
    }),
  }),
});

export const NumberListRef = builder.objectRef<NumberList>('NumberList').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    kind: t.field({ type: ListKindEnum, resolve: (list) => list.kind }),
    description: t.exposeString('description', { nullable: true }),
    createdBy: t.string({ resolve: (row, _args, context) => actorShownTo(row.createdBy, context) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    changedAt: t.expose('changedAt', { type: 'DateTime' }),
    entryCount: t.loadable({
      type: 'Int',
      complexity: COST.lookup,
      load: async (listIds: string[], context) => {
        const counts = await context.app.db.listEntry.groupBy({
          by: ['listId'],
          where: { listId: { in: listIds } },
          _count: { _all: true },
        });
        const byList = new Map(counts.map((row) => [row.listId, row._count._all]));
        return listIds.map((id) => byList.get(id) ?? 0);
      },
      loaderOptions: batchOnly,
      resolve: (list) => list.id,
    }),
    entries: t.connection(
      {
        type: ListEntryRef,
        description: pagedDescription(
          'Newest first; `search` keeps entries whose number or prefix contains it. One statement per list: select it on one list (`list`), not on every list.',
          ENTRIES_PAGE,
        ),
        args: { search: t.arg.string({ validate: SEARCH_TEXT }) },
        complexity: COST.page,
        resolve: (list, args, context) =>
          pageAndCountConnection(args, ENTRIES_PAGE, (page) =>
            listEntriesPage(context.app.db, list.id, { search: args.search, ...page }),
          ),
      },
      countedConnectionType('ListEntryConnection'),
      { name: 'ListEntryEdge' },
    ),
  }),
});

/** A matching entry as checkNumber shows it: with its list. */
export const ListMatchRef = builder.objectRef<MatchedEntry>('ListMatchEntry').implement({
  description: 'A list entry covering a number, with its list.',
  fields: (t) => ({
    entryId: t.exposeID('id'),
    listId: t.exposeID('listId'),
    listName: t.exposeString('listName'),
    kind: t.field({ type: ListKindEnum, resolve: (entry) => entry.kind }),
    match: t.field({ type: ListMatchEnum, resolve: (entry) => entry.match }),
    text: t.string({ resolve: (entry) => describeSpan(entry) }),
    reason: t.exposeString('reason'),
    source: t.exposeString('source'),
    addedBy: t.string({
      authScopes: { analyst: true },
      resolve: (row, _args, context) => actorShownTo(row.addedBy, context),
    }),
    addedAt: t.expose('addedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.objectType(InvalidListRowsError, {
  name: 'InvalidListRowsError',
  description: 'Rows that cannot be imported (at most 1000 listed); nothing of the import was stored.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    rows: t.field({
      type: [
        builder.objectRef<{ row: number; message: string }>('InvalidListRow').implement({
          fields: (r) => ({
            row: r.exposeInt('row', { description: 'As a spreadsheet numbers it: the header is row 1.' }),
            message: r.exposeString('message'),
          }),
        }),
      ],
      resolve: (error) => error.rows,
    }),
  }),
});

const ListEntryInput = builder.inputType('ListEntryInput', {
  description: 'Exactly one of number, prefix, or from and to.',
  fields: (t) => ({
    number: t.string(),
    prefix: t.string({ description: 'E.164 prefix, such as +91140' }),
    from: t.string(),
    to: t.string(),
    reason: t.string({ required: true }),
    source: t.string({
      description: 'Where the entry comes from (an operator’s list, a case); default: who added it.',
    }),
    expiresAt: t.field({ type: 'DateTime' }),
  }),
});

function changeDeps(context: Context): ListChangeDeps {
  // List entries are the desk's decisions too: each listed number becomes a label.
  return { db: context.app.db, announce: context.app.lists.announce, recordLabels };
}

builder.queryFields((t) => ({
  lists: t.field({
    type: [NumberListRef],
    authScopes: { analyst: true },
    complexity: COST.page,
    resolve: (_root, _args, context) => context.app.db.numberList.findMany({ orderBy: { name: 'asc' } }),
  }),
  list: t.field({
    type: NumberListRef,
    authScopes: { analyst: true },
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [NotFoundError] },
    complexity: COST.lookup,
    resolve: (_root, args, context) => findList(context.app.db, String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createList: t.field({
    type: NumberListRef,
    authScopes: { operator: true },
    args: {
      name: t.arg.string({ required: true }),
      kind: t.arg({ type: ListKindEnum, required: true }),
      description: t.arg.string(),
    },
    errors: { types: [ValidationError] },
    resolve: (_root, args, context) => createList(changeDeps(context), args, auditActorOf(context)),
  }),
  deleteList: t.field({
    type: NumberListRef,
    authScopes: { operator: true },
    description: 'Deletes the list and its entries; they stop acting on every instance within a second.',
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [NotFoundError] },
    resolve: (_root, args, context) =>
      deleteList(changeDeps(context), String(args.id), auditActorOf(context)),
  }),
  addListEntry: t.field({
    type: ListEntryRef,
    authScopes: { operator: true },
    description:
      'Refused (ValidationError) when malformed, already past its expiry, or overlapping an entry of the list.',
    args: { listId: t.arg.id({ required: true }), input: t.arg({ type: ListEntryInput, required: true }) },
    errors: { types: [NotFoundError, ValidationError] },
    resolve: (_root, args, context) =>
      addListEntry(changeDeps(context), String(args.listId), args.input, auditActorOf(context)),
  }),
  removeListEntry: t.field({
    type: ListEntryRef,
    authScopes: { operator: true },
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [NotFoundError] },
    resolve: (_root, args, context) =>
      removeListEntry(changeDeps(context), String(args.id), auditActorOf(context)),
  }),
  importListEntries: t.field({
    type: builder.objectRef<{ list: NumberList; imported: number }>('ImportListEntriesPayload').implement({
      fields: (p) => ({
        list: p.field({ type: NumberListRef, resolve: (payload) => payload.list }),
        imported: p.exposeInt('imported'),
      }),
    }),
    authScopes: { operator: true },
    description:
      'CSV with a header row: number | prefix | from,to, reason, optional expires_at (ISO-8601 with a zone) and source. All rows or none: any bad row (malformed, expired, overlapping) fails the import with every bad row listed. Limited by MAX_BODY_BYTES; larger files: `npm run lists -- import`.',
    args: { listId: t.arg.id({ required: true }), csv: t.arg.string({ required: true }) },
    errors: { types: [NotFoundError, InvalidListRowsError] },
    resolve: async (_root, args, context) => {
      const parsed = parseListCsv(args.csv);
      return importListEntries(
        changeDeps(context),
        String(args.listId),
        parsed.rows,
        auditActorOf(context),
        parsed.rowNumber,
      );
    },
  }),
}));
