// "Is this number safe?" and citizens' reports.
import { z } from 'zod';
import type { Db } from '../db';
import type { Campaign, FraudCategory, Prisma, Report, Verdict } from '../generated/prisma/client';
import type { AlertRaiser } from './alerts';
import { ValidationError } from './errors';
import { parseNumber } from './phone-numbers';
import { combinedRisk, DANGEROUS_AT, verdictFor } from './risk';

export interface Reason {
  feature: string;
  label: string;
  value: number;
  contribution: number;
  text: string;
}

export interface NumberCheck {
  number: string;
  nationalFormat: string;
  verdict: Verdict;
  riskScore: number | null;
  scored: boolean;
  category: FraudCategory | null;
  reportCount: number;
  carrier: string | null;
  region: string | null;
  lineType: string | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
  campaign: Campaign | null;
  reasons: Reason[];
  modelVersion: string | null;
}

const reasonSchema = z.array(
  z.object({
    feature: z.string(),
    label: z.string(),
    value: z.number(),
    contribution: z.number(),
    text: z.string(),
  }),
);

export function parseReasons(json: Prisma.JsonValue | null): Reason[] {
  const parsed = reasonSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Throws InvalidNumberError for input that is not a phone number. */
/** Explains a stored score with the model that made it; null when it cannot (another model). */
export type NumberExplainer = (phone: {
  features: Prisma.JsonValue | null;
  modelVersion: string | null;
  riskScore: number | null;
}) => Reason[] | null;

export async function checkNumber(db: Db, input: string, explain?: NumberExplainer): Promise<NumberCheck> {
  const parsed = parseNumber(input);
  const [phone, reportCount, membership, topCategory] = await Promise.all([
    db.phoneNumber.findUnique({ where: { number: parsed.e164 } }),
    db.report.count({ where: { number: parsed.e164 } }),
    db.campaignMember.findFirst({
      where: { number: parsed.e164 },
      orderBy: { campaign: { lastSeen: 'desc' } },
      include: { campaign: true },
    }),
    db.report.groupBy({
      by: ['category'],
      where: { number: parsed.e164 },
      _count: { category: true },
      orderBy: { _count: { category: 'desc' } },
      take: 1,
    }),
  ]);
  const risk = combinedRisk(phone?.riskScore ?? null, reportCount);
  return {
    number: parsed.e164,
    nationalFormat: parsed.nationalFormat,
    verdict: verdictFor(risk),
    riskScore: risk == null ? null : round1(risk),
    scored: phone?.riskScore != null,
    category: phone?.category ?? topCategory[0]?.category ?? null,
    reportCount,
    carrier: phone?.carrier ?? null,
    region: phone?.region ?? null,
    lineType: phone?.lineType ?? parsed.lineType,
    firstSeen: phone?.firstSeen ?? null,
    lastSeen: phone?.lastSeen ?? null,
    campaign: membership?.campaign ?? null,
    reasons: (phone && explain?.(phone)) ?? parseReasons(phone?.reasons ?? null),
    modelVersion: phone?.modelVersion ?? null,
  };
}

export interface ReportInput {
  number: string;
  category: FraudCategory;
  description?: string | null;
}

/** Reports at which a number gets an alert: the third report makes it DANGEROUS. */
const REPORTS_FOR_ALERT = 3;

export async function reportNumber(
  db: Db,
  alerts: AlertRaiser,
  input: ReportInput,
  options: { reporter: string; descriptionMax: number },
): Promise<{ report: Report; check: NumberCheck }> {
  const parsed = parseNumber(input.number);
  const description = input.description?.trim() || null;
  if (description && description.length > options.descriptionMax) {
    throw new ValidationError(`The description is longer than ${options.descriptionMax} characters`, [
      { path: 'input.description', message: `at most ${options.descriptionMax} characters` },
    ]);
  }
  const report = await db.$transaction(async (tx) => {
    await tx.phoneNumber.upsert({
      where: { number: parsed.e164 },
      create: { number: parsed.e164, lineType: parsed.lineType },
      update: {},
    });
    return tx.report.create({
      data: { number: parsed.e164, category: input.category, description, reporter: options.reporter },
    });
  });
  const check = await checkNumber(db, parsed.e164);
  if (check.reportCount >= REPORTS_FOR_ALERT && (check.riskScore ?? 0) >= DANGEROUS_AT) {
    await alerts.raise({
      kind: 'REPORTED_NUMBER',
      severity: check.reportCount >= 10 ? 'CRITICAL' : 'HIGH',
      title: `${parsed.e164} reported ${check.reportCount} times`,
      message: `Citizens reported ${parsed.e164} as ${input.category.replace('_', ' ').toLowerCase()} fraud ${check.reportCount} times.`,
      number: parsed.e164,
      dedupeKey: `reported:${parsed.e164}`,
    });
  }
  return { report, check };
}
