// "Is this number safe?" and citizens' reports.
import pg, { type CustomTypesConfig } from 'pg';
import { z } from 'zod';
import type { Alerts } from '../alerts';
import { type Db, queryPrepared } from '../db';
import type {
  Campaign,
  FraudCategory,
  PhoneNumber,
  Prisma,
  Report,
  ReporterKind,
  Verdict,
} from '../generated/prisma/client';
import { AUDITED_TRANSACTION, type InTransaction, type Tx } from './audit';
import { NotFoundError, ValidationError } from './errors';
import type { ListMatcher, MatchedEntry } from './list-matcher';
import { decidingEntry, listVerdict } from './list-matcher';
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

/** The columns of PhoneNumber a check reads (null: never seen). */
type StoredNumber = Pick<
  PhoneNumber,
  | 'riskScore'
  | 'category'
  | 'carrier'
  | 'region'
  | 'lineType'
  | 'firstSeen'
  | 'lastSeen'
  | 'callCount'
  | 'features'
  | 'reasons'
  | 'modelVersion'
>;

interface CheckRow {
  /** Set when the PhoneNumber row exists. */
  known: string | null;
  riskScore: number | null;
  category: FraudCategory | null;
  carrier: string | null;
  region: string | null;
  lineType: string | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
  callCount: number | null;
  features: Prisma.JsonValue | null;
  reasons: Prisma.JsonValue | null;
  modelVersion: string | null;
  reporters: number;
  last24: number;
  last7: number;
  last30: number;
  anonymous: number;
  untrusted_keys: number;
  trusted_keys: number;
  verified: number;
  trusted: number;
  by_category: { category: FraudCategory; reporters: number }[];
  campaign_id: string | null;
}

/** PostgreSQL's type id of TIMESTAMP, which readNumber parses itself. */
const TIMESTAMP_OID = 1114;

/**
 * TIMESTAMP(3) columns hold UTC (as Prisma writes and reads them); pg's own parser would read
 * them in the process's time zone. Everything else keeps pg's parsers (json and jsonb parsed,
 * integers and doubles as numbers, enums as text), which give what Prisma's $queryRaw gave.
 */
const checkRowTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP_OID) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as CustomTypesConfig;

/**
 * Everything a check reads, in one round trip: the number, one pass over its reports (trust is
 * judged now: a revoked key no longer counts), the reporters by category, and the id of the
 * latest campaign it belongs to. The statement is the function number_check (migration
 * 20261126174900_number_check_function), whose plan PostgreSQL keeps per connection.
 *
 * A named prepared statement on the pg pool under Prisma (queryPrepared): each connection
 * parses it once, and a lookup skips Prisma's query pipeline, which cost twice the round trip
 * itself (docs/decisions/026-number-lookup-cost.md). Times go as UTC ISO text, as Prisma sends
 * them.
 *
 * The lookups that arrive in the same turn of the event loop share one statement (NumberReads):
 * each still reads the database now, nothing is kept between turns (no answer cache).
 */
function readNumber(db: Db, number: string): Promise<CheckRow> {
  let reads = numberReads.get(db);
  if (!reads) {
    reads = new NumberReads(db);
    numberReads.set(db, reads);
  }
  return reads.read(number);
}

/** At most this many numbers in one statement (a turn with more sends several). */
const READ_BATCH = 64;

interface PendingRead {
  number: string;
  resolve(row: CheckRow): void;
  reject(error: unknown): void;
}

/**
 * Batches the number reads of one turn of the event loop: the lookups of the requests read from
 * the sockets in one poll phase are sent as one statement after it (setImmediate), so a loaded
 * API writes to PostgreSQL once per batch rather than once per lookup (the socket write was 9 %
 * of a lookup's CPU, and PostgreSQL pays a Bind/Execute per statement). A lone lookup waits for
 * nothing but the rest of its turn. Every caller gets the row read for its own number, read
 * after it asked.
 */
