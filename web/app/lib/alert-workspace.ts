import type { AlertSeverity } from './graphql/enums';
import type { Alert } from './graphql/fragments';

/** How many alerts the page keeps on screen at most; older ones are counted, not rendered. */
export const ALERT_WINDOW = 200;

export const alertSorts = ['newest', 'severity'] as const;
export type AlertSort = (typeof alertSorts)[number];
export const alertGroupings = ['campaign', 'number'] as const;
export type AlertGrouping = (typeof alertGroupings)[number];

const severityRank: Record<AlertSeverity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

/** Newest first, or most severe first (newest first within a severity). */
export function sortAlerts(alerts: readonly Alert[], sort: AlertSort): Alert[] {
  const byNewest = (a: Alert, b: Alert) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
  const sorted = [...alerts];
  if (sort === 'severity') {
    sorted.sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || byNewest(a, b));
  } else {
    sorted.sort(byNewest);
  }
  return sorted;
}

/**
 * Alerts whose number or title contains the search text. Digits are compared without spaces or
 * dashes, so "98765 43210" finds +919876543210.
 */
export function searchAlerts(alerts: readonly Alert[], search: string): Alert[] {
  const text = search.trim().toLowerCase();
  if (!text) return [...alerts];
  const digits = text.replace(/[\s()-]/g, '');
  return alerts.filter(
    (alert) =>
      alert.title.toLowerCase().includes(text) ||
      (alert.number !== null && digits.length > 0 && alert.number.includes(digits)),
  );
}

export interface AlertGroup {
  /** Stable key: the campaign id or the number; alerts with neither share one "other" group. */
  key: string;
  label: string;
  alerts: Alert[];
}

/**
 * Groups alerts by campaign or by number, keeping the given order inside each group; the groups come
 * in the order of their first alert, so a newest-first list gives the most recently active group first.
 */
export function groupAlerts(alerts: readonly Alert[], by: AlertGrouping): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const alert of alerts) {
    const [key, label] =
      by === 'campaign'
        ? alert.campaign
          ? [`campaign:${alert.campaign.id}`, alert.campaign.name]
          : ['none', 'Not part of a campaign']
        : alert.number
          ? [`number:${alert.number}`, alert.number]
          : ['none', 'No single number'];
    let group = groups.get(key);
    if (!group) {
      group = { key, label, alerts: [] };
      groups.set(key, group);
    }
    group.alerts.push(alert);
  }
  // The catch-all group goes last: it is the least specific.
  return [...groups.values()].sort((a, b) => Number(a.key === 'none') - Number(b.key === 'none'));
}

/**
 * Keeps the newest `limit` live alerts (the list is newest first) so a flood cannot grow the page
 * without bound; returns how many were dropped so the page can say so.
 */
export function boundLiveAlerts(live: readonly Alert[], limit: number): { kept: Alert[]; dropped: number } {
  if (live.length <= limit) return { kept: [...live], dropped: 0 };
  return { kept: live.slice(0, limit), dropped: live.length - limit };
}

/** Alerts raised after the analyst last saw the list (ISO-8601 strings compare in time order). */
export function unreadCount(alerts: readonly Pick<Alert, 'createdAt'>[], lastSeenAt: string | null): number {
  if (lastSeenAt === null) return alerts.length;
  return alerts.filter((alert) => alert.createdAt > lastSeenAt).length;
}

/** The newest creation time among alerts, or the current mark when it is newer (never moves back). */
export function latestSeen(
  alerts: readonly Pick<Alert, 'createdAt'>[],
  current: string | null,
): string | null {
  let latest = current;
  for (const alert of alerts) if (latest === null || alert.createdAt > latest) latest = alert.createdAt;
  return latest;
}

/**
 * The search text as the API takes it: a number typed with spaces, dashes or brackets becomes its
 * digits ("98765 43210" → "9876543210"); words are sent as typed.
 */
export function alertSearchForApi(search: string): string | null {
  const text = search.trim();
  if (!text) return null;
  return /^[\d\s()+-]+$/.test(text) ? text.replace(/\D/g, '') : text;
}

/** The key groupAlerts gives the group an API group total belongs to. */
export function groupKeyOfTotal(total: { number: string | null; campaign: { id: string } | null }): string {
  if (total.campaign) return `campaign:${total.campaign.id}`;
  if (total.number) return `number:${total.number}`;
  return 'none';
}
