// Cases: the state machine, assignment, timeline, evidence, merge and split (no GraphQL here).
// Every change runs in one transaction that locks the case row(s), writes a CaseEvent, then is
// written to the audit log and published on `caseUpdated` (docs/decisions/015-cases.md).
import type { Db } from '../db';
import { Prisma } from '../db';
import type {
  Case,
  CaseDisposition,
  CaseEventKind,
  CasePriority,
  CaseStatus,
} from '../generated/prisma/client';
import { AUDITED_TRANSACTION, type AuditActor, appendAuditIn } from './audit';
import { InvalidTransitionError, NotFoundError, ValidationError } from './errors';
import { recordLabels } from './labels';
import { parseNumber } from './phone-numbers';

export type Tx = Prisma.TransactionClient;

/** The assignee cannot take cases: disabled, or a read-only AUDITOR. */
export class InvalidAssigneeError extends Error {
  readonly code = 'INVALID_ASSIGNEE';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAssigneeError';
  }
}

/** Published on `caseUpdated` (JSON-safe: it may cross Redis). */
export interface CaseUpdate {
  caseId: string;
  kind: CaseEventKind | 'CREATED';
  actor: string;
  at: string;
}

export type SlaHours = Record<CasePriority, number>;

/** Who opens and groups cases automatically (audit log, timeline, `openedBy`). */
export const GROUPING_ACTOR = 'system:case-grouping';

export interface CaseDeskOptions {
  sla: SlaHours;
}

export const TEXT_LIMITS = { title: 200, note: 5000, reason: 2000, evidenceTitle: 200, evidenceBody: 20_000 };
/** At most this many alerts or numbers in one call. */
export const MAX_ITEMS_PER_CALL = 200;

/** Where a status may go with setCaseStatus; CLOSED only by close, and back only by reopen. */
const NEXT_STATUS: Record<CaseStatus, readonly CaseStatus[]> = {
  OPEN: ['INVESTIGATING', 'ESCALATED'],
  INVESTIGATING: ['OPEN', 'ESCALATED'],
  ESCALATED: ['INVESTIGATING'],
  CLOSED: [],
};

export function caseNumber(seq: number): string {
  return `CASE-${String(seq).padStart(6, '0')}`;
}

/** Trimmed text of 1..max characters without NUL, or a ValidationError naming the field. */
export function requireText(value: string | null | undefined, path: string, max: number): string {
  const text = (value ?? '').trim();
  if (text.includes('\u0000')) {
    throw new ValidationError(`${path} must not contain NUL characters`, [
      { path, message: 'contains a NUL character' },
    ]);
  }
  if (text.length === 0 || text.length > max) {
    throw new ValidationError(`${path} must be 1 to ${max} characters`, [
      { path, message: `must be 1 to ${max} characters` },
    ]);
  }
  return text;
}

function requireIds(ids: readonly string[] | null | undefined, path: string): string[] {
  const unique = [...new Set(ids ?? [])];
  if (unique.length > MAX_ITEMS_PER_CALL) {
    throw new ValidationError(`At most ${MAX_ITEMS_PER_CALL} ${path} at a time`, [
      { path, message: `at most ${MAX_ITEMS_PER_CALL}` },
    ]);
  }
  return unique;
}

/** E.164 numbers, or the InvalidNumberError of the first that is not one. */
function requireNumbers(inputs: readonly string[] | null | undefined): string[] {
  return [...new Set(requireIds(inputs, 'numbers').map((input) => parseNumber(input).e164))];
}

function priorityOf(severity: string): CasePriority {
  return severity === 'CRITICAL' || severity === 'HIGH' || severity === 'MEDIUM' ? severity : 'LOW';
}

const PRIORITY_RANK: Record<CasePriority, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

export interface NewCase {
  title: string;
  priority: CasePriority;
  alertIds?: readonly string[] | null;
  numbers?: readonly string[] | null;
  campaignId?: string | null;
}

export interface AddToCase {
  alertIds?: readonly string[] | null;
  numbers?: readonly string[] | null;
  evidence?: { title: string; body: string } | null;
}

export interface CaseListFilter {
  status?: CaseStatus | null;
  priority?: CasePriority | null;
  /** 'me' (needs meAccountId), 'unassigned' or an account id. */
  assignee?: string | null;
  meAccountId?: string | null;
  search?: string | null;
  slaBreached?: boolean | null;
}

export type CaseSort = 'NEWEST' | 'OLDEST' | 'DUE_SOONEST' | 'PRIORITY' | 'RECENTLY_UPDATED';

type Change = { action: string; before?: unknown; after?: unknown };

/** The desk: every operation on cases. */
export class CaseDesk {
  constructor(
    private readonly db: Db,
    private readonly publish: (update: CaseUpdate) => void,
    private readonly options: CaseDeskOptions,
  ) {}

