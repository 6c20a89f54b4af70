/** Where a case stands against its due time: the queue's SLA badge. */
export type SlaState = 'ON_TIME' | 'DUE_SOON' | 'BREACHED' | 'CLOSED';

/** A case is "due soon" in the last quarter of its SLA window, and always in its last hour. */
const DUE_SOON_SHARE = 0.25;
const DUE_SOON_FLOOR_MS = 60 * 60 * 1000;

export function slaState(
  kase: { status: string; createdAt: string; dueAt: string },
  now: Date = new Date(),
): SlaState {
  if (kase.status === 'CLOSED') return 'CLOSED';
  const due = Date.parse(kase.dueAt);
  const opened = Date.parse(kase.createdAt);
  const left = due - now.getTime();
  if (left < 0) return 'BREACHED';
  const window = Math.max(0, due - opened);
  return left <= Math.max(window * DUE_SOON_SHARE, DUE_SOON_FLOOR_MS) ? 'DUE_SOON' : 'ON_TIME';
}

export const slaLabels: Record<SlaState, string> = {
  ON_TIME: 'On time',
  DUE_SOON: 'Due soon',
  BREACHED: 'SLA breached',
  CLOSED: 'Closed',
};

/** "3 h left" / "2 d overdue": the badge's plain-words detail. */
export function slaDetail(dueAt: string, now: Date = new Date()): string {
  const left = Date.parse(dueAt) - now.getTime();
  const minutes = Math.round(Math.abs(left) / 60_000);
  const amount =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} d`;
  return left >= 0 ? `${amount} left` : `${amount} overdue`;
}
