// Builds the case desk and, with CASE_AUTO_GROUP on, feeds it every raised alert so alerts
// about one campaign or one number become one case instead of one piece of work each.
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db';
import type { PubSubHandle } from '../pubsub';
import type { AlertRaiser } from './alerts';
import { CaseDesk } from './cases';

export function createCaseDesk(
  config: Config,
  db: Db,
  pubsub: PubSubHandle['pubsub'],
  alerts: AlertRaiser,
  logger: Logger,
): CaseDesk {
  const desk = new CaseDesk(db, (update) => pubsub.publish('caseUpdated', update), {
    sla: {
      CRITICAL: config.CASE_SLA_HOURS_CRITICAL,
      HIGH: config.CASE_SLA_HOURS_HIGH,
      MEDIUM: config.CASE_SLA_HOURS_MEDIUM,
      LOW: config.CASE_SLA_HOURS_LOW,
    },
  });
  if (config.CASE_AUTO_GROUP) {
    alerts.onRaised(async (alert) => {
      try {
        await desk.groupAlert(alert);
      } catch (error) {
        // The alert stays raised and visible; an analyst can still open a case from it.
        logger.warn({ err: error, alertId: alert.id }, 'cases: alert not grouped into a case');
      }
    });
  }
  return desk;
}