  dueAt(priority: CasePriority, from = new Date()): Date {
    return new Date(from.getTime() + this.options.sla[priority] * 3600_000);
  }

  // ---- reads -----------------------------------------------------------------------------

  find(id: string): Promise<Case | null> {
    return id.length <= 64 ? this.db.case.findUnique({ where: { id } }) : Promise.resolve(null);
  }

  where(filter: CaseListFilter): Prisma.CaseWhereInput {
    const and: Prisma.CaseWhereInput[] = [];
    if (filter.status) and.push({ status: filter.status });
    if (filter.priority) and.push({ priority: filter.priority });
    if (filter.assignee === 'unassigned') and.push({ assigneeId: null });
    else if (filter.assignee === 'me') and.push({ assigneeId: filter.meAccountId ?? '-' });
    else if (filter.assignee) and.push({ assigneeId: filter.assignee });
    if (filter.slaBreached === true) and.push({ status: { not: 'CLOSED' }, dueAt: { lt: new Date() } });
    if (filter.slaBreached === false)
      and.push({ OR: [{ status: 'CLOSED' }, { dueAt: { gte: new Date() } }] });
    const search = filter.search?.trim();
    if (search) {
      const caseRef = /^(?:CASE-)?0*(\d{1,9})$/i.exec(search);
      // Only something typed like a phone number ("+91 98", "98-765") searches the numbers.
      const digits = /^[\d\s()+-]+$/.test(search) ? search.replace(/[^\d+]/g, '') : '';
      and.push({
        OR: [
          { title: { contains: search, mode: 'insensitive' } },
          ...(caseRef ? [{ seq: Number(caseRef[1]) }] : []),
          ...(digits.length >= 4 ? [{ numbers: { some: { number: { contains: digits } } } }] : []),
        ],
      });
    }
    return { AND: and };
  }

  list(filter: CaseListFilter, sort: CaseSort, page: { offset: number; limit: number }) {
    const orderBy: Prisma.CaseOrderByWithRelationInput[] =
      sort === 'OLDEST'
        ? [{ createdAt: 'asc' }]
        : sort === 'DUE_SOONEST'
          ? [{ dueAt: 'asc' }]
          : sort === 'PRIORITY'
            ? [{ priority: 'desc' }, { dueAt: 'asc' }]
            : sort === 'RECENTLY_UPDATED'
              ? [{ updatedAt: 'desc' }]
              : [{ createdAt: 'desc' }];
    return this.db.case.findMany({
      where: this.where(filter),
      orderBy: [...orderBy, { seq: 'asc' }],
      skip: page.offset,
      take: page.limit,
    });
  }

  count(filter: CaseListFilter): Promise<number> {
    return this.db.case.count({ where: this.where(filter) });
  }

  // ---- writes ----------------------------------------------------------------------------

  async create(who: AuditActor, input: NewCase): Promise<Case> {
    const title = requireText(input.title, 'title', TEXT_LIMITS.title);
    const alertIds = requireIds(input.alertIds, 'alertIds');
    const numbers = requireNumbers(input.numbers);
    if (input.campaignId) {
      const campaign =
        input.campaignId.length <= 64
          ? await this.db.campaign.findUnique({ where: { id: input.campaignId }, select: { id: true } })
          : null;
      if (!campaign) throw new NotFoundError('Campaign', input.campaignId);
    }
    const created = await this.transact(
      who,
      async (tx) => {
        const row = await tx.case.create({
          data: {
            title,
            priority: input.priority,
            dueAt: this.dueAt(input.priority),
            campaignId: input.campaignId ?? null,
            openedBy: who.actor,
          },
        });
        await this.event(tx, row.id, who, 'NOTE', 'Opened', { opened: true });
        await this.attachAlerts(tx, row.id, who, alertIds);
        await this.attachNumbers(tx, row.id, who, numbers);
        return row;
      },
      (created) => ({
        caseId: created.id,
        action: 'case.create',
        after: { title, priority: input.priority, alertIds, numbers, campaignId: input.campaignId ?? null },
      }),
    );
    this.publishUpdate(created.id, 'CREATED', who);
    return created;
  }

  async assign(who: AuditActor, caseId: string, assigneeId: string | null): Promise<Case> {
    let assigneeName: string | null = null;
    if (assigneeId !== null) {
      const account =
        assigneeId.length <= 64 ? await this.db.account.findUnique({ where: { id: assigneeId } }) : null;
      if (!account) throw new NotFoundError('Account', assigneeId);
      // The timeline is read by every analyst: the display name, not the email (SECURITY.md).
      if (!account.enabled)
        throw new InvalidAssigneeError(`${account.displayName} is disabled and cannot take cases`);
      if (account.role === 'AUDITOR')
        throw new InvalidAssigneeError(
          `${account.displayName} is an AUDITOR (read-only) and cannot take cases`,
        );
      assigneeName = account.displayName;
    }
    const { after } = await this.transact(
      who,
      async (tx) => {
        const current = await this.lockOpen(tx, caseId, 'assign');
        const updated = await tx.case.update({ where: { id: caseId }, data: { assigneeId } });
        await this.event(
          tx,
          caseId,
          who,
          'ASSIGNED',
          assigneeName ? `Assigned to ${assigneeName}` : 'Unassigned',
          { from: current.assigneeId, to: assigneeId },
        );
        return { before: current, after: updated };
      },
      ({ before }) => ({
        caseId: caseId,
        action: 'case.assign',
        before: { assigneeId: before.assigneeId },
        after: { assigneeId },
      }),
    );
    this.publishUpdate(caseId, 'ASSIGNED', who);
    return after;
  }

