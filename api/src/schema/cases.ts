// Cases: how analysts work what the grid detects. Reads need ANALYST (AUDITOR reads too);
// changes need a writer role (ANALYST, OPERATOR, ADMIN). Logic lives in services/cases.ts.
import { filter, pipe } from 'graphql-yoga';
import { builder } from '../builder';
import type { Context } from '../context';
import type { Case, CaseAlert, CaseEvent, CaseEvidence, CaseNumber } from '../generated/prisma/client';
import { CaseDisposition, CaseEventKind, CasePriority, CaseStatus } from '../generated/prisma/enums';
import { COST } from '../guard/field-costs';
import { auditActorOf } from '../services/audit';
import { type CaseSort, type CaseUpdate, caseNumber, InvalidAssigneeError } from '../services/cases';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../services/errors';
import { seesEmails } from '../services/people-names';
import { InvalidNumberError } from '../services/phone-numbers';
import { AlertRef } from './alerts';
import { CampaignRef } from './campaigns';
import { ErrorInterface, VerdictEnum } from './common';
import { batchOnly, byKey, firstRowsPerCase } from './loaders';
import {
  clampCount,
  countArg,
  countedConnection,
  countedConnectionType,
  pagedDescription,
  pageSize,
} from './pages';
import { actorShownTo, personField } from './person';
import { SEARCH_TEXT } from './validation';

const CASES_PAGE = pageSize(20, 100);
/** Alerts, numbers and evidence shown with a case (and with each case of a page). */
const CASE_PARTS = pageSize(500, 500);
const TIMELINE = pageSize(200, 1000);

builder.objectType(InvalidAssigneeError, {
  name: 'InvalidAssigneeError',
  description: 'The account cannot take cases: it is disabled, or an AUDITOR (read-only).',
  interfaces: [ErrorInterface],
});

export const CaseStatusEnum = builder.enumType(CaseStatus, {
  name: 'CaseStatus',
  description:
    'OPEN → INVESTIGATING ⇄ ESCALATED (and back to OPEN from INVESTIGATING); CLOSED only by closeCase, left only by reopenCase.',
});
export const CasePriorityEnum = builder.enumType(CasePriority, {
  name: 'CasePriority',
  description: 'Sets the due time: CASE_SLA_HOURS_<priority> after the case was opened.',
});
export const CaseDispositionEnum = builder.enumType(CaseDisposition, {
  name: 'CaseDisposition',
  description:
    'The outcome. FRAUD_CONFIRMED and FALSE_POSITIVE record a FRAUD / NOT_FRAUD label for each of the case’s numbers.',
});
const CaseEventKindEnum = builder.enumType(CaseEventKind, { name: 'CaseEventKind' });
const CaseSortEnum = builder.enumType('CaseSort', {
  values: {
    NEWEST: { description: 'Most recently opened first (default)' },
    OLDEST: { description: 'First opened first' },
    DUE_SOONEST: { description: 'Earliest due time first' },
    PRIORITY: { description: 'CRITICAL first, then by due time' },
    RECENTLY_UPDATED: { description: 'Most recently changed first' },
  } as const,
});

const CasePersonRef = builder
  .objectRef<{ id: string; email: string; displayName: string }>('CasePerson')
  .implement({
    description: 'The account a case is assigned to.',
    fields: (t) => ({
      id: t.exposeID('id'),
      email: t.string({
        nullable: true,
        description: 'For ADMIN and AUDITOR only; everyone else sees the display name',
        resolve: (person, _args, context) => (seesEmails(context.viewer) ? person.email : null),
      }),
      displayName: t.exposeString('displayName'),
    }),
  });

const CaseNumberRef = builder.objectRef<CaseNumber>('CaseNumber').implement({
  description: 'A number in a case, with the model’s explanation at the moment it was added.',
  fields: (t) => ({
    number: t.exposeString('number'),
    addedBy: t.string({ resolve: (row, _args, context) => actorShownTo(row.addedBy, context) }),
    by: personField(t, 'Who added it', (row) => row.addedBy),
    addedAt: t.expose('addedAt', { type: 'DateTime' }),
    riskScore: t.exposeFloat('riskScore', { nullable: true, description: 'Risk (0–100) when added' }),
    verdict: t.field({ type: VerdictEnum, nullable: true, resolve: (row) => row.verdict }),
    features: t.field({ type: 'JSON', nullable: true, resolve: (row) => row.features }),
    reasons: t.field({ type: 'JSON', nullable: true, resolve: (row) => row.reasons }),
    modelVersion: t.exposeString('modelVersion', { nullable: true }),
  }),
});

