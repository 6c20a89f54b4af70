// The alerts page's acknowledge posts, one alert or many.
import type { ApiClient } from './api.server';
import { formatCount } from './format';
import { acknowledgeAlertMutation } from './graphql/alerts';

/** The page never shows more than this many alerts, so a post naming more is not from it. */
export const MAX_BULK_ALERTS = 500;

export interface AlertsActionResult {
  ok: boolean;
  message: string;
  /** Alerts that could not be acknowledged, with the API's reason. */
  failures?: { id: string; message: string }[];
}

/**
 * Acknowledges each alert as the signed-in person and reports which ones failed and why (an alert
 * acknowledged by someone else a moment ago is a failure the analyst should see, not a silent skip).
 */
export async function acknowledgeAlerts(api: ApiClient, ids: string[]): Promise<AlertsActionResult> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_BULK_ALERTS) {
    return { ok: false, message: `Choose at most ${formatCount(MAX_BULK_ALERTS)} alerts at a time.` };
  }
  const failures: { id: string; message: string }[] = [];
  for (const id of unique) {
    const { acknowledgeAlert } = await api.mutation(acknowledgeAlertMutation, { id });
    if (acknowledgeAlert.__typename !== 'MutationAcknowledgeAlertSuccess') {
      failures.push({ id, message: acknowledgeAlert.message });
    }
  }
  const done = unique.length - failures.length;
  if (failures.length === 0) {
    return {
      ok: true,
      message: unique.length === 1 ? 'Acknowledged.' : `Acknowledged ${formatCount(done)} alerts.`,
    };
  }
  const first = failures[0]?.message ?? '';
  return {
    ok: false,
    message:
      unique.length === 1
        ? first
        : `Acknowledged ${formatCount(done)} of ${formatCount(unique.length)}; ${formatCount(failures.length)} failed: ${first}`,
    failures,
  };
}
