import { filter, pipe } from 'graphql-yoga';
import { builder } from '../builder';
import { COST } from '../guard/field-costs';
import {
  type AlertEvent,
  type AlertShape,
  acknowledgeAlert,
  countAlerts,
  listAlerts,
  resolveAlert,
  severityRank,
} from '../services/alerts';
import { audited } from '../services/audit';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../services/errors';
import { AlertSortEnum, triageFilter } from './alert-triage';
import { CampaignRef } from './campaigns';
import { AlertKindEnum, AlertSeverityEnum, AlertStatusEnum } from './common';
import { countedConnection, countedConnectionType, pagedDescription, pageSize } from './pages';
import { optionalActorShownTo, PersonRef } from './person';
import { SEARCH_TEXT } from './validation';

export const AlertRef = builder.objectRef<AlertShape>('Alert');

const ALERTS_PAGE = pageSize(20, 100);

builder.node(AlertRef, {
  id: { resolve: (alert) => alert.id },
  authScopes: { analyst: true },
  loadOne: (id, context) => context.app.db.alert.findUnique({ where: { id } }),
  fields: (t) => ({
    kind: t.field({ type: AlertKindEnum, resolve: (alert) => alert.kind }),
    severity: t.field({ type: AlertSeverityEnum, resolve: (alert) => alert.severity }),
    status: t.field({ type: AlertStatusEnum, resolve: (alert) => alert.status }),
    title: t.exposeString('title'),
    message: t.exposeString('message'),
    number: t.exposeString('number', { nullable: true }),
    campaign: t.field({
      type: CampaignRef,
      nullable: true,
      complexity: COST.lookup,
      resolve: (alert) => alert.campaignId,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    acknowledgedBy: t.string({
      nullable: true,
      description:
        'The stored actor (`account:<email>`, `key:<name>`); for roles other than ADMIN and AUDITOR an account shows as `account:<display name>`',
      deprecationReason: 'Use acknowledger',
      resolve: (alert, _args, context) => optionalActorShownTo(alert.acknowledgedBy, context),
    }),
    acknowledger: t.field({
      type: PersonRef,
      nullable: true,
      complexity: COST.batched,
      description: 'Who acknowledged it, by display name',
      resolve: (alert) => alert.acknowledgedBy,
    }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolvedBy: t.string({
      nullable: true,
      description:
        'The stored actor; for roles other than ADMIN and AUDITOR an account shows as `account:<display name>`',
      deprecationReason: 'Use resolver',
      resolve: (alert, _args, context) => optionalActorShownTo(alert.resolvedBy, context),
    }),
    resolver: t.field({
      type: PersonRef,
      nullable: true,
      complexity: COST.batched,
      description: 'Who resolved it, by display name',
      resolve: (alert) => alert.resolvedBy,
    }),
    resolution: t.exposeString('resolution', { nullable: true }),
  }),
});

builder.queryField('alerts', (t) =>
  t.connection(
    {
      type: AlertRef,
      authScopes: { analyst: true },
      complexity: COST.page,
      description: pagedDescription('Alerts, filtered and sorted (default: newest first).', ALERTS_PAGE),
      args: {
        status: t.arg({ type: AlertStatusEnum }),
        severity: t.arg({ type: AlertSeverityEnum }),
        kind: t.arg({ type: AlertKindEnum }),
        search: t.arg.string({
          description: 'Words of the title or message, or 4+ digits of the number (at most 100 characters)',
          validate: SEARCH_TEXT,
        }),
        sort: t.arg({ type: AlertSortEnum }),
      },
      resolve: (_root, args, context) => {
        const filter = { status: args.status, severity: args.severity, ...triageFilter(args) };
        return countedConnection(
          args,
          ALERTS_PAGE,
          (page) => listAlerts(context.app.db, filter, page, args.sort ?? 'NEWEST'),
          () => countAlerts(context.app.db, filter),
        );
      },
    },
    countedConnectionType('AlertConnection'),
    { name: 'AlertEdge' },
  ),
);

function alertIdOf(id: { typename: string; id: string }): string {
  if (id.typename !== 'Alert') throw new NotFoundError('Alert', id.id);
  return id.id;
}

builder.mutationField('acknowledgeAlert', (t) =>
  t.field({
    type: AlertRef,
    authScopes: { writer: true },
    args: { id: t.arg.globalID({ required: true }) },
    errors: { types: [NotFoundError, InvalidTransitionError] },
    resolve: async (_root, args, context) => {
      const id = alertIdOf(args.id);
      return audited(
        context,
        async (tx) => {
          const before = await tx.alert.findUnique({ where: { id }, select: { status: true } });
          return { before, alert: await acknowledgeAlert(tx, id, context.viewer.actor) };
        },
        ({ before, alert }) => ({
          action: 'alert.acknowledge',
          targetType: 'Alert',
          targetId: id,
          before,
          after: { status: alert.status },
        }),
      ).then(({ alert }) => alert);
    },
  }),
);

builder.mutationField('resolveAlert', (t) =>
  t.field({
    type: AlertRef,
    authScopes: { writer: true },
    args: { id: t.arg.globalID({ required: true }), resolution: t.arg.string({ required: true }) },
    errors: { types: [NotFoundError, InvalidTransitionError, ValidationError] },
    resolve: async (_root, args, context) => {
      const id = alertIdOf(args.id);
      return audited(
        context,
        async (tx) => {
          const before = await tx.alert.findUnique({ where: { id }, select: { status: true } });
          return { before, alert: await resolveAlert(tx, id, args.resolution, context.viewer.actor) };
        },
        ({ before, alert }) => ({
          action: 'alert.resolve',
          targetType: 'Alert',
          targetId: id,
          before,
          after: { status: alert.status, resolution: alert.resolution },
        }),
      ).then(({ alert }) => alert);
    },
  }),
);

builder.subscriptionField('alertRaised', (t) =>
  t.field({
    type: AlertRef,
    authScopes: { analyst: true },
    description: 'New alerts as they are raised (deduplicated and rate-limited).',
    args: { minSeverity: t.arg({ type: AlertSeverityEnum }) },
    subscribe: (_root, args, context) => {
      const min = args.minSeverity ? severityRank[args.minSeverity] : 0;
      return pipe(
        context.app.pubsub.subscribe('alertRaised'),
        filter((alert: AlertEvent) => severityRank[alert.severity] >= min),
      );
    },
    resolve: (alert) => alert,
  }),
);