const CaseEvidenceRef = builder.objectRef<CaseEvidence>('CaseEvidence').implement({
  description: 'A text attachment (up to 20,000 characters).',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    addedBy: t.string({ resolve: (row, _args, context) => actorShownTo(row.addedBy, context) }),
    by: personField(t, 'Who added it', (row) => row.addedBy),
    addedAt: t.expose('addedAt', { type: 'DateTime' }),
  }),
});

const CaseEventRef = builder.objectRef<CaseEvent>('CaseEvent').implement({
  description: 'One entry of a case’s timeline.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: CaseEventKindEnum, resolve: (event) => event.kind }),
    actor: t.string({
      description:
        'The stored actor; for roles other than ADMIN and AUDITOR an account shows as `account:<display name>`',
      deprecationReason: 'Use by',
      resolve: (event, _args, context) => actorShownTo(event.actor, context),
    }),
    by: personField(t, 'Who did it', (event) => event.actor),
    text: t.exposeString('text', { nullable: true }),
    data: t.field({ type: 'JSON', nullable: true, resolve: (event) => event.data }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

/** A case's numbers or evidence: the first CASE_PARTS.maxSize of each case of a page, in one statement. */
function casePart<Row extends { caseId: string }>(table: 'CaseNumber' | 'CaseEvidence', what: string) {
  return {
    complexity: COST.page,
    description: `Up to ${CASE_PARTS.maxSize} ${what}`,
    load: (caseIds: string[], context: Context) =>
      firstRowsPerCase<Row>(context.app.db, table, caseIds, CASE_PARTS.maxSize),
    loaderOptions: batchOnly,
    resolve: (row: Case) => row.id,
  };
}

/** Fields returning a Case may return its id: the ids of one tick are read in one statement. */
export const CaseRef = builder.loadableNodeRef('Case', {
  id: { resolve: (row: Case) => row.id },
  load: async (ids: string[], context) =>
    byKey(ids, await context.app.db.case.findMany({ where: { id: { in: ids } } }), (row) => row.id),
  loaderOptions: batchOnly,
});

CaseRef.implement({
  authScopes: { analyst: true },
  description: 'A unit of analyst work: alerts, numbers, a campaign and evidence that belong together.',
  fields: (t) => ({
    number: t.string({ description: 'CASE-000123', resolve: (row) => caseNumber(row.seq) }),
    title: t.exposeString('title'),
    status: t.field({ type: CaseStatusEnum, resolve: (row) => row.status }),
    priority: t.field({ type: CasePriorityEnum, resolve: (row) => row.priority }),
    assignee: t.loadable({
      type: CasePersonRef,
      nullable: true,
      complexity: COST.batched,
      load: async (ids: string[], context) =>
        byKey(
          ids,
          await context.app.db.account.findMany({
            where: { id: { in: ids } },
            select: { id: true, email: true, displayName: true },
          }),
          (account) => account.id,
        ),
      loaderOptions: batchOnly,
      resolve: (row) => row.assigneeId,
    }),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    slaBreached: t.boolean({
      description: 'Not closed and past its due time',
      resolve: (row) => row.status !== 'CLOSED' && row.dueAt.getTime() < Date.now(),
    }),
    disposition: t.field({ type: CaseDispositionEnum, nullable: true, resolve: (row) => row.disposition }),
    dispositionReason: t.exposeString('dispositionReason', { nullable: true }),
    campaign: t.field({
      type: CampaignRef,
      nullable: true,
      complexity: COST.lookup,
      resolve: (row) => row.campaignId,
    }),
    groupKey: t.exposeString('groupKey', {
      nullable: true,
      description: '`campaign:<id>` or `number:<E.164>` when opened by automatic grouping',
    }),
    mergedInto: t.field({
      type: CaseRef,
      nullable: true,
      complexity: COST.lookup,
      description: 'The case this one was merged into (it is then CLOSED)',
      resolve: (row) => row.mergedIntoId,
    }),
    openedBy: t.string({ resolve: (row, _args, context) => actorShownTo(row.openedBy, context) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    alerts: t.loadableList({
      type: AlertRef,
      complexity: COST.page,
      description: `Up to ${CASE_PARTS.maxSize} alerts, newest first`,
      load: async (caseIds: string[], context) => {
        const links = await firstRowsPerCase<CaseAlert>(
          context.app.db,
          'CaseAlert',
          caseIds,
          CASE_PARTS.maxSize,
        );
        const alertIds = links.flat().map((link) => link.alertId);
        const alerts = await context.app.db.alert.findMany({ where: { id: { in: alertIds } } });
        const byId = new Map(alerts.map((alert) => [alert.id, alert]));
        return links.map((caseLinks) => caseLinks.flatMap((link) => byId.get(link.alertId) ?? []));
      },
      loaderOptions: batchOnly,
      resolve: (row) => row.id,
    }),
    numbers: t.loadableList({
      type: CaseNumberRef,
      ...casePart<CaseNumber>('CaseNumber', 'numbers, in the order they were added'),
    }),
    evidence: t.loadableList({
      type: CaseEvidenceRef,
      ...casePart<CaseEvidence>('CaseEvidence', 'attachments, in the order they were added'),
    }),
    timeline: t.loadableList({
      type: CaseEventRef,
      complexity: COST.page,
      description: 'Notes and events, oldest first: the newest `last` of them.',
      args: { last: t.arg.int(countArg(TIMELINE)) },
      // One loader per place in the query: every case there is asked for the same `last`.
      byPath: true,
      load: async (caseIds: string[], context, args) =>
        (
          await firstRowsPerCase<CaseEvent>(
            context.app.db,
            'CaseEvent',
            caseIds,
            clampCount(args.last, TIMELINE),
          )
        ).map((events) => events.reverse()),
      loaderOptions: batchOnly,
      resolve: (row) => row.id,
    }),
  }),
});

const CaseFilterInput = builder.inputType('CaseFilter', {
  fields: (t) => ({
    status: t.field({ type: CaseStatusEnum }),
    priority: t.field({ type: CasePriorityEnum }),
    assignee: t.string({ description: '`me`, `unassigned`, or an account id', validate: { maxLength: 64 } }),
    search: t.string({
      description:
        'Words of the title, a case number (CASE-000123 or 123) or digits of a number in the case (at most 100 characters)',
      validate: SEARCH_TEXT,
    }),
    slaBreached: t.boolean({ description: 'true: open cases past their due time' }),
  }),
});

builder.queryField('cases', (t) =>
  t.connection(
    {
      type: CaseRef,
      authScopes: { analyst: true },
      complexity: COST.page,
      description: pagedDescription('Cases, filtered and sorted (default: newest first).', CASES_PAGE),
      args: { filter: t.arg({ type: CaseFilterInput }), sort: t.arg({ type: CaseSortEnum }) },
      resolve: (_root, args, context) => {
        const caseFilter = { ...args.filter, meAccountId: context.viewer.accountId };
        const desk = context.app.cases;
        return countedConnection(
          args,
          CASES_PAGE,
          (page) => desk.list(caseFilter, (args.sort ?? 'NEWEST') as CaseSort, page),
          () => desk.count(caseFilter),
        );
      },
    },
    countedConnectionType('CaseConnection'),
    { name: 'CaseEdge' },
  ),
);

builder.queryField('case', (t) =>
  t.field({
    type: CaseRef,
    nullable: true,
    authScopes: { analyst: true },
    complexity: COST.lookup,
    description: 'A case by its id (the `id` field of Case).',
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (_root, args) => (args.id.typename === 'Case' ? args.id.id : null),
  }),
);

function caseIdOf(id: { typename: string; id: string }): string {
  if (id.typename !== 'Case') throw new NotFoundError('Case', id.id);
  return id.id;
}

function alertIdsOf(ids: readonly { typename: string; id: string }[] | null | undefined): string[] {
  return (ids ?? []).map((id) => {
    if (id.typename !== 'Alert') throw new NotFoundError('Alert', id.id);
    return id.id;
  });
}

const CASE_ERRORS = [NotFoundError, InvalidTransitionError, ValidationError];

builder.mutationField('createCase', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description: 'Opens a case, optionally from alerts, numbers or a campaign.',
    args: {
      title: t.arg.string({ required: true, description: '1 to 200 characters' }),
      priority: t.arg({ type: CasePriorityEnum, required: true }),
      alertIds: t.arg.globalIDList({ description: 'Alerts not yet in another case' }),
      numbers: t.arg.stringList({ description: 'Phone numbers (any format a person would type)' }),
      campaignId: t.arg.globalID(),
    },
    errors: { types: [...CASE_ERRORS, InvalidNumberError] },
    resolve: (_root, args, context) => {
      if (args.campaignId && args.campaignId.typename !== 'Campaign')
        throw new NotFoundError('Campaign', args.campaignId.id);
      return context.app.cases.create(auditActorOf(context), {
        title: args.title,
        priority: args.priority,
        alertIds: alertIdsOf(args.alertIds),
        numbers: args.numbers,
        campaignId: args.campaignId?.id ?? null,
      });
    },
  }),
);

builder.mutationField('assignCase', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description: 'Assigns to an enabled ANALYST, OPERATOR or ADMIN account (null: unassign).',
    args: { id: t.arg.globalID({ required: true }), accountId: t.arg.id() },
    errors: { types: [...CASE_ERRORS, InvalidAssigneeError] },
    resolve: (_root, args, context) =>
      context.app.cases.assign(
        auditActorOf(context),
        caseIdOf(args.id),
        args.accountId == null ? null : String(args.accountId),
      ),
  }),
);

builder.mutationField('commentOnCase', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description: 'Adds a note (1 to 5000 characters) to the timeline.',
    args: { id: t.arg.globalID({ required: true }), text: t.arg.string({ required: true }) },
    errors: { types: CASE_ERRORS },
    resolve: (_root, args, context) =>
      context.app.cases.comment(auditActorOf(context), caseIdOf(args.id), args.text),
  }),
);

