// The alerts page's acknowledge posts, one alert or many.
import type { ApiClient } from './api.server';
import { formatCount } from './format';
import { acknowledgeAlertMutation, acknowledgeAlertsMutation } from './graphql/alerts';

/** The page never shows more than this many alerts, so a post naming more is not from it. */
export const MAX_BULK_ALERTS = 500;

export interface AlertsActionResult {
  ok: boolean;
  message: string;
  /** Alerts that could not be acknowledged, with the API's reason. */
  failures?: { id: string; message: string }[];
}

/**
 * Acknowledges the alerts as the signed-in person and reports which ones failed and why (an alert
 * acknowledged by someone else a moment ago is a failure the analyst should see, not a silent skip).
 */
export async function acknowledgeAlerts(api: ApiClient, ids: string[]): Promise<AlertsActionResult> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_BULK_ALERTS) {
    return { ok: false, message: `Choose at most ${formatCount(MAX_BULK_ALERTS)} alerts at a time.` };
  }
  if (unique.length === 1 && unique[0]) {
    // One alert: the single mutation, audited as alert.acknowledge like the card's own button always was.
    const { acknowledgeAlert } = await api.mutation(acknowledgeAlertMutation, { id: unique[0] });
    return acknowledgeAlert.__typename === 'MutationAcknowledgeAlertSuccess'
      ? { ok: true, message: 'Acknowledged.' }
      : {
          ok: false,
          message: acknowledgeAlert.message,
          failures: [{ id: unique[0], message: acknowledgeAlert.message }],
        };
  }
  const { acknowledgeAlerts: result } = await api.mutation(acknowledgeAlertsMutation, { ids: unique });
  if (result.__typename !== 'MutationAcknowledgeAlertsSuccess') return { ok: false, message: result.message };
  const failures = result.data.outcomes
    .filter((outcome) => !outcome.ok)
    .map((outcome) => ({ id: outcome.id, message: outcome.message ?? outcome.code ?? 'Not acknowledged' }));
  const done = result.data.acknowledged;
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
