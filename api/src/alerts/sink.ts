// The one way an alert is raised: de-duplicated by key, capped per kind and minute, stored,
// published on `alertRaised`, then handed to whoever listens (case grouping).
import type { Db } from '../db';
import type { Alert, AlertKind } from '../generated/prisma/client';
import { type AlertEvent, alertEvent } from '../services/alerts';
import { PerKindMinuteCap } from './limits';
import type { AlertDraft } from './rule';

export interface NewAlert extends AlertDraft {
  kind: AlertKind;
}

export interface AlertSinkOptions {
  /** An alert with the key of one raised this recently and not RESOLVED is the same alert. */
  dedupeWindowMs: number;
  /** At most this many new alerts of a kind a minute; the rest are dropped and counted. */
  maxPerMinute: number;
}

export const defaultSinkOptions: AlertSinkOptions = { dedupeWindowMs: 3600_000, maxPerMinute: 60 };

export class AlertSink {
  private readonly cap: PerKindMinuteCap<AlertKind>;
  private readonly listeners: ((alert: Alert) => Promise<void>)[] = [];
  /** Alerts dropped by the per-minute cap. */
  dropped = 0;

  constructor(
    private readonly db: Db,
    private readonly publish: (alert: AlertEvent) => void,
    private readonly options: AlertSinkOptions = defaultSinkOptions,
  ) {
    this.cap = new PerKindMinuteCap(options.maxPerMinute);
  }

  /** Called with every raised alert after it is stored and published. A listener's failure is its own: the alert stays raised. */
  onRaised(listener: (alert: Alert) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** The stored alert, or null when it is a duplicate or (when `capped`) over the cap. */
  async raise(input: NewAlert, capped = true): Promise<Alert | null> {
    const now = Date.now();
    const existing = await this.db.alert.findFirst({
      where: {
        dedupeKey: input.dedupeKey,
        createdAt: { gte: new Date(now - this.options.dedupeWindowMs) },
        status: { not: 'RESOLVED' },
      },
      select: { id: true },
    });
    if (existing) return null;
    if (capped && !this.cap.take(input.kind, now)) {
      this.dropped += 1;
      return null;
    }
    const alert = await this.db.alert.create({ data: { ...input } });
    this.publish(alertEvent(alert));
    for (const listener of this.listeners) await listener(alert).catch(() => undefined);
    return alert;
  }
}
