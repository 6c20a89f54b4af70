// The records the Redis consumers could not store, for operators (ADMIN): read, requeue, delete.
import { z } from 'zod';
import { builder } from '../builder';
import { type DeadLetter, type DeadLetterPage, isStreamId, payloadOf } from '../redis/dead-letters';
import { NotFoundError, ValidationError } from '../services/errors';
import { clampCount, countArg, pagedDescription, pageSize } from './pages';

const DeadLetterKindEnum = builder.enumType('DeadLetterKind', {
  description:
    'UNREADABLE: not a JSON call record; REJECTED: validation refused it; FAILING: storing it kept failing.',
  values: ['UNREADABLE', 'REJECTED', 'FAILING'] as const,
});

const DeadLetterRef = builder.objectRef<DeadLetter>('DeadLetter').implement({
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Its id in the dead-letter stream.' }),
    kind: t.field({
      type: DeadLetterKindEnum,
      resolve: (letter) => letter.kind.toUpperCase() as 'UNREADABLE' | 'REJECTED' | 'FAILING',
    }),
    stream: t.exposeString('stream', { description: 'The stream the record was read from.' }),
    streamId: t.exposeString('streamId', { description: 'Its id in that stream.' }),
    reason: t.exposeString('reason'),
    deliveries: t.exposeInt('deliveries', { description: 'How often Redis had delivered it.' }),
    payload: t.string({
      description: 'The record as sent (its "cdr" field), cut at 2,000 characters.',
      resolve: (letter) => payloadOf(letter),
    }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

const DeadLetterPageRef = builder
  .objectRef<DeadLetterPage & { totalCount: number }>('DeadLetterPage')
  .implement({
    fields: (t) => ({
      entries: t.field({ type: [DeadLetterRef], resolve: (page) => page.entries }),
      endCursor: t.exposeString('endCursor', {
        nullable: true,
        description: 'Pass as `after` for older entries; null on the last page.',
      }),
      totalCount: t.exposeInt('totalCount'),
    }),
  });

const RequeuedRef = builder
  .objectRef<{ letter: DeadLetter; newStreamId: string }>('RequeuedDeadLetter')
  .implement({
    fields: (t) => ({
      deadLetter: t.field({ type: DeadLetterRef, resolve: (requeued) => requeued.letter }),
      newStreamId: t.exposeString('newStreamId', { description: 'Its id in its stream now.' }),
    }),
  });

const DeletedRef = builder.objectRef<{ id: string }>('DeletedDeadLetter').implement({
  fields: (t) => ({ id: t.exposeID('id') }),
});

/** A dead letter's id (or a page cursor): a stream id such as 1732600000000-0. */
const STREAM_ID = { schema: z.string().refine(isStreamId, 'A dead letter id looks like 1732600000000-0') };

const DEAD_LETTERS_PAGE = pageSize(20, 100);

builder.queryField('deadLetters', (t) =>
  t.field({
    type: DeadLetterPageRef,
    description: pagedDescription(
      'CDR stream records that could not be stored, newest first (empty without Redis).',
      DEAD_LETTERS_PAGE,
      'first',
    ),
    authScopes: { admin: true },
    args: {
      first: t.arg.int(countArg(DEAD_LETTERS_PAGE)),
      after: t.arg.string({ description: 'The endCursor of the previous page.', validate: STREAM_ID }),
    },
    errors: { types: [ValidationError] },
    resolve: async (_root, args, context) => {
      const first = clampCount(args.first, DEAD_LETTERS_PAGE);
      const after = args.after ?? null;
      const store = context.app.deadLetters;
      if (!store) return { entries: [], endCursor: null, totalCount: 0 };
      const [page, totalCount] = await Promise.all([store.list(first, after), store.count()]);
      return { ...page, totalCount };
    },
  }),
);

builder.mutationFields((t) => ({
  requeueDeadLetter: t.field({
    type: RequeuedRef,
    description: 'Puts the record back at the end of the stream it came from, and removes the dead letter.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true, validate: STREAM_ID }) },
    errors: { types: [ValidationError, NotFoundError] },
    resolve: async (_root, args, context) => {
      const id = String(args.id);
      const requeued = await context.app.deadLetters?.requeue(id);
      if (!requeued) throw new NotFoundError('Dead letter', id);
      return requeued;
    },
  }),
  deleteDeadLetter: t.field({
    type: DeletedRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true, validate: STREAM_ID }) },
    errors: { types: [ValidationError, NotFoundError] },
    resolve: async (_root, args, context) => {
      const id = String(args.id);
      if (!(await context.app.deadLetters?.remove(id))) throw new NotFoundError('Dead letter', id);
      return { id };
    },
  }),
}));