builder.mutationField('setCaseStatus', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description: 'Moves an open case between OPEN, INVESTIGATING and ESCALATED (see CaseStatus).',
    args: { id: t.arg.globalID({ required: true }), status: t.arg({ type: CaseStatusEnum, required: true }) },
    errors: { types: CASE_ERRORS },
    resolve: (_root, args, context) =>
      context.app.cases.setStatus(auditActorOf(context), caseIdOf(args.id), args.status),
  }),
);

builder.mutationField('setCasePriority', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description: 'Changes the priority; the due time is recomputed from when the case was opened.',
    args: {
      id: t.arg.globalID({ required: true }),
      priority: t.arg({ type: CasePriorityEnum, required: true }),
    },
    errors: { types: CASE_ERRORS },
    resolve: (_root, args, context) =>
      context.app.cases.setPriority(auditActorOf(context), caseIdOf(args.id), args.priority),
  }),
);

builder.mutationField('closeCase', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description:
      'Closes with a disposition and a reason (1 to 2000 characters). Resolves the case’s alerts; FRAUD_CONFIRMED / FALSE_POSITIVE record labels.',
    args: {
      id: t.arg.globalID({ required: true }),
      disposition: t.arg({ type: CaseDispositionEnum, required: true }),
      reason: t.arg.string({ required: true }),
    },
    errors: { types: CASE_ERRORS },
    resolve: (_root, args, context) =>
      context.app.cases.close(auditActorOf(context), caseIdOf(args.id), args.disposition, args.reason),
  }),
);