  async comment(who: AuditActor, caseId: string, text: string): Promise<Case> {
    const note = requireText(text, 'text', TEXT_LIMITS.note);
    const found = await this.transact(
      who,
      async (tx) => {
        const current = await this.lock(tx, caseId);
        await this.event(tx, caseId, who, 'NOTE', note, null);
        return tx.case.update({ where: { id: current.id }, data: { updatedAt: new Date() } });
      },
      () => ({ caseId, action: 'case.comment', after: { text: note } }),
    );
    this.publishUpdate(caseId, 'NOTE', who);
    return found;
  }

  async setStatus(who: AuditActor, caseId: string, status: CaseStatus): Promise<Case> {
    const { after } = await this.transact(
      who,
      async (tx) => {
        const current = await this.lock(tx, caseId);
        if (status === 'CLOSED')
          throw new InvalidTransitionError('A case is closed with closeCase (a disposition and a reason)');
        if (current.status === 'CLOSED')
          throw new InvalidTransitionError(`${caseNumber(current.seq)} is CLOSED; reopen it first`);
        if (!NEXT_STATUS[current.status].includes(status)) {
          throw new InvalidTransitionError(
            `${caseNumber(current.seq)} cannot go from ${current.status} to ${status}` +
              ` (allowed: ${NEXT_STATUS[current.status].join(', ') || 'none'})`,
          );
        }
        const updated = await tx.case.update({ where: { id: caseId }, data: { status } });
        await this.event(tx, caseId, who, 'STATUS', `${current.status} → ${status}`, {
          from: current.status,
          to: status,
        });
        return { before: current, after: updated };
      },
      ({ before }) => ({
        caseId: caseId,
        action: 'case.status',
        before: { status: before.status },
        after: { status },
      }),
    );
    this.publishUpdate(caseId, 'STATUS', who);
    return after;
  }

  async setPriority(who: AuditActor, caseId: string, priority: CasePriority): Promise<Case> {
    const { after } = await this.transact(
      who,
      async (tx) => {
        const current = await this.lockOpen(tx, caseId, 'change the priority of');
        const updated = await tx.case.update({
          where: { id: caseId },
          data: { priority, dueAt: this.dueAt(priority, current.createdAt) },
        });
        await this.event(tx, caseId, who, 'STATUS', `Priority ${current.priority} → ${priority}`, {
          priorityFrom: current.priority,
          priorityTo: priority,
        });
        return { before: current, after: updated };
      },
      ({ before, after }) => ({
        caseId: caseId,
        action: 'case.priority',
        before: { priority: before.priority, dueAt: before.dueAt },
        after: { priority, dueAt: after.dueAt },
      }),
    );
    this.publishUpdate(caseId, 'STATUS', who);
    return after;
  }

