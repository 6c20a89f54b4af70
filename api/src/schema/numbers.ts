import { builder } from '../builder';
import type { Context } from '../context';
import type { Report } from '../generated/prisma/client';
import { ReporterKind } from '../generated/prisma/enums';
import { COST } from '../guard/field-costs';
import { anonymousClientId } from '../services/anonymous-client';
import { appendAuditIn, auditActorOf, auditIn } from '../services/audit';
import { ReadOnlyError } from '../services/auth-errors';
import { NotFoundError, RateLimitError, ValidationError } from '../services/errors';
import { recordReportLabel } from '../services/labels';
import {
  checkNumber,
  listReports,
  type NumberCheck,
  type Reason,
  type ReportBreakdown,
  type Reporter,
  reportNumber,
  verifyReport,
} from '../services/numbers';
import { InvalidNumberError } from '../services/phone-numbers';
import { CampaignRef } from './campaigns';
import { FraudCategoryEnum, VerdictEnum } from './common';
import { ListMatchRef } from './lists';
import { clampCount, countArg, pageSize } from './pages';

const REPORTS_PAGE = pageSize(50, 500);

export const ReasonRef = builder.objectRef<Reason>('Reason').implement({
  fields: (t) => ({
    feature: t.exposeString('feature'),
    label: t.exposeString('label'),
    value: t.exposeFloat('value'),
    contribution: t.exposeFloat('contribution', {
      description: 'SHAP contribution on the path-length scale; positive pushes towards risky.',
    }),
    text: t.exposeString('text'),
  }),
});

const VerdictSourceEnum = builder.enumType('VerdictSource', {
  description: 'The evidence a verdict rests on.',
  values: {
    LIST: {
      description:
        'An allow or block list entry (see listEntries): a person’s decision, before the model and reports.',
    },
    MODEL: { description: 'The model’s score of the number’s calls (see reasons).' },
    REPORTS: { description: 'Reports (see reports); only trusted reporters can make a number DANGEROUS.' },
    NONE: { description: 'No evidence at all: the verdict is UNKNOWN (see known).' },
  } as const,
});

const ReporterKindEnum = builder.enumType(ReporterKind, { name: 'ReporterKind' });

const ReportOutcomeEnum = builder.enumType('ReportOutcome', {
  values: {
    RECORDED: { description: 'A new reporter of this number: counted once.' },
    UPDATED: {
      description:
        'This reporter had reported the number already: the report was updated, not counted again.',
    },
  } as const,
});

const CategoryReportsRef = builder
  .objectRef<ReportBreakdown['byCategory'][number]>('CategoryReports')
  .implement({
    fields: (t) => ({
      category: t.field({ type: FraudCategoryEnum, resolve: (entry) => entry.category }),
      reporters: t.exposeInt('reporters'),
    }),
  });

const ReportBreakdownRef = builder.objectRef<ReportBreakdown>('ReportBreakdown').implement({
  description:
    'Who reported a number, separately from the model’s evidence. Each reporter (an API key, or an anonymous client by address) counts once.',
  fields: (t) => ({
    reporters: t.exposeInt('reporters', { description: 'Distinct reporters.' }),
    byCategory: t.field({
      type: [CategoryReportsRef],
      description: 'Most reported category first.',
      resolve: (breakdown) => breakdown.byCategory,
    }),
    last24Hours: t.exposeInt('last24Hours', {
      description: 'Reporters whose latest report is under 24 h old.',
    }),
    last7Days: t.exposeInt('last7Days'),
    last30Days: t.exposeInt('last30Days'),
    anonymous: t.exposeInt('anonymous', { description: 'Reporters without an API key.' }),
    untrustedKeys: t.exposeInt('untrustedKeys', {
      description: 'Reporters with an API key that is not a bank’s or operator’s (below OPERATOR).',
    }),
    trustedKeys: t.exposeInt('trustedKeys', {
      description: 'Reporters with a live OPERATOR or ADMIN key (banks, operators).',
    }),
    verified: t.exposeInt('verified', { description: 'Reports an analyst verified, whoever made them.' }),
    trusted: t.exposeInt('trusted', {
      description:
        'Trusted keys and verified reports: the reporters that count towards a DANGEROUS verdict. The others can make a number SUSPICIOUS at most.',
    }),
    trustedNeeded: t.exposeInt('trustedNeeded', {
      description: 'Trusted reporters it takes for reports alone to make a number DANGEROUS.',
    }),
    riskScore: t.float({
      nullable: true,
      description: 'What the reports alone make of the number (0–100); null without reports.',
      resolve: (breakdown) => breakdown.risk,
    }),
    verdict: t.field({
      type: VerdictEnum,
      description: 'The verdict the reports alone would give.',
      resolve: (breakdown) => breakdown.verdict,
    }),
  }),
});

