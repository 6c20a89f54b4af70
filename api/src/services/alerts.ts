// Alerts: raised by the pipeline and by reports, worked by analysts.
import type { Db } from '../db';
import type { Alert, AlertKind, AlertSeverity, AlertStatus } from '../generated/prisma/client';
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

export interface NewAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  message: string;
  number?: string | null;
  campaignId?: string | null;
  /** Alerts with the same key within the dedupe window are one alert. */
  dedupeKey: string;
}

export interface AlertRaiserOptions {
  dedupeWindowMs: number;
  /** At most this many new alerts of a kind a minute; the rest are dropped and counted. */
  maxPerMinute: number;
}

/** Raises alerts without flooding: dedupes by key and caps the rate. */
export class AlertRaiser {
  private minuteStart = 0;
  /** Per kind, so a flood of one kind (numbers turning DANGEROUS) never hides another (a new campaign). */
  private readonly raisedThisMinute = new Map<AlertKind, number>();
  dropped = 0;

  constructor(
    private readonly db: Db,
    private readonly publish: (alert: AlertEvent) => void,
    private readonly options: AlertRaiserOptions = { dedupeWindowMs: 3600_000, maxPerMinute: 60 },
  ) {}

  async raise(input: NewAlert): Promise<Alert | null> {
    const now = Date.now();
    if (now - this.minuteStart >= 60_000) {
      this.minuteStart = now;
      this.raisedThisMinute.clear();
    }
    const since = new Date(now - this.options.dedupeWindowMs);
    const existing = await this.db.alert.findFirst({
      where: { dedupeKey: input.dedupeKey, createdAt: { gte: since }, status: { not: 'RESOLVED' } },
      select: { id: true },
    });
    if (existing) return null;
    const raised = this.raisedThisMinute.get(input.kind) ?? 0;
    if (raised >= this.options.maxPerMinute) {
      this.dropped += 1;
      return null;
    }
    this.raisedThisMinute.set(input.kind, raised + 1);
    const alert = await this.db.alert.create({ data: { ...input } });
    this.publish(alertEvent(alert));
    return alert;
  }
}

export interface AlertFilter {
  status?: AlertStatus | null;
  severity?: AlertSeverity | null;
}

export function listAlerts(
  db: Db,
  filter: AlertFilter,
  page: { offset: number; limit: number },
): Promise<Alert[]> {
  return db.alert.findMany({
    where: { status: filter.status ?? undefined, severity: filter.severity ?? undefined },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    skip: page.offset,
    take: page.limit,
  });
}

export function countAlerts(db: Db, filter: AlertFilter): Promise<number> {
  return db.alert.count({
    where: { status: filter.status ?? undefined, severity: filter.severity ?? undefined },
  });
}

export async function acknowledgeAlert(db: Db, id: string, actor: string): Promise<Alert> {
  const alert = await db.alert.findUnique({ where: { id } });
  if (!alert) throw new NotFoundError('Alert', id);
  if (alert.status !== 'OPEN')
    throw new InvalidTransitionError(`Alert is ${alert.status}; only an OPEN alert can be acknowledged`);
  return db.alert.update({
    where: { id },
    data: { status: 'ACKNOWLEDGED', acknowledgedAt: new Date(), acknowledgedBy: actor },
  });
}

export async function resolveAlert(db: Db, id: string, resolution: string, actor: string): Promise<Alert> {
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