class NumberReads {
  private pending: PendingRead[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  read(number: string): Promise<CheckRow> {
    return new Promise<CheckRow>((resolve, reject) => {
      this.pending.push({ number, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = [];
    for (let start = 0; start < pending.length; start += READ_BATCH) {
      void this.send(pending.slice(start, start + READ_BATCH));
    }
  }

  private async send(batch: PendingRead[]): Promise<void> {
    try {
      const now = Date.now();
      const result = await queryPrepared<CheckRow & { i: number }>(this.db, {
        name: 'satark_number_checks',
        text: 'SELECT q.i::int AS i, n.* FROM unnest($1::text[]) WITH ORDINALITY AS q(num, i) CROSS JOIN LATERAL number_check(q.num, $2, $3, $4) n',
        values: [
          batch.map((read) => read.number),
          new Date(now - DAY_MS).toISOString(),
          new Date(now - 7 * DAY_MS).toISOString(),
          new Date(now - 30 * DAY_MS).toISOString(),
        ],
        types: checkRowTypes,
      });
      const rows: (CheckRow | undefined)[] = new Array(batch.length);
      for (const row of result.rows) rows[row.i - 1] = row;
      for (let index = 0; index < batch.length; index += 1) {
        const row = rows[index];
        if (row) batch[index]?.resolve(row);
        else batch[index]?.reject(new Error('number_check returned no row'));
      }
    } catch (error) {
      for (const read of batch) read.reject(error);
    }
  }
}

const numberReads = new WeakMap<Db, NumberReads>();

/** What the reports alone say, from the counts of readNumber. */
function reportBreakdown(row: CheckRow, trustedNeeded: number): ReportBreakdown {
  const tally = { reporters: row.reporters, trusted: row.trusted };
  const risk = reportRisk(tally, trustedNeeded);
  return {
    reporters: row.reporters,
    byCategory: row.by_category,
    last24Hours: row.last24,
    last7Days: row.last7,
    last30Days: row.last30,
    anonymous: row.anonymous,
    untrustedKeys: row.untrusted_keys,
    trustedKeys: row.trusted_keys,
    verified: row.verified,
    trusted: row.trusted,
    trustedNeeded,
    risk,
    verdict: numberVerdict(risk),
  };
}

function storedNumber(row: CheckRow): StoredNumber | null {
  if (row.known === null) return null;
  return {
    riskScore: row.riskScore,
    category: row.category,
    carrier: row.carrier,
    region: row.region,
    lineType: row.lineType,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
    callCount: row.callCount ?? 0,
    features: row.features,
    reasons: row.reasons,
    modelVersion: row.modelVersion,
  };
}

/** Throws InvalidNumberError for input that is not a phone number. */
export async function checkNumber(db: Db, input: string, options: CheckOptions): Promise<NumberCheck> {
  const parsed = parseNumber(input);
  const row = await readNumber(db, parsed.e164);
  const phone = storedNumber(row);
  const reports = reportBreakdown(row, options.trustedReportersNeeded);
  // A campaign member is a flagged fraud ring's number: rare, so its campaign is a second read.
  const campaign = row.campaign_id ? await db.campaign.findUnique({ where: { id: row.campaign_id } }) : null;
  const modelRisk = phone?.riskScore ?? null;
  const { risk, source } = combinedRisk(modelRisk, reports.risk);
  const listEntries = options.lists?.matches(parsed.e164) ?? [];
  const deciding = listEntries.length ? decidingEntry(listEntries, parsed.e164) : null;
  const listed = deciding ? [deciding, ...listEntries.filter((entry) => entry !== deciding)] : [];
  return {
    number: parsed.e164,
    nationalFormat: parsed.nationalFormat,
    verdict: deciding ? listVerdict(deciding.kind) : numberVerdict(risk),
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
    campaign,
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
  inTransaction?: InTransaction<Report>,
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
  const write = (fresh: boolean) =>
    db.$transaction(async (tx) => {
      // Two reports of one reporter for one number take turns; the second updates the first.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`report:${key.number}:${key.reporter}`})::bigint)`;
      const existing = await tx.report.findUnique({ where: { number_reporter: key } });
      const report = existing
        ? await updateReport(tx, existing, input.category, description, reporter)
        : await tx.report.create({
            data: {
              ...key,
              category: input.category,
              description,
              reporterKind: reporter.kind,
              trustedReporter: reporter.trusted,
            },
          });
      await inTransaction?.(tx, report);
      return { report, outcome: (existing || !fresh ? 'UPDATED' : 'RECORDED') as ReportOutcome };
    }, AUDITED_TRANSACTION);
  let written: { report: Report; outcome: ReportOutcome };
  try {
    written = await write(true);
  } catch (error) {
    // A concurrent report without the lock (an older instance) won the insert: this one updates it.
    if (!isUniqueViolation(error)) throw error;
    written = await write(false);
  }
  const { report, outcome } = written;
  const check = await checkNumber(db, parsed.e164, {
    trustedReportersNeeded: options.trustedReportersNeeded,
  });
  await alerts.consider('reportsChanged', check);
  return { report, check, outcome };
}

/** A reporter's repeated report replaces its earlier one; a changed report needs verifying again. */
function updateReport(
  db: Tx,
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
  inTransaction?: InTransaction<Report>,
): Promise<{ report: Report; check: NumberCheck }> {
  if (id.length > 64) throw new NotFoundError('Report', id);
  const report = await db.$transaction(async (tx) => {
    const existing = await tx.report.findUnique({ where: { id } });
    if (!existing) throw new NotFoundError('Report', id);
    const verified = existing.verifiedAt
      ? existing
      : await tx.report.update({
          where: { id },
          data: { verifiedAt: new Date(), verifiedBy: options.analyst },
        });
    await inTransaction?.(tx, verified);
    return verified;
  }, AUDITED_TRANSACTION);
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
