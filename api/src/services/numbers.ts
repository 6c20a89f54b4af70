// "Is this number safe?" and citizens' reports.
import { z } from 'zod';
import type { Alerts } from '../alerts';
import type { Db } from '../db';
import type {
  Campaign,
  FraudCategory,
  Prisma,
  Report,
  ReporterKind,
  Verdict,
} from '../generated/prisma/client';
import { NotFoundError, ValidationError } from './errors';
import type { ListMatcher, MatchedEntry } from './list-matcher';
import { decidingEntry } from './list-matcher';
import { parseNumber } from './phone-numbers';
import { combinedRisk, numberVerdict, reportRisk, type VerdictSource } from './risk';

export interface Reason {
  feature: string;
  label: string;
  value: number;
  contribution: number;
  text: string;
}

export interface ReportBreakdown {
  /** Distinct reporters (each counts once per number). */
  reporters: number;
  byCategory: { category: FraudCategory; reporters: number }[];
  last24Hours: number;
  last7Days: number;
  last30Days: number;
  anonymous: number;
  /** Reporters with an API key that is not a bank's or operator's (e.g. an analyst's). */
  untrustedKeys: number;
  /** Reporters with a live OPERATOR or ADMIN key (banks, operators). */
  trustedKeys: number;
  /** Reports an analyst verified, whoever made them. */
  verified: number;
  /** Trusted keys and verified reports: the reporters that can make a number DANGEROUS. */
  trusted: number;
  trustedNeeded: number;
  /** What the reports alone say. */
  risk: number | null;
  verdict: Verdict;
}

export interface NumberCheck {
  number: string;
  nationalFormat: string;
  verdict: Verdict;
  verdictSource: VerdictSource;
  riskScore: number | null;
  scored: boolean;
  /** The model's own risk, without the reports. */
  modelRiskScore: number | null;
  category: FraudCategory | null;
  reportCount: number;
  reports: ReportBreakdown;
  carrier: string | null;
  region: string | null;
  lineType: string | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
  campaign: Campaign | null;
  reasons: Reason[];
  modelVersion: string | null;
  /** List entries covering the number, the deciding one first (shown before the model's evidence). */
  listEntries: MatchedEntry[];
  /** Every reason (the model's view of every feature), computed when asked for. */
  allReasons?: () => Reason[] | null;
  /** What is known about the number, and so what is not. */
  known: KnownAboutNumber;
}

