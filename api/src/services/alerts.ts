// Alerts as analysts work them: found, grouped, acknowledged, resolved. Raising them is
// ../alerts/ (rules per kind, one sink).
import type { Db, Prisma } from '../db';
import type { Alert, AlertKind, AlertSeverity, AlertStatus } from '../generated/prisma/client';
import type { Tx } from './audit';
import { InvalidTransitionError, NotFoundError, ValidationError } from './errors';

/** An alert as published on `alertRaised` (JSON-safe: it may cross Redis). */
export type AlertEvent = Omit<Alert, 'createdAt' | 'acknowledgedAt' | 'resolvedAt'> & {
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
};

export type AlertShape = Alert | AlertEvent;

export function alertEvent(alert: Alert): AlertEvent {
  return {
    ...alert,
    createdAt: alert.createdAt.toISOString(),
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  };
}

export const severityRank: Record<AlertSeverity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

export interface AlertFilter {
  status?: AlertStatus | null;
  severity?: AlertSeverity | null;
  kind?: AlertKind | null;
  /** Words of the title or message, or digits of the number (at most 100 characters). */
  search?: string | null;
  campaignId?: string | null;
  number?: string | null;
}

export type AlertSort = 'NEWEST' | 'OLDEST' | 'SEVERITY';

export function alertWhere(filter: AlertFilter): Prisma.AlertWhereInput {
  const search = filter.search?.replaceAll('\u0000', '').trim();
  // Only something typed like a phone number ("+91 98", "98-765") searches the numbers.
  const digits = search && /^[\d\s()+-]+$/.test(search) ? search.replace(/[^\d+]/g, '') : '';
  return {
    status: filter.status ?? undefined,
    severity: filter.severity ?? undefined,
    kind: filter.kind ?? undefined,
    campaignId: filter.campaignId ?? undefined,
    number: filter.number ?? undefined,
    ...(search
      ? {
          OR: [
            { title: { contains: search, mode: 'insensitive' } },
            { message: { contains: search, mode: 'insensitive' } },
            ...(digits.length >= 4 ? [{ number: { contains: digits } }] : []),
          ],
        }
      : {}),
  };
}

export function listAlerts(
  db: Db,
  filter: AlertFilter,
  page: { offset: number; limit: number },
  sort: AlertSort = 'NEWEST',
): Promise<Alert[]> {
  return db.alert.findMany({
    where: alertWhere(filter),
    orderBy:
      sort === 'OLDEST'
        ? [{ createdAt: 'asc' }, { id: 'asc' }]
        : sort === 'SEVERITY'
          ? [{ severity: 'desc' }, { createdAt: 'desc' }, { id: 'asc' }]
          : [{ createdAt: 'desc' }, { id: 'asc' }],
    skip: page.offset,
    take: page.limit,
  });
}

export function countAlerts(db: Db, filter: AlertFilter): Promise<number> {
  return db.alert.count({ where: alertWhere(filter) });
}

export interface AlertGroup {
  /** The campaign id or the number. */
  key: string;
  campaignId: string | null;
  number: string | null;
  count: number;
  latestAt: Date;
  maxSeverity: AlertSeverity;
}

/** Alerts matching the filter, grouped by campaign or by number, largest groups first. */
export async function groupAlerts(
  db: Db,
  by: 'CAMPAIGN' | 'NUMBER',
  filter: AlertFilter,
  limit: number,
): Promise<AlertGroup[]> {
  const field = by === 'CAMPAIGN' ? 'campaignId' : 'number';
  const groups = await db.alert.groupBy({
    by: [field],
    where: { ...alertWhere(filter), [field]: { not: null } },
    _count: { _all: true },
    _max: { createdAt: true, severity: true },
    orderBy: [{ _count: { id: 'desc' } }, { _max: { createdAt: 'desc' } }],
    take: limit,
  });
  return groups.map((group) => {
    const key = (group as Record<string, unknown>)[field] as string;
    return {
      key,
      campaignId: by === 'CAMPAIGN' ? key : null,
      number: by === 'NUMBER' ? key : null,
      count: group._count._all,
      latestAt: group._max.createdAt ?? new Date(0),
      maxSeverity: group._max.severity ?? 'LOW',
    };
  });
}

export interface BulkOutcome {
  id: string;
  ok: boolean;
  code: string | null;
  message: string | null;
}

/** Acknowledges each OPEN alert; the others are reported per id, and nothing else changes. */
export async function acknowledgeAlerts(
  db: Tx,
  ids: readonly string[],
  actor: string,
): Promise<BulkOutcome[]> {
  const unique = [...new Set(ids)];
  const found = await db.alert.findMany({
    where: { id: { in: unique.filter((id) => id.length <= 64) } },
    select: { id: true, status: true },
  });
  const status = new Map(found.map((alert) => [alert.id, alert.status]));
  const open = unique.filter((id) => status.get(id) === 'OPEN');
  // Only rows still OPEN change, so a concurrent acknowledgement is not overwritten.
  const changed = new Set(
    (
      await db.alert.updateManyAndReturn({
        where: { id: { in: open }, status: 'OPEN' },
        data: { status: 'ACKNOWLEDGED', acknowledgedAt: new Date(), acknowledgedBy: actor },
        select: { id: true },
      })
    ).map((alert) => alert.id),
  );
  return unique.map((id) => {
    if (changed.has(id)) return { id, ok: true, code: null, message: null };
    const was = status.get(id);
    if (!was) return { id, ok: false, code: 'NOT_FOUND', message: `Alert ${id.slice(0, 80)} was not found` };
    return {
      id,
      ok: false,
      code: 'INVALID_TRANSITION',
      message: `Alert is ${was === 'OPEN' ? 'no longer OPEN' : was}; only an OPEN alert can be acknowledged`,
    };
  });
}

export async function acknowledgeAlert(db: Tx, id: string, actor: string): Promise<Alert> {
  const alert = await db.alert.findUnique({ where: { id } });
  if (!alert) throw new NotFoundError('Alert', id);
  if (alert.status !== 'OPEN')
    throw new InvalidTransitionError(`Alert is ${alert.status}; only an OPEN alert can be acknowledged`);
  return db.alert.update({
    where: { id },
    data: { status: 'ACKNOWLEDGED', acknowledgedAt: new Date(), acknowledgedBy: actor },
  });
}

export async function resolveAlert(db: Tx, id: string, resolution: string, actor: string): Promise<Alert> {
  const note = resolution.trim();
  if (note.length === 0 || note.length > 2000) {
    throw new ValidationError('A resolution note of 1 to 2000 characters is required', [
      { path: 'resolution', message: 'must be 1 to 2000 characters' },
    ]);
  }
  const alert = await db.alert.findUnique({ where: { id } });
  if (!alert) throw new NotFoundError('Alert', id);
  if (alert.status === 'RESOLVED') throw new InvalidTransitionError('Alert is already RESOLVED');
  const now = new Date();
  return db.alert.update({
    where: { id },
    data: {
      status: 'RESOLVED',
      resolvedAt: now,
      resolvedBy: actor,
      resolution: note,
      acknowledgedAt: alert.acknowledgedAt ?? now,
      acknowledgedBy: alert.acknowledgedBy ?? actor,
    },
  });
}
