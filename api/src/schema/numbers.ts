import { builder } from '../builder';
import { recordAudit } from '../services/audit';
import { ReadOnlyError } from '../services/auth-errors';
import { RateLimitError, ValidationError } from '../services/errors';
import { recordLookup } from '../services/lookups';
import { checkNumber, type NumberCheck, type Reason, reportNumber } from '../services/numbers';
import { InvalidNumberError } from '../services/phone-numbers';
import { CampaignRef } from './campaigns';
import { FraudCategoryEnum, VerdictEnum } from './common';

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

export const NumberCheckRef = builder.objectRef<NumberCheck>('NumberCheck').implement({
  fields: (t) => ({
    number: t.exposeString('number', { description: 'E.164' }),
    nationalFormat: t.exposeString('nationalFormat'),
    verdict: t.field({ type: VerdictEnum, resolve: (check) => check.verdict }),
    riskScore: t.exposeFloat('riskScore', {
      nullable: true,
      description: '0–100; null when the model has not scored this number yet and nobody reported it.',
    }),
    scored: t.exposeBoolean('scored', { description: 'True once the model has scored this number.' }),
    category: t.field({ type: FraudCategoryEnum, nullable: true, resolve: (check) => check.category }),
    reportCount: t.exposeInt('reportCount'),
    carrier: t.exposeString('carrier', { nullable: true }),
    region: t.exposeString('region', { nullable: true }),
    lineType: t.exposeString('lineType', { nullable: true }),
    firstSeen: t.expose('firstSeen', { type: 'DateTime', nullable: true }),
    lastSeen: t.expose('lastSeen', { type: 'DateTime', nullable: true }),
    campaign: t.field({ type: CampaignRef, nullable: true, resolve: (check) => check.campaign }),
    reasons: t.field({ type: [ReasonRef], resolve: (check) => check.reasons }),
    modelVersion: t.exposeString('modelVersion', { nullable: true }),
  }),
});

interface ReportShape {
  id: string;
  number: string;
  category: NumberCheck['category'] & string;
  description: string | null;
  createdAt: Date;
}

const ReportRef = builder.objectRef<ReportShape>('Report').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    category: t.field({ type: FraudCategoryEnum, resolve: (report) => report.category }),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ReportNumberPayload = builder
  .objectRef<{ report: ReportShape; check: NumberCheck }>('ReportNumberPayload')
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

builder.queryField('checkNumber', (t) =>
  t.field({
    type: NumberCheckRef,
    description: 'Is this number safe? Verdict, risk, reports, campaign and the reasons behind the score.',
    args: { number: t.arg.string({ required: true }) },
    errors: { types: [InvalidNumberError] },
    resolve: async (_root, args, context) => {
      const check = await checkNumber(context.app.db, args.number, context.app.explain);
      await recordLookup(context.app.db, context.viewer, check);
      return check;
    },
  }),
);

builder.mutationField('reportNumber', (t) =>
  t.field({
    type: ReportNumberPayload,
    description: 'Report a number that tried to defraud you. Counted in checkNumber’s report count and risk.',
    args: { input: t.arg({ type: ReportNumberInput, required: true }) },
    errors: { types: [InvalidNumberError, ValidationError, RateLimitError] },
    resolve: async (_root, { input }, context) => {
      const { app, viewer } = context;
      if (viewer.role === 'AUDITOR') throw new ReadOnlyError();
      if (viewer.role === 'ANONYMOUS') app.anonymousMutations.take(viewer.actor);
      const reported = await reportNumber(app.db, app.alerts, input, {
        reporter: viewer.keyId ?? viewer.accountId ?? viewer.actor,
        descriptionMax: app.config.REPORT_DESCRIPTION_MAX,
      });
      await recordAudit(context, {
        action: 'report.create',
        targetType: 'Report',
        targetId: reported.report.id,
        after: { number: reported.report.number, category: reported.report.category },
      });
      return reported;
    },
  }),
);