  /**
   * Closes with a disposition and a reason. FRAUD_CONFIRMED and FALSE_POSITIVE record a label
   * (FRAUD / NOT_FRAUD) for each of the case's numbers with its features now; the case's
   * unresolved alerts are resolved with the outcome.
   */
  async close(who: AuditActor, caseId: string, disposition: CaseDisposition, reason: string): Promise<Case> {
    const why = requireText(reason, 'reason', TEXT_LIMITS.reason);
    const { after } = await this.transact(
      who,
      async (tx) => {
        const current = await this.lock(tx, caseId);
        if (current.status === 'CLOSED')
          throw new InvalidTransitionError(`${caseNumber(current.seq)} is already CLOSED`);
        const now = new Date();
        const updated = await tx.case.update({
          where: { id: caseId },
          data: { status: 'CLOSED', disposition, dispositionReason: why, closedAt: now },
        });
        const resolution = `${caseNumber(current.seq)} closed as ${disposition}: ${why}`.slice(0, 2000);
        const alertIds = (await tx.caseAlert.findMany({ where: { caseId }, select: { alertId: true } })).map(
          (link) => link.alertId,
        );
        await tx.alert.updateMany({
          where: { id: { in: alertIds }, status: 'OPEN' },
          data: { acknowledgedAt: now, acknowledgedBy: who.actor },
        });
        await tx.alert.updateMany({
          where: { id: { in: alertIds }, status: { not: 'RESOLVED' } },
          data: { status: 'RESOLVED', resolvedAt: now, resolvedBy: who.actor, resolution },
        });
        let labelled = 0;
        if (disposition !== 'INCONCLUSIVE') {
          const numbers = await tx.caseNumber.findMany({ where: { caseId } });
          const phones = await tx.phoneNumber.findMany({
            where: { number: { in: numbers.map((n) => n.number) } },
            select: { number: true, features: true },
          });
          const featuresNow = new Map(phones.map((phone) => [phone.number, phone.features]));
          labelled = await recordLabels(
            tx,
            numbers.map((n) => ({
              number: n.number,
              label: disposition === 'FRAUD_CONFIRMED' ? 'FRAUD' : 'NOT_FRAUD',
              source: 'CASE',
              sourceId: caseId,
              actor: who.actor,
              // The features now; else those snapshotted when the number joined the case.
              features: (featuresNow.get(n.number) ?? n.features ?? null) as Record<string, number> | null,
            })),
          );
        }
        await this.event(tx, caseId, who, 'CLOSED', `Closed as ${disposition}: ${why}`, {
          disposition,
          reason: why,
          alertsResolved: alertIds.length,
          labels: labelled,
        });
        return { before: current, after: updated, labelled };
      },
      ({ before, labelled }) => ({
        caseId: caseId,
        action: 'case.close',
        before: { status: before.status },
        after: { status: 'CLOSED', disposition, reason: why, labels: labelled },
      }),
    );
    this.publishUpdate(caseId, 'CLOSED', who);
    return after;
  }

  async reopen(who: AuditActor, caseId: string, reason: string): Promise<Case> {
    const why = requireText(reason, 'reason', TEXT_LIMITS.reason);
    const { after } = await this.transact(
      who,
      async (tx) => {
        const current = await this.lock(tx, caseId);
        if (current.status !== 'CLOSED')
          throw new InvalidTransitionError(`${caseNumber(current.seq)} is ${current.status}, not CLOSED`);
        if (current.mergedIntoId)
          throw new InvalidTransitionError(
            `${caseNumber(current.seq)} was merged into another case; work that case instead`,
          );
        const updated = await tx.case.update({
          where: { id: caseId },
          data: { status: 'OPEN', disposition: null, dispositionReason: null, closedAt: null },
        });
        await this.event(tx, caseId, who, 'REOPENED', `Reopened: ${why}`, {
          previousDisposition: current.disposition,
          reason: why,
        });
        return { before: current, after: updated };
      },
      ({ before, after }) => ({
        caseId: caseId,
        action: 'case.reopen',
        before: { status: before.status, disposition: before.disposition },
        after: { status: after.status, reason: why },
      }),
    );
    this.publishUpdate(caseId, 'REOPENED', who);
    return after;
  }

  async add(who: AuditActor, caseId: string, input: AddToCase): Promise<Case> {
    const alertIds = requireIds(input.alertIds, 'alertIds');
    const numbers = requireNumbers(input.numbers);
    const evidence = input.evidence
      ? {
          title: requireText(input.evidence.title, 'evidence.title', TEXT_LIMITS.evidenceTitle),
          body: requireText(input.evidence.body, 'evidence.body', TEXT_LIMITS.evidenceBody),
        }
      : null;
    if (alertIds.length === 0 && numbers.length === 0 && !evidence)
      throw new ValidationError('Nothing to add: give alertIds, numbers or evidence', [
        { path: 'input', message: 'empty' },
      ]);
    const updated = await this.transact(
      who,
      async (tx) => {
        await this.lockOpen(tx, caseId, 'add to');
        await this.attachAlerts(tx, caseId, who, alertIds);
        await this.attachNumbers(tx, caseId, who, numbers);
        if (evidence) {
          const row = await tx.caseEvidence.create({ data: { caseId, ...evidence, addedBy: who.actor } });
          await this.event(tx, caseId, who, 'EVIDENCE', evidence.title, { evidenceId: row.id });
        }
        return tx.case.update({ where: { id: caseId }, data: { updatedAt: new Date() } });
      },
      () => ({
        caseId: caseId,
        action: 'case.add',
        after: { alertIds, numbers, evidence: evidence ? { title: evidence.title } : null },
      }),
    );
    this.publishUpdate(caseId, evidence ? 'EVIDENCE' : alertIds.length ? 'ALERT_ADDED' : 'NUMBER_ADDED', who);
    return updated;
  }

