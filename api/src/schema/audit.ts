// The audit log (ADMIN and AUDITOR) and the lookup history of numbers (analysts).
import { builder } from '../builder';
import type { AuditEntry, NumberLookup } from '../generated/prisma/client';
import { type AuditFilter, countAudit, listAudit } from '../services/audit';
import { VerdictEnum } from './common';
import { NumberCheckRef } from './numbers';
import {
  clampCount,
  countArg,
  countedConnection,
  countedConnectionType,
  pagedDescription,
  pageSize,
} from './pages';
import { actorShownTo, personField } from './person';
import { e164OrBadInput } from './validation';

const AUDIT_PAGE = pageSize(50, 500);
const LOOKUPS_PAGE = pageSize(20, 100);
const LATEST_LOOKUPS = pageSize(10, 100);

const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description:
    'One state change: who, when, from where, what, before and after. Hash-chained to the previous entry.',
  fields: (t) => ({
    id: t.exposeID('id'),
    seq: t.exposeInt('seq'),
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.exposeString('actor', {
      description: '`account:<email>`, `key:<name>` or `anonymous:<client>`',
    }),
    actorRole: t.exposeString('actorRole'),
    accountId: t.exposeString('accountId', { nullable: true }),
    keyId: t.exposeString('keyId', { nullable: true }),
    client: t.exposeString('client', { nullable: true }),
    action: t.exposeString('action'),
    targetType: t.exposeString('targetType', { nullable: true }),
    targetId: t.exposeString('targetId', { nullable: true }),
    before: t.field({ type: 'JSON', nullable: true, resolve: (entry) => entry.before }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (entry) => entry.after }),
    requestId: t.exposeString('requestId', { nullable: true }),
    hash: t.exposeString('hash'),
    prevHash: t.exposeString('prevHash'),
  }),
});

const AuditFilterInput = builder.inputType('AuditFilter', {
  fields: (t) => ({
    actor: t.string(),
    action: t.string({ description: 'e.g. login.failure, alert.acknowledge, account.disable' }),
    targetType: t.string(),
    targetId: t.string(),
    from: t.field({ type: 'DateTime', description: 'inclusive' }),
    to: t.field({ type: 'DateTime', description: 'exclusive' }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.connection(
    {
      type: AuditEntryRef,
      authScopes: { auditor: true },
      description: pagedDescription(
        'Newest first. Also as CSV: GET /audit.csv?action=…&from=… with the same Authorization.',
        AUDIT_PAGE,
      ),
      args: { filter: t.arg({ type: AuditFilterInput }) },
      resolve: (_root, args, context) => {
        const filter: AuditFilter = args.filter ?? {};
        return countedConnection(
          args,
          AUDIT_PAGE,
          (page) => listAudit(context.app.db, filter, page),
          () => countAudit(context.app.db, filter),
        );
      },
    },
    countedConnectionType('AuditEntryConnection'),
    { name: 'AuditEntryEdge' },
  ),
);

export const NumberLookupRef = builder.objectRef<NumberLookup>('NumberLookup').implement({
  description: 'A checkNumber by a signed-in person or a key.',
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.string({
      description:
        'Who looked it up; for roles other than ADMIN and AUDITOR an account shows as `account:<display name>`',
      resolve: (row, _args, context) => actorShownTo(row.actor, context),
    }),
    accountId: t.exposeString('accountId', { nullable: true }),
    by: personField(t, 'Who looked it up', (row) => row.actor),
    keyId: t.exposeString('keyId', { nullable: true }),
    verdict: t.field({ type: VerdictEnum, resolve: (lookup) => lookup.verdict }),
    riskScore: t.exposeFloat('riskScore', { nullable: true }),
  }),
});

builder.queryField('lookupHistory', (t) =>
  t.connection(
    {
      type: NumberLookupRef,
      authScopes: { analyst: true },
      description: pagedDescription(
        'Who checked this number and what they were told, newest first (kept LOOKUP_HISTORY_DAYS).',
        LOOKUPS_PAGE,
      ),
      args: { number: t.arg.string({ required: true }) },
      resolve: (_root, args, context) => {
        const number = e164OrBadInput(args.number);
        return countedConnection(
          args,
          LOOKUPS_PAGE,
          (page) => context.app.lookups.list(number, page),
          () => context.app.lookups.count(number),
        );
      },
    },
    countedConnectionType('NumberLookupConnection'),
    { name: 'NumberLookupEdge' },
  ),
);

builder.objectField(NumberCheckRef, 'lookups', (t) =>
  t.field({
    type: [NumberLookupRef],
    authScopes: { analyst: true },
    complexity: 10,
    description: 'The latest lookups of this number (lookupHistory pages through all of them).',
    args: { first: t.arg.int(countArg(LATEST_LOOKUPS)) },
    resolve: (check, args, context) =>
      context.app.lookups.list(check.number, { offset: 0, limit: clampCount(args.first, LATEST_LOOKUPS) }),
  }),
);