builder.mutationField('reopenCase', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description: 'Reopens a CLOSED case (not one merged into another) with a reason.',
    args: { id: t.arg.globalID({ required: true }), reason: t.arg.string({ required: true }) },
    errors: { types: CASE_ERRORS },
    resolve: (_root, args, context) =>
      context.app.cases.reopen(auditActorOf(context), caseIdOf(args.id), args.reason),
  }),
);

builder.mutationField('mergeCases', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description:
      'Moves the alerts, numbers and evidence of `sourceId` into `targetId` and closes the source as merged. Returns the target.',
    args: { targetId: t.arg.globalID({ required: true }), sourceId: t.arg.globalID({ required: true }) },
    errors: { types: CASE_ERRORS },
    resolve: (_root, args, context) =>
      context.app.cases.merge(auditActorOf(context), caseIdOf(args.targetId), caseIdOf(args.sourceId)),
  }),
);

builder.mutationField('splitCase', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description: 'Moves the chosen alerts and numbers of a case into a new case. Returns the new case.',
    args: {
      id: t.arg.globalID({ required: true }),
      title: t.arg.string({ required: true }),
      alertIds: t.arg.globalIDList(),
      numbers: t.arg.stringList(),
    },
    errors: { types: [...CASE_ERRORS, InvalidNumberError] },
    resolve: (_root, args, context) =>
      context.app.cases.split(auditActorOf(context), caseIdOf(args.id), {
        title: args.title,
        alertIds: alertIdsOf(args.alertIds),
        numbers: args.numbers,
      }),
  }),
);