const KnownRef = builder.objectRef<NumberCheck['known']>('KnownAboutNumber').implement({
  description: 'What the platform knows about a number, and so what it does not.',
  fields: (t) => ({
    callsSeen: t.exposeInt('callsSeen', {
      description: 'Stored calls of the number (0: never seen calling).',
    }),
    scored: t.exposeBoolean('scored', {
      description: 'The model has scored its calls (it needs a few calls in its window first).',
    }),
    reports: t.exposeInt('reports', { description: 'Distinct reporters.' }),
    listEntries: t.exposeInt('listEntries', { description: 'Live allow/block list entries covering it.' }),
  }),
});

export const NumberCheckRef = builder.objectRef<NumberCheck>('NumberCheck').implement({
  fields: (t) => ({
    number: t.exposeString('number', { description: 'E.164' }),
    nationalFormat: t.exposeString('nationalFormat'),
    verdict: t.field({ type: VerdictEnum, resolve: (check) => check.verdict }),
    verdictSource: t.field({
      type: VerdictSourceEnum,
      description:
        'Whether the verdict and risk come from the model or from reports (the higher of the two).',
      resolve: (check) => check.verdictSource,
    }),
    riskScore: t.exposeFloat('riskScore', {
      nullable: true,
      description: '0–100; null when the model has not scored this number yet and nobody reported it.',
    }),
    scored: t.exposeBoolean('scored', { description: 'True once the model has scored this number.' }),
    modelRiskScore: t.exposeFloat('modelRiskScore', {
      nullable: true,
      description: 'The model’s own risk (0–100), without the reports; null when not scored.',
    }),
    category: t.field({ type: FraudCategoryEnum, nullable: true, resolve: (check) => check.category }),
    reportCount: t.exposeInt('reportCount', { description: 'Distinct reporters (each counts once).' }),
    reports: t.field({ type: ReportBreakdownRef, resolve: (check) => check.reports }),
    callsInWindow: t.int({
      description:
        'Calls from this number in the live scorer’s feature window on this API instance (the sliding window the model scores a caller on; its length is callsWindowHours, counted back from the newest call seen). 0 when the number has not called lately.',
      resolve: (check, _args, context) => context.app.liveScorer.store.callCount(check.number),
    }),
    callsWindowHours: t.float({
      description: 'Length of the feature window callsInWindow counts over, in hours.',
      resolve: (_check, _args, context) => context.app.liveScorer.store.windowMs / 3_600_000,
    }),
    carrier: t.exposeString('carrier', { nullable: true }),
    region: t.exposeString('region', { nullable: true }),
    lineType: t.exposeString('lineType', { nullable: true }),
    firstSeen: t.expose('firstSeen', { type: 'DateTime', nullable: true }),
    lastSeen: t.expose('lastSeen', { type: 'DateTime', nullable: true }),
    campaign: t.field({ type: CampaignRef, nullable: true, resolve: (check) => check.campaign }),
    reasons: t.field({
      type: [ReasonRef],
      description:
        'Why the model scored the number as it did (the model’s evidence only), SAFE numbers included: the top reasons, or with all: true every feature, most risky first.',
      args: { all: t.arg.boolean({ defaultValue: false }) },
      resolve: (check, args) => (args.all ? (check.allReasons?.() ?? check.reasons) : check.reasons),
    }),
    listEntries: t.field({
      type: [ListMatchRef],
      description:
        'Allow/block list entries covering the number, the deciding one first (before the model’s evidence).',
      resolve: (check) => check.listEntries,
    }),
    known: t.field({ type: KnownRef, resolve: (check) => check.known }),
    modelVersion: t.exposeString('modelVersion', { nullable: true }),
  }),
});

const ReportRef = builder.objectRef<Report>('Report').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    category: t.field({ type: FraudCategoryEnum, resolve: (report) => report.category }),
    description: t.exposeString('description', { nullable: true }),
    reporterKind: t.field({ type: ReporterKindEnum, resolve: (report) => report.reporterKind }),
    reporter: t.exposeString('reporter', {
      authScopes: { analyst: true },
      description: 'The reporting API key’s id, or "anonymous:<client address>".',
    }),
    trustedReporter: t.exposeBoolean('trustedReporter', {
      description: 'Made with a bank’s or operator’s key (OPERATOR or above).',
    }),
    verified: t.boolean({ resolve: (report) => report.verifiedAt !== null }),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'The reporter’s latest report of it.',
    }),
  }),
});

const ReportNumberPayload = builder
  .objectRef<{ report: Report; check: NumberCheck; outcome: 'RECORDED' | 'UPDATED' }>('ReportNumberPayload')
  .implement({
    fields: (t) => ({
      outcome: t.field({ type: ReportOutcomeEnum, resolve: (payload) => payload.outcome }),
      report: t.field({ type: ReportRef, resolve: (payload) => payload.report }),
      check: t.field({ type: NumberCheckRef, resolve: (payload) => payload.check }),
    }),
  });

const VerifyReportPayload = builder
  .objectRef<{ report: Report; check: NumberCheck }>('VerifyReportPayload')
  .implement({
    fields: (t) => ({
      report: t.field({ type: ReportRef, resolve: (payload) => payload.report }),
      check: t.field({ type: NumberCheckRef, resolve: (payload) => payload.check }),
    }),
  });