export interface KnownAboutNumber {
  /** Calls from or to it the platform has stored a record of (PhoneNumber.callCount). */
  callsSeen: number;
  /** The model has scored its calls (it needs a few calls first). */
  scored: boolean;
  /** Distinct reporters. */
  reports: number;
  /** Live list entries covering it. */
  listEntries: number;
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

/** Explains a stored score with the model that made it; null when it cannot (another model). */
export type NumberExplainer = (
  phone: {
    features: Prisma.JsonValue | null;
    modelVersion: string | null;
    riskScore: number | null;
  },
  options?: { all: boolean },
) => Reason[] | null;

export interface CheckOptions {
  explain?: NumberExplainer;
  /** This instance's view of the allow and block lists. */
  lists?: ListMatcher;
  /** Every reason rather than the top few. */
  allReasons?: boolean;
  /** Distinct trusted reporters it takes for reports to make a number DANGEROUS. */
  trustedReportersNeeded: number;
}

const DAY_MS = 86_400_000;

/** One pass over a number's reports; trust is judged now (a revoked key no longer counts). */
async function reportBreakdown(db: Db, number: string, trustedNeeded: number): Promise<ReportBreakdown> {
  const now = Date.now();
  const [rows, byCategory] = await Promise.all([
    db.$queryRaw<
      {
        reporters: number;
        last24: number;
        last7: number;
        last30: number;
        anonymous: number;
        untrusted_keys: number;
        trusted_keys: number;
        verified: number;
        trusted: number;
      }[]
    >`
      SELECT count(*)::int AS reporters,
        count(*) FILTER (WHERE r."updatedAt" >= ${new Date(now - DAY_MS)})::int AS last24,
        count(*) FILTER (WHERE r."updatedAt" >= ${new Date(now - 7 * DAY_MS)})::int AS last7,
        count(*) FILTER (WHERE r."updatedAt" >= ${new Date(now - 30 * DAY_MS)})::int AS last30,
        count(*) FILTER (WHERE r."reporterKind" = 'ANONYMOUS')::int AS anonymous,
        count(*) FILTER (WHERE r."reporterKind" <> 'ANONYMOUS' AND k."id" IS NULL)::int AS untrusted_keys,
        count(*) FILTER (WHERE k."id" IS NOT NULL)::int AS trusted_keys,
        count(*) FILTER (WHERE r."verifiedAt" IS NOT NULL)::int AS verified,
        count(*) FILTER (WHERE k."id" IS NOT NULL OR r."verifiedAt" IS NOT NULL)::int AS trusted
      FROM "Report" r
      LEFT JOIN "ApiKey" k ON r."reporterKind" = 'KEY' AND k."id" = r."reporter"
        AND k."role" IN ('OPERATOR', 'ADMIN') AND k."revokedAt" IS NULL
      WHERE r."number" = ${number}`,
    db.report.groupBy({
      by: ['category'],
      where: { number },
      _count: { category: true },
      orderBy: [{ _count: { category: 'desc' } }, { category: 'asc' }],
    }),
  ]);
  const row = rows[0];
  const tally = { reporters: row?.reporters ?? 0, trusted: row?.trusted ?? 0 };
  const risk = reportRisk(tally, trustedNeeded);
  return {
    reporters: tally.reporters,
    byCategory: byCategory.map((group) => ({ category: group.category, reporters: group._count.category })),
    last24Hours: row?.last24 ?? 0,
    last7Days: row?.last7 ?? 0,
    last30Days: row?.last30 ?? 0,
    anonymous: row?.anonymous ?? 0,
    untrustedKeys: row?.untrusted_keys ?? 0,
    trustedKeys: row?.trusted_keys ?? 0,
    verified: row?.verified ?? 0,
    trusted: tally.trusted,
    trustedNeeded,
    risk,
    verdict: numberVerdict(risk),
  };
}

/** Throws InvalidNumberError for input that is not a phone number. */
export async function checkNumber(db: Db, input: string, options: CheckOptions): Promise<NumberCheck> {
  const parsed = parseNumber(input);
  const [phone, reports, membership] = await Promise.all([
    db.phoneNumber.findUnique({ where: { number: parsed.e164 } }),
    reportBreakdown(db, parsed.e164, options.trustedReportersNeeded),
    db.campaignMember.findFirst({
      where: { number: parsed.e164 },
      orderBy: { campaign: { lastSeen: 'desc' } },
      include: { campaign: true },
    }),
  ]);
  const modelRisk = phone?.riskScore ?? null;
  const { risk, source } = combinedRisk(modelRisk, reports.risk);
  const listEntries = options.lists?.matches(parsed.e164) ?? [];
  const deciding = listEntries.length ? decidingEntry(listEntries, parsed.e164) : null;
  const listed = deciding ? [deciding, ...listEntries.filter((entry) => entry !== deciding)] : [];
  return {
    number: parsed.e164,
    nationalFormat: parsed.nationalFormat,
    // A list entry is a person's decision: it comes before the model and the reports.
    verdict: deciding ? (deciding.kind === 'BLOCK' ? 'DANGEROUS' : 'SAFE') : numberVerdict(risk),
    verdictSource: deciding ? 'LIST' : source,
    riskScore: risk == null ? null : round1(risk),
    scored: modelRisk != null,
    modelRiskScore: modelRisk == null ? null : round1(modelRisk),
    category: phone?.category ?? reports.byCategory[0]?.category ?? null,
    reportCount: reports.reporters,
    reports,
    carrier: phone?.carrier ?? null,
    region: phone?.region ?? null,
    lineType: phone?.lineType ?? parsed.lineType,
    firstSeen: phone?.firstSeen ?? null,
    lastSeen: phone?.lastSeen ?? null,
    campaign: membership?.campaign ?? null,
    reasons:
      (phone && options.explain?.(phone, { all: options.allReasons ?? false })) ??
      parseReasons(phone?.reasons ?? null),
    modelVersion: phone?.modelVersion ?? null,
    allReasons: phone && options.explain ? () => options.explain?.(phone, { all: true }) ?? null : undefined,
    listEntries: listed,
    known: {
      callsSeen: phone?.callCount ?? 0,
      scored: modelRisk != null,
      reports: reports.reporters,
      listEntries: listed.length,
    },
  };
}

export interface ReportInput {
  number: string;
  category: FraudCategory;
  description?: string | null;
}

/** Who reports: an API key (trusted when a bank's or operator's) or an anonymous client. */
export interface Reporter {
  id: string;
  kind: ReporterKind;
  trusted: boolean;
}

/** RECORDED: a new reporter counted; UPDATED: this reporter had reported the number already. */
export type ReportOutcome = 'RECORDED' | 'UPDATED';

export async function reportNumber(
  db: Db,
  alerts: Alerts,
  input: ReportInput,
  options: { reporter: Reporter; descriptionMax: number; trustedReportersNeeded: number },
): Promise<{ report: Report; check: NumberCheck; outcome: ReportOutcome }> {
  const parsed = parseNumber(input.number);
  const description = input.description?.trim() || null;
  if (description && description.length > options.descriptionMax) {
    throw new ValidationError(`The description is longer than ${options.descriptionMax} characters`, [
      { path: 'input.description', message: `at most ${options.descriptionMax} characters` },
    ]);
  }
  const { reporter } = options;
  await db.phoneNumber.upsert({
    where: { number: parsed.e164 },
    create: { number: parsed.e164, lineType: parsed.lineType },
    update: {},
  });
  const key = { number: parsed.e164, reporter: reporter.id };
  const existing = await db.report.findUnique({ where: { number_reporter: key } });
  let outcome: ReportOutcome = existing ? 'UPDATED' : 'RECORDED';
  let report: Report;
  if (existing) {
    report = await updateReport(db, existing, input.category, description, reporter);
  } else {
    try {
      report = await db.report.create({
        data: {
          ...key,
          category: input.category,
          description,
          reporterKind: reporter.kind,
          trustedReporter: reporter.trusted,
        },
      });
    } catch (error) {
      // The same reporter's concurrent report won the insert: this one updates it.
      if (!isUniqueViolation(error)) throw error;
      const winner = await db.report.findUniqueOrThrow({ where: { number_reporter: key } });
      report = await updateReport(db, winner, input.category, description, reporter);
      outcome = 'UPDATED';
    }
  }
  const check = await checkNumber(db, parsed.e164, {
    trustedReportersNeeded: options.trustedReportersNeeded,
  });
  await alerts.consider('reportsChanged', check);
  return { report, check, outcome };
}

/** A reporter's repeated report replaces its earlier one; a changed report needs verifying again. */
function updateReport(
  db: Db,
  existing: Report,
  category: FraudCategory,
  description: string | null,
  reporter: Reporter,
): Promise<Report> {
  const changed = existing.category !== category || existing.description !== description;
  return db.report.update({
    where: { id: existing.id },
    data: {
      category,
      description,
      trustedReporter: reporter.trusted,
      updatedAt: new Date(),
      ...(changed ? { verifiedAt: null, verifiedBy: null } : {}),
    },
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/** An analyst vouches for a report: its reporter now counts as trusted for the number. */
export async function verifyReport(
  db: Db,
  alerts: Alerts,
  id: string,
  options: { analyst: string; trustedReportersNeeded: number },
): Promise<{ report: Report; check: NumberCheck }> {
  const existing = id.length <= 64 ? await db.report.findUnique({ where: { id } }) : null;
  if (!existing) throw new NotFoundError('Report', id);
  const report = existing.verifiedAt
    ? existing
    : await db.report.update({
        where: { id },
        data: { verifiedAt: new Date(), verifiedBy: options.analyst },
      });
  const check = await checkNumber(db, report.number, {
    trustedReportersNeeded: options.trustedReportersNeeded,
  });
  await alerts.consider('reportsChanged', check);
  return { report, check };
}

/** A number's reports for review, newest first. */
export function listReports(db: Db, input: string, take: number): Promise<Report[]> {
  const parsed = parseNumber(input);
  return db.report.findMany({
    where: { number: parsed.e164 },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    take,
  });
}