const EvidenceInput = builder.inputType('CaseEvidenceInput', {
  fields: (t) => ({
    title: t.string({ required: true, description: '1 to 200 characters' }),
    body: t.string({ required: true, description: '1 to 20,000 characters of text' }),
  }),
});

builder.mutationField('addToCase', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description:
      'Adds alerts, numbers (with the model’s explanation now) and/or a text attachment to an open case.',
    args: {
      id: t.arg.globalID({ required: true }),
      alertIds: t.arg.globalIDList(),
      numbers: t.arg.stringList(),
      evidence: t.arg({ type: EvidenceInput }),
    },
    errors: { types: [...CASE_ERRORS, InvalidNumberError] },
    resolve: (_root, args, context) =>
      context.app.cases.add(auditActorOf(context), caseIdOf(args.id), {
        alertIds: alertIdsOf(args.alertIds),
        numbers: args.numbers,
        evidence: args.evidence ?? null,
      }),
  }),
);

builder.mutationField('removeFromCase', (t) =>
  t.field({
    type: CaseRef,
    authScopes: { writer: true },
    description: 'Removes alerts, numbers and/or evidence (by id) from an open case.',
    args: {
      id: t.arg.globalID({ required: true }),
      alertIds: t.arg.globalIDList(),
      numbers: t.arg.stringList(),
      evidenceIds: t.arg.idList(),
    },
    errors: { types: [...CASE_ERRORS, InvalidNumberError] },
    resolve: (_root, args, context) =>
      context.app.cases.remove(auditActorOf(context), caseIdOf(args.id), {
        alertIds: alertIdsOf(args.alertIds),
        numbers: args.numbers,
        evidenceIds: (args.evidenceIds ?? []).map(String),
      }),
  }),
);

const CaseUpdateRef = builder.objectRef<CaseUpdate>('CaseUpdate').implement({
  description: 'A change to a case.',
  fields: (t) => ({
    caseId: t.globalID({ resolve: (update) => ({ type: 'Case', id: update.caseId }) }),
    kind: t.string({
      description: 'CREATED or a CaseEventKind (NOTE, STATUS, ASSIGNED, ...)',
      resolve: (update) => update.kind,
    }),
    actor: t.string({
      description: 'Who; for roles other than ADMIN and AUDITOR an account shows as `account:<display name>`',
      deprecationReason: 'Use by',
      resolve: (update, _args, context) => actorShownTo(update.actor, context),
    }),
    by: personField(t, 'Who', (update) => update.actor),
    at: t.expose('at', { type: 'DateTime' }),
    case: t.field({
      type: CaseRef,
      nullable: true,
      complexity: COST.lookup,
      resolve: (update) => update.caseId,
    }),
  }),
});

builder.subscriptionField('caseUpdated', (t) =>
  t.field({
    type: CaseUpdateRef,
    authScopes: { analyst: true },
    description: 'Changes to cases as they happen (one case with `caseId`), on every instance.',
    args: { caseId: t.arg.globalID() },
    subscribe: (_root, args, context) => {
      const only = args.caseId?.id ?? null;
      return pipe(
        context.app.pubsub.subscribe('caseUpdated'),
        filter((update: CaseUpdate) => only === null || update.caseId === only),
      );
    },
    resolve: (update) => update,
  }),
);

builder.objectField(AlertRef, 'case', (t) =>
  t.loadable({
    type: CaseRef,
    nullable: true,
    authScopes: { analyst: true },
    complexity: COST.lookup,
    description: 'The case this alert is being worked in, if any.',
    load: async (alertIds: string[], context) => {
      const links = await context.app.db.caseAlert.findMany({
        where: { alertId: { in: alertIds } },
        select: { alertId: true, case: true },
      });
      return byKey(alertIds, links, (link) => link.alertId).map((link) => link?.case ?? null);
    },
    loaderOptions: batchOnly,
    resolve: (alert) => alert.id,
  }),
);