const ReportNumberInput = builder.inputType('ReportNumberInput', {
  fields: (t) => ({
    number: t.string({ required: true }),
    category: t.field({ type: FraudCategoryEnum, required: true }),
    description: t.string({ description: 'At most 1000 characters by default (REPORT_DESCRIPTION_MAX).' }),
  }),
});

/** Anonymous lookups are counted per client, each checkNumber field (alias) by itself. */
async function countAnonymousLookup(context: Context): Promise<void> {
  if (context.viewer.role === 'ANONYMOUS') {
    await context.app.anonymousChecks.consume(anonymousClientId(context.viewer.actor));
  }
}

function reporterOf({ viewer }: Context): Reporter {
  if (viewer.keyId) {
    return { id: viewer.keyId, kind: 'KEY', trusted: viewer.role === 'OPERATOR' || viewer.role === 'ADMIN' };
  }
  // A person at the desk counts once, as themselves; their reports weigh like any untrusted
  // reporter's until an analyst verifies them.
  if (viewer.accountId) return { id: `account:${viewer.accountId}`, kind: 'ACCOUNT', trusted: false };
  return { id: anonymousClientId(viewer.actor), kind: 'ANONYMOUS', trusted: false };
}

builder.queryField('checkNumber', (t) =>
  t.field({
    type: NumberCheckRef,
    description:
      'Is this number safe? Verdict (and which evidence it rests on), risk, the model’s reasons and the reports, separately. Without an API key, each checkNumber field counts against ANON_CHECKS_PER_MINUTE.',
    args: { number: t.arg.string({ required: true }) },
    authScopes: { unrestricted: true },
    errors: { types: [InvalidNumberError, RateLimitError] },
    complexity: COST.lookup,
    resolve: async (_root, args, context) => {
      await countAnonymousLookup(context);
      const check = await checkNumber(context.app.db, args.number, {
        explain: context.app.explain,
        lists: context.app.lists.matcher,
        trustedReportersNeeded: context.app.config.TRUSTED_REPORTERS_NEEDED,
      });
      // What a signed-in person or a key checked, and the verdict they were given.
      await context.app.lookups.record(context.viewer, check);
      return check;
    },
  }),
);

builder.queryField('numberReports', (t) =>
  t.field({
    type: [ReportRef],
    authScopes: { analyst: true },
    description: 'A number’s reports with their reporters, latest first, for review (verifyReport).',
    args: { number: t.arg.string({ required: true }), first: t.arg.int(countArg(REPORTS_PAGE)) },
    errors: { types: [InvalidNumberError] },
    complexity: COST.page,
    resolve: (_root, args, context) =>
      listReports(context.app.db, args.number, clampCount(args.first, REPORTS_PAGE)),
  }),
);

builder.mutationField('reportNumber', (t) =>
  t.field({
    type: ReportNumberPayload,
    description:
      'Report a number that tried to defraud you. Each reporter counts once per number; a repeated report updates the earlier one. Reports alone make a number DANGEROUS only when enough trusted reporters agree.',
    args: { input: t.arg({ type: ReportNumberInput, required: true }) },
    authScopes: { unrestricted: true },
    errors: { types: [InvalidNumberError, ValidationError, RateLimitError] },
    resolve: async (_root, { input }, context) => {
      const { app, viewer } = context;
      if (viewer.role === 'AUDITOR') throw new ReadOnlyError();
      if (viewer.role === 'ANONYMOUS') await app.anonymousMutations.consume(viewer.actor);
      // The payload answers a lookup of the number too.
      await countAnonymousLookup(context);
      const reported = await reportNumber(
        app.db,
        app.alerts,
        input,
        {
          reporter: reporterOf(context),
          descriptionMax: app.config.REPORT_DESCRIPTION_MAX,
          trustedReportersNeeded: app.config.TRUSTED_REPORTERS_NEEDED,
        },
        auditIn(auditActorOf(context), (report) => ({
          action: 'report.create',
          targetType: 'Report',
          targetId: report.id,
          after: { number: report.number, category: report.category },
        })),
      );
      return reported;
    },
  }),
);

builder.mutationField('verifyReport', (t) =>
  t.field({
    type: VerifyReportPayload,
    // A change: not for the read-only AUDITOR (a verified report can make a number DANGEROUS).
    authScopes: { writer: true },
    description:
      'An analyst vouches for a report (its id from numberReports): its reporter then counts as trusted for the number.',
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [NotFoundError] },
    resolve: async (_root, args, context) => {
      return verifyReport(
        context.app.db,
        context.app.alerts,
        String(args.id),
        {
          analyst: context.viewer.actor,
          trustedReportersNeeded: context.app.config.TRUSTED_REPORTERS_NEEDED,
        },
        // The label and its entry commit with the verification, or none of them does.
        async (tx, report) => {
          const label = await recordReportLabel(tx, report, context.viewer.actor);
          if (label) {
            await appendAuditIn(tx, auditActorOf(context), {
              action: 'label.record',
              targetType: 'Report',
              targetId: report.id,
              after: { number: label.number, label: label.label, source: label.source },
            });
          }
        },
      );
    },
  }),
);
