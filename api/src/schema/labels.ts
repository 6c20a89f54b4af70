// Labels: the desk's decisions about numbers, for the next model (GET /labels.csv exports them).
import { builder } from '../builder';
import type { Label } from '../generated/prisma/client';
import { LabelSource, LabelValue } from '../generated/prisma/enums';
import { COST } from '../guard/field-costs';
import { countLabels, listLabels } from '../services/labels';
import { countedConnection, countedConnectionType, pagedDescription, pageSize } from './pages';
import { actorShownTo } from './person';
import { e164OrBadInput } from './validation';

const LABELS_PAGE = pageSize(20, 100);

const LabelValueEnum = builder.enumType(LabelValue, { name: 'LabelValue' });
const LabelSourceEnum = builder.enumType(LabelSource, {
  name: 'LabelSource',
  description:
    'CASE: a case’s disposition; REPORT: an analyst verified a report; LIST: an allow/block list entry',
});

const LabelRef = builder.objectRef<Label>('Label').implement({
  description: 'A decision about a number, with the number’s features when it was made.',
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    label: t.field({ type: LabelValueEnum, resolve: (row) => row.label }),
    source: t.field({ type: LabelSourceEnum, resolve: (row) => row.source }),
    sourceId: t.exposeString('sourceId', { description: 'The case, report or list entry' }),
    actor: t.string({
      description:
        'Who decided; for roles other than ADMIN and AUDITOR an account shows as `account:<display name>`',
      resolve: (row, _args, context) => actorShownTo(row.actor, context),
    }),
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
      description: pagedDescription(
        'Labels, newest first. GET /labels.csv exports them as the label-first CSV `npm run ml` reads.',
        LABELS_PAGE,
      ),
      args: { filter: t.arg({ type: LabelFilterInput }) },
      resolve: (_root, args, context) => {
        const number = args.filter?.number ? e164OrBadInput(args.filter.number) : null;
        const filter = { ...args.filter, number };
        return countedConnection(
          args,
          LABELS_PAGE,
          (page) => listLabels(context.app.db, filter, page),
          () => countLabels(context.app.db, filter),
        );
      },
    },
    countedConnectionType('LabelConnection'),
    { name: 'LabelEdge' },
  ),
);
