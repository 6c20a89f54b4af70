// Labels: the desk's decisions about numbers, for the next model (GET /labels.csv exports them).
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import type { Label } from '../generated/prisma/client';
import { COST } from '../guard/field-costs';
import { countLabels, listLabels } from '../services/labels';
import { parseNumber } from '../services/phone-numbers';

const LabelValueEnum = builder.enumType('LabelValue', { values: ['FRAUD', 'NOT_FRAUD', 'UNSURE'] as const });
const LabelSourceEnum = builder.enumType('LabelSource', {
  description:
    'CASE: a case’s disposition; REPORT: an analyst verified a report; LIST: an allow/block list entry',
  values: ['CASE', 'REPORT', 'LIST'] as const,
});

const LabelRef = builder.objectRef<Label>('Label').implement({
  description: 'A decision about a number, with the number’s features when it was made.',
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    label: t.field({ type: LabelValueEnum, resolve: (row) => row.label }),
    source: t.field({ type: LabelSourceEnum, resolve: (row) => row.source }),
    sourceId: t.exposeString('sourceId', { description: 'The case, report or list entry' }),
    actor: t.exposeString('actor'),
    at: t.expose('at', { type: 'DateTime' }),
    features: t.field({ type: 'JSON', nullable: true, resolve: (row) => row.features }),
  }),
});

const LabelFilterInput = builder.inputType('LabelFilter', {
  fields: (t) => ({
    number: t.string(),
    label: t.field({ type: LabelValueEnum }),
    source: t.field({ type: LabelSourceEnum }),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

builder.queryField('labels', (t) =>
  t.connection(
    {
      type: LabelRef,
      authScopes: { analyst: true },
      complexity: COST.page,
      description:
        'Labels, newest first. GET /labels.csv exports them as the label-first CSV `npm run ml` reads.',
      args: { filter: t.arg({ type: LabelFilterInput }) },
      resolve: async (_root, args, context) => {
        let number: string | null = null;
        if (args.filter?.number) {
          try {
            number = parseNumber(args.filter.number).e164;
          } catch (error) {
            throw new GraphQLError(error instanceof Error ? error.message : 'Not a phone number', {
              extensions: { code: 'BAD_USER_INPUT' },
            });
          }
        }
        const filter = { ...args.filter, number };
        const [connection, totalCount] = await Promise.all([
          resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, (page) =>
            listLabels(context.app.db, filter, page),
          ),
          countLabels(context.app.db, filter),
        ]);
        return { ...connection, totalCount };
      },
    },
    { name: 'LabelConnection', fields: (c) => ({ totalCount: c.exposeInt('totalCount') }) },
    { name: 'LabelEdge' },
  ),
);