  async remove(
    who: AuditActor,
    caseId: string,
    input: {
      alertIds?: readonly string[] | null;
      numbers?: readonly string[] | null;
      evidenceIds?: readonly string[] | null;
    },
  ): Promise<Case> {
    const alertIds = requireIds(input.alertIds, 'alertIds');
    const numbers = requireNumbers(input.numbers);
    const evidenceIds = requireIds(input.evidenceIds, 'evidenceIds');
    const updated = await this.transact(
      who,
      async (tx) => {
        await this.lockOpen(tx, caseId, 'remove from');
        await this.requireMembers(tx, caseId, alertIds, numbers);
        const evidence = await tx.caseEvidence.findMany({ where: { caseId, id: { in: evidenceIds } } });
        const missing = evidenceIds.find((id) => !evidence.some((row) => row.id === id));
        if (missing) throw new NotFoundError('Evidence in this case', missing);
        await tx.caseAlert.deleteMany({ where: { caseId, alertId: { in: alertIds } } });
        await tx.caseNumber.deleteMany({ where: { caseId, number: { in: numbers } } });
        await tx.caseEvidence.deleteMany({ where: { caseId, id: { in: evidenceIds } } });
        await this.event(tx, caseId, who, 'NOTE', 'Removed from the case', {
          removed: { alertIds, numbers, evidence: evidence.map((row) => row.title) },
        });
        return tx.case.update({ where: { id: caseId }, data: { updatedAt: new Date() } });
      },
      () => ({
        caseId: caseId,
        action: 'case.remove',
        before: { alertIds, numbers, evidenceIds },
      }),
    );
    this.publishUpdate(caseId, 'NOTE', who);
    return updated;
  }

  /** Moves everything of `sourceId` into `targetId`; the source is closed as merged. */
  async merge(who: AuditActor, targetId: string, sourceId: string): Promise<Case> {
    if (targetId === sourceId) throw new InvalidTransitionError('A case cannot be merged into itself');
    const { target } = await this.transact(
      who,
      async (tx) => {
        // Both rows, locked in id order so two opposite merges cannot deadlock.
        const [first, second] = [targetId, sourceId].sort();
        const locked = new Map([
          [first, await this.lock(tx, first)],
          [second, await this.lock(tx, second)],
        ]);
        const target = locked.get(targetId) as Case;
        const source = locked.get(sourceId) as Case;
        for (const row of [target, source]) {
          if (row.status === 'CLOSED')
            throw new InvalidTransitionError(`${caseNumber(row.seq)} is CLOSED; reopen it before merging`);
        }
        const moved = await this.moveContents(tx, sourceId, targetId, null);
        await tx.caseEvidence.updateMany({ where: { caseId: sourceId }, data: { caseId: targetId } });
        const merged = await tx.case.update({
          where: { id: targetId },
          data: {
            priority:
              PRIORITY_RANK[source.priority] > PRIORITY_RANK[target.priority] ? source.priority : undefined,
            dueAt: source.dueAt < target.dueAt ? source.dueAt : undefined,
          },
        });
        await tx.case.update({
          where: { id: sourceId },
          data: {
            status: 'CLOSED',
            closedAt: new Date(),
            mergedIntoId: targetId,
            dispositionReason: `Merged into ${caseNumber(target.seq)}`,
          },
        });
        await this.event(tx, targetId, who, 'MERGED', `${caseNumber(source.seq)} merged in`, {
          from: sourceId,
          ...moved,
        });
        await this.event(tx, sourceId, who, 'MERGED', `Merged into ${caseNumber(target.seq)}`, {
          into: targetId,
          ...moved,
        });
        return { target: merged, source };
      },
      ({ source }) => ({
        caseId: targetId,
        action: 'case.merge',
        before: { target: targetId, source: sourceId, sourceStatus: source.status },
        after: { target: targetId, sourceStatus: 'CLOSED', mergedIntoId: targetId },
      }),
    );
    this.publishUpdate(targetId, 'MERGED', who);
    this.publishUpdate(sourceId, 'MERGED', who);
    return target;
  }

  /** Moves the chosen alerts and numbers of a case into a new case; returns the new case. */
  async split(
    who: AuditActor,
    caseId: string,
    input: { alertIds?: readonly string[] | null; numbers?: readonly string[] | null; title: string },
  ): Promise<Case> {
    const title = requireText(input.title, 'title', TEXT_LIMITS.title);
    const alertIds = requireIds(input.alertIds, 'alertIds');
    const numbers = requireNumbers(input.numbers);
    if (alertIds.length === 0 && numbers.length === 0)
      throw new ValidationError('Choose the alerts or numbers to split off', [
        { path: 'alertIds', message: 'give at least one alert or number' },
      ]);
    const created = await this.transact(
      who,
      async (tx) => {
        const current = await this.lockOpen(tx, caseId, 'split');
        await this.requireMembers(tx, caseId, alertIds, numbers);
        const split = await tx.case.create({
          data: {
            title,
            priority: current.priority,
            dueAt: current.dueAt,
            campaignId: current.campaignId,
            assigneeId: current.assigneeId,
            openedBy: who.actor,
          },
        });
        const moved = await this.moveContents(tx, caseId, split.id, { alertIds, numbers });
        await this.event(tx, caseId, who, 'SPLIT', `Split off into ${caseNumber(split.seq)}`, {
          into: split.id,
          ...moved,
        });
        await this.event(tx, split.id, who, 'SPLIT', `Split off from ${caseNumber(current.seq)}`, {
          from: caseId,
          ...moved,
        });
        await tx.case.update({ where: { id: caseId }, data: { updatedAt: new Date() } });
        return split;
      },
      (created) => ({
        caseId: caseId,
        action: 'case.split',
        after: { newCaseId: created.id, alertIds, numbers },
      }),
    );
    this.publishUpdate(caseId, 'SPLIT', who);
    this.publishUpdate(created.id, 'SPLIT', who);
    return created;
  }

