// Triage of many alerts at once: search, sort, grouping by campaign or number, bulk acknowledge.
import { builder } from '../builder';
import type { AlertKind } from '../generated/prisma/client';
import { COST } from '../guard/field-costs';
import { type AlertGroup, acknowledgeAlerts, type BulkOutcome, groupAlerts } from '../services/alerts';
import { audited } from '../services/audit';
import { ValidationError } from '../services/errors';
import { CampaignRef } from './campaigns';
import { AlertKindEnum, AlertSeverityEnum, AlertStatusEnum } from './common';
import { clampCount, countArg, pagedDescription, pageSize } from './pages';
import { SEARCH_TEXT } from './validation';

export const AlertSortEnum = builder.enumType('AlertSort', {
  values: {
    NEWEST: { description: 'Newest first (default)' },
    OLDEST: { description: 'Oldest first' },
    SEVERITY: { description: 'CRITICAL first, then newest' },
  } as const,
});

const AlertGroupByEnum = builder.enumType('AlertGroupBy', { values: ['CAMPAIGN', 'NUMBER'] as const });

const GROUPS = pageSize(20, 100);

export function triageFilter(args: { kind?: AlertKind | null; search?: string | null }) {
  return {
    kind: args.kind ?? null,
    search: args.search ?? null,
  };
}

const AlertGroupRef = builder.objectRef<AlertGroup>('AlertGroup').implement({
  description: 'Alerts about one campaign or one number.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The campaign id or the number' }),
    number: t.exposeString('number', { nullable: true }),
    campaign: t.field({
      type: CampaignRef,
      nullable: true,
      complexity: COST.lookup,
      resolve: (group) => group.campaignId,
    }),
    count: t.exposeInt('count'),
    latestAt: t.expose('latestAt', { type: 'DateTime' }),
    maxSeverity: t.field({ type: AlertSeverityEnum, resolve: (group) => group.maxSeverity }),
  }),
});

builder.queryField('alertGroups', (t) =>
  t.field({
    type: [AlertGroupRef],
    authScopes: { analyst: true },
    complexity: COST.aggregate,
    description: pagedDescription(
      'Alerts matching the filter grouped by campaign or number, largest groups first.',
      GROUPS,
      'first',
    ),
    args: {
      by: t.arg({ type: AlertGroupByEnum, required: true }),
      status: t.arg({ type: AlertStatusEnum }),
      severity: t.arg({ type: AlertSeverityEnum }),
      kind: t.arg({ type: AlertKindEnum }),
      search: t.arg.string({ validate: SEARCH_TEXT }),
      first: t.arg.int(countArg(GROUPS)),
    },
    resolve: (_root, args, context) =>
      groupAlerts(
        context.app.db,
        args.by,
        { status: args.status, severity: args.severity, ...triageFilter(args) },
        clampCount(args.first, GROUPS),
      ),
  }),
);

const BulkOutcomeRef = builder.objectRef<BulkOutcome>('AlertBulkOutcome').implement({
  description: 'What happened to one alert of a bulk action.',
  fields: (t) => ({
    id: t.globalID({ resolve: (outcome) => ({ type: 'Alert', id: outcome.id }) }),
    ok: t.exposeBoolean('ok'),
    code: t.exposeString('code', { nullable: true, description: 'NOT_FOUND or INVALID_TRANSITION' }),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const BulkResultRef = builder
  .objectRef<{ acknowledged: number; outcomes: BulkOutcome[] }>('AcknowledgeAlertsResult')
  .implement({
    fields: (t) => ({
      acknowledged: t.exposeInt('acknowledged'),
      outcomes: t.field({ type: [BulkOutcomeRef], resolve: (result) => result.outcomes }),
    }),
  });

export const MAX_BULK_ALERTS = 500;
const BULK_IDS = `Give 1 to ${MAX_BULK_ALERTS} alert ids`;

builder.mutationField('acknowledgeAlerts', (t) =>
  t.field({
    type: BulkResultRef,
    authScopes: { writer: true },
    description: `Acknowledges up to ${MAX_BULK_ALERTS} OPEN alerts; each id's outcome is reported (others are left alone).`,
    args: {
      ids: t.arg.globalIDList({
        required: true,
        validate: {
          minLength: [1, { message: BULK_IDS }],
          maxLength: [MAX_BULK_ALERTS, { message: BULK_IDS }],
        },
      }),
    },
    errors: { types: [ValidationError] },
    resolve: async (_root, args, context) => {
      const ids = args.ids.map((id) => (id.typename === 'Alert' ? id.id : `not-an-alert:${id.id}`));
      const outcomes = await audited(
        context,
        (tx) => acknowledgeAlerts(tx, ids, context.viewer.actor),
        (outcomes) => {
          const done = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.id);
          return done.length === 0
            ? null
            : {
                action: 'alert.acknowledge.bulk',
                targetType: 'Alert',
                targetId: done.length === 1 ? done[0] : null,
                before: { status: 'OPEN', ids: done },
                after: { status: 'ACKNOWLEDGED', ids: done },
              };
        },
      );
      const done = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.id);
      return { acknowledged: done.length, outcomes };
    },
  }),
);