  /**
   * Automatic grouping: an alert joins the open case of its campaign (its own, or a campaign its
   * number is a member of) or of its number; otherwise a new case is opened. A transaction-level
   * advisory lock on the grouping key makes this safe across instances.
   */
  async groupAlert(alert: {
    id: string;
    title: string;
    severity: string;
    number: string | null;
    campaignId: string | null;
  }): Promise<Case> {
    const system: AuditActor = { actor: GROUPING_ACTOR, actorRole: 'SYSTEM' };
    let campaignId = alert.campaignId;
    if (!campaignId && alert.number) {
      const membership = await this.db.campaignMember.findFirst({
        where: { number: alert.number, campaign: { status: { not: 'CLOSED' } } },
        orderBy: { campaign: { lastSeen: 'desc' } },
        select: { campaignId: true },
      });
      campaignId = membership?.campaignId ?? null;
    }
    const groupKey = campaignId ? `campaign:${campaignId}` : alert.number ? `number:${alert.number}` : null;
    const priority = priorityOf(alert.severity);
    const { row, created } = await this.transact(
      system,
      async (tx) => {
        if (groupKey) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${groupKey}, 0))`;
        const open = groupKey
          ? await tx.case.findFirst({
              where: { groupKey, status: { not: 'CLOSED' } },
              orderBy: { createdAt: 'asc' },
            })
          : null;
        let row = open;
        if (!row) {
          const campaign = campaignId
            ? await tx.campaign.findUnique({ where: { id: campaignId }, select: { name: true } })
            : null;
          row = await tx.case.create({
            data: {
              title: (campaign ? `Campaign: ${campaign.name}` : alert.title).slice(0, TEXT_LIMITS.title),
              priority,
              dueAt: this.dueAt(priority),
              campaignId,
              groupKey,
              openedBy: system.actor,
            },
          });
          await this.event(tx, row.id, system, 'NOTE', 'Opened automatically for a new alert', {
            opened: true,
            groupKey,
          });
        } else if (PRIORITY_RANK[priority] > PRIORITY_RANK[row.priority]) {
          row = await tx.case.update({
            where: { id: row.id },
            data: { priority, dueAt: this.dueAt(priority, row.createdAt) },
          });
        }
        await this.attachAlerts(tx, row.id, system, [alert.id]);
        if (alert.number) await this.attachNumbers(tx, row.id, system, [alert.number], true);
        return { row, created: !open };
      },
      ({ row, created }) => ({
        caseId: row.id,
        action: created ? 'case.auto-open' : 'case.auto-group',
        after: { alertId: alert.id, groupKey },
      }),
    );
    this.publishUpdate(row.id, created ? 'CREATED' : 'ALERT_ADDED', system);
    if (campaignId) await this.absorbMemberCases(system, row.id, campaignId);
    return row;
  }

  /**
   * Campaigns grow after their first alert, and some never raise one (deduplicated, rate-capped),
   * so members' number cases are also gathered by a sweep: into the campaign's open case, or,
   * for a campaign without one, into the oldest of them, which becomes the campaign's case.
   * Only untouched cases move (opened automatically, still OPEN, unassigned). Returns merges.
   */
  async sweepCampaignMembers(limit = 200): Promise<number> {
    const system: AuditActor = { actor: GROUPING_ACTOR, actorRole: 'SYSTEM' };
    const rows = await this.db.$queryRaw<{ caseId: string; campaignId: string }[]>`
      SELECT c.id AS "caseId", m."campaignId" AS "campaignId"
      FROM "Case" c
      JOIN "CampaignMember" m ON c."groupKey" = 'number:' || m.number
      JOIN "Campaign" cp ON cp.id = m."campaignId" AND cp.status <> 'CLOSED'
      WHERE c.status = 'OPEN' AND c."assigneeId" IS NULL AND c."openedBy" = ${GROUPING_ACTOR}
      ORDER BY c."createdAt" ASC
      LIMIT ${limit}`;
    const byCampaign = new Map<string, string[]>();
    for (const row of rows)
      byCampaign.set(row.campaignId, [...(byCampaign.get(row.campaignId) ?? []), row.caseId]);
    let merged = 0;
    const moved = new Set<string>();
    for (const [campaignId, caseIds] of byCampaign) {
      const pending = caseIds.filter((id) => !moved.has(id));
      const target = await this.campaignCaseFor(system, campaignId, pending);
      if (!target) continue;
      for (const id of pending) {
        if (id === target || moved.has(id)) continue;
        try {
          await this.merge(system, target, id);
          moved.add(id);
          merged += 1;
        } catch (error) {
          if (!(error instanceof InvalidTransitionError || error instanceof NotFoundError)) throw error;
        }
      }
    }
    return merged;
  }

  /** The campaign's open case; else promotes the first of `candidates` (≥ 2 needed) to be it. */
  private async campaignCaseFor(
    system: AuditActor,
    campaignId: string,
    candidates: string[],
  ): Promise<string | null> {
    const groupKey = `campaign:${campaignId}`;
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${groupKey}, 0))`;
      const open = await tx.case.findFirst({
        where: { groupKey, status: { not: 'CLOSED' } },
        orderBy: { createdAt: 'asc' },
        select: { id: true },
      });
      if (open) return open.id;
      const [first] = candidates;
      if (!first || candidates.length < 2) return null;
      const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { name: true } });
      await tx.case.update({
        where: { id: first },
        data: {
          groupKey,
          campaignId,
          title: `Campaign: ${campaign?.name ?? campaignId}`.slice(0, TEXT_LIMITS.title),
        },
      });
      await this.event(tx, first, system, 'NOTE', 'Now the case of the campaign its number belongs to', {
        groupKey,
      });
      return first;
    });
  }

  /**
   * Numbers usually turn DANGEROUS before campaign detection sees them act together, so each got
   * its own case. Once the campaign has a case, those cases are merged into it — only the ones
   * nobody has touched yet (opened automatically, still OPEN and unassigned).
   */
  private async absorbMemberCases(
    system: AuditActor,
    campaignCaseId: string,
    campaignId: string,
  ): Promise<void> {
    const members = await this.db.campaignMember.findMany({
      where: { campaignId },
      select: { number: true },
    });
    if (members.length === 0) return;
    const untouched = await this.db.case.findMany({
      where: {
        groupKey: { in: members.map((member) => `number:${member.number}`) },
        status: 'OPEN',
        assigneeId: null,
        openedBy: system.actor,
        id: { not: campaignCaseId },
      },
      select: { id: true },
    });
    for (const { id } of untouched) {
      try {
        await this.merge(system, campaignCaseId, id);
      } catch (error) {
        // Someone changed it meanwhile (closed, merged elsewhere): it stays as it is.
        if (!(error instanceof InvalidTransitionError || error instanceof NotFoundError)) throw error;
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** Locks the case row for this transaction; NotFoundError if it does not exist. */
  private async lock(tx: Tx, caseId: string): Promise<Case> {
    if (caseId.length > 64) throw new NotFoundError('Case', caseId);
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Case" WHERE id = ${caseId} FOR UPDATE`;
    const row = rows.length ? await tx.case.findUnique({ where: { id: caseId } }) : null;
    if (!row) throw new NotFoundError('Case', caseId);
    return row;
  }

  private async lockOpen(tx: Tx, caseId: string, verb: string): Promise<Case> {
    const row = await this.lock(tx, caseId);
    if (row.status === 'CLOSED')
      throw new InvalidTransitionError(`${caseNumber(row.seq)} is CLOSED; reopen it to ${verb} it`);
    return row;
  }

  private async event(
    tx: Tx,
    caseId: string,
    who: AuditActor,
    kind: CaseEventKind,
    text: string | null,
    data: Record<string, unknown> | null,
  ): Promise<void> {
    await tx.caseEvent.create({
      data: {
        caseId,
        kind,
        actor: who.actor,
        text,
        data: data === null ? Prisma.DbNull : (JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue),
      },
    });
  }

  /** Links alerts to the case: each must exist and not already be in another case. */
  private async attachAlerts(tx: Tx, caseId: string, who: AuditActor, alertIds: string[]): Promise<void> {
    if (alertIds.length === 0) return;
    const alerts = await tx.alert.findMany({
      where: { id: { in: alertIds.filter((id) => id.length <= 64) } },
      select: { id: true, title: true, caseLink: { select: { caseId: true } } },
    });
    const missing = alertIds.find((id) => !alerts.some((alert) => alert.id === id));
    if (missing) throw new NotFoundError('Alert', missing);
    const elsewhere = alerts.find((alert) => alert.caseLink && alert.caseLink.caseId !== caseId);
    if (elsewhere) {
      throw new ValidationError(
        `Alert ${elsewhere.id} already belongs to another case; merge or split instead`,
        [{ path: 'alertIds', message: `${elsewhere.id} is in case ${elsewhere.caseLink?.caseId}` }],
      );
    }
    const fresh = alerts.filter((alert) => !alert.caseLink);
    if (fresh.length === 0) return;
    await tx.caseAlert.createMany({
      data: fresh.map((alert) => ({ alertId: alert.id, caseId, addedBy: who.actor })),
    });
    for (const alert of fresh) {
      await this.event(tx, caseId, who, 'ALERT_ADDED', alert.title, { alertId: alert.id });
    }
  }

  /** Adds numbers with the model's explanation of each at this moment. */
  private async attachNumbers(
    tx: Tx,
    caseId: string,
    who: AuditActor,
    numbers: string[],
    quietIfPresent = false,
  ): Promise<void> {
    if (numbers.length === 0) return;
    const present = new Set(
      (
        await tx.caseNumber.findMany({ where: { caseId, number: { in: numbers } }, select: { number: true } })
      ).map((row) => row.number),
    );
    const fresh = numbers.filter((number) => !present.has(number));
    if (fresh.length === 0 && quietIfPresent) return;
    const phones = await tx.phoneNumber.findMany({ where: { number: { in: fresh } } });
    const byNumber = new Map(phones.map((phone) => [phone.number, phone]));
    for (const number of fresh) {
      const phone = byNumber.get(number);
      await tx.caseNumber.create({
        data: {
          caseId,
          number,
          addedBy: who.actor,
          riskScore: phone?.riskScore ?? null,
          verdict: phone?.verdict ?? null,
          features: (phone?.features ?? Prisma.DbNull) as Prisma.InputJsonValue,
          reasons: (phone?.reasons ?? Prisma.DbNull) as Prisma.InputJsonValue,
          modelVersion: phone?.modelVersion ?? null,
        },
      });
      await this.event(tx, caseId, who, 'NUMBER_ADDED', number, {
        number,
        riskScore: phone?.riskScore ?? null,
        verdict: phone?.verdict ?? null,
      });
    }
  }

  private async requireMembers(tx: Tx, caseId: string, alertIds: string[], numbers: string[]): Promise<void> {
    const alerts = await tx.caseAlert.findMany({ where: { caseId, alertId: { in: alertIds } } });
    const alertMissing = alertIds.find((id) => !alerts.some((link) => link.alertId === id));
    if (alertMissing) throw new NotFoundError('Alert in this case', alertMissing);
    const rows = await tx.caseNumber.findMany({ where: { caseId, number: { in: numbers } } });
    const numberMissing = numbers.find((number) => !rows.some((row) => row.number === number));
    if (numberMissing) throw new NotFoundError('Number in this case', numberMissing);
  }

  /** Moves alerts and numbers (all, or the chosen ones); numbers already in the target stay once. */
  private async moveContents(
    tx: Tx,
    fromId: string,
    toId: string,
    chosen: { alertIds: string[]; numbers: string[] } | null,
  ): Promise<{ alertIds: string[]; numbers: string[] }> {
    const alerts = await tx.caseAlert.findMany({
      where: { caseId: fromId, ...(chosen ? { alertId: { in: chosen.alertIds } } : {}) },
      select: { alertId: true },
    });
    const numbers = await tx.caseNumber.findMany({
      where: { caseId: fromId, ...(chosen ? { number: { in: chosen.numbers } } : {}) },
      select: { number: true },
    });
    const alertIds = alerts.map((a) => a.alertId);
    const moving = numbers.map((n) => n.number);
    await tx.caseAlert.updateMany({ where: { alertId: { in: alertIds } }, data: { caseId: toId } });
    const already = new Set(
      (
        await tx.caseNumber.findMany({
          where: { caseId: toId, number: { in: moving } },
          select: { number: true },
        })
      ).map((row) => row.number),
    );
    await tx.caseNumber.deleteMany({ where: { caseId: fromId, number: { in: [...already] } } });
    await tx.caseNumber.updateMany({
      where: { caseId: fromId, number: { in: moving.filter((n) => !already.has(n)) } },
      data: { caseId: toId },
    });
    return { alertIds, numbers: moving };
  }

  /**
   * A change and its audit entry in one transaction: both are there, or neither (decision 009).
   * `describe` names the case the entry is about and what changed.
   */
  private transact<T>(
    who: AuditActor,
    run: (tx: Tx) => Promise<T>,
    describe: (result: T) => Change & { caseId: string },
  ): Promise<T> {
    return this.db.$transaction(async (tx) => {
      const result = await run(tx);
      const { caseId, ...change } = describe(result);
      await appendAuditIn(tx, who, { ...change, targetType: 'Case', targetId: caseId });
      return result;
    }, AUDITED_TRANSACTION);
  }

  private publishUpdate(caseId: string, kind: CaseUpdate['kind'], who: AuditActor): void {
    this.publish({ caseId, kind, actor: who.actor, at: new Date().toISOString() });
  }
}
