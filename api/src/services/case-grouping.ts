// Builds the case desk and, with CASE_AUTO_GROUP on, feeds it every raised alert so alerts
// about one campaign or one number become one case instead of one piece of work each.
import type { Logger } from 'pino';
import type { Alerts } from '../alerts';
import type { Config } from '../config';
import type { Db } from '../db';
import type { PubSubHandle } from '../pubsub';
import { CaseDesk } from './cases';

/** Every `intervalMs`, gathers members' number cases into their campaign's case (one instance at a time is enough but several are safe). */
export class CampaignCaseSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly desk: CaseDesk,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.desk
        .sweepCampaignMembers()
        .then((merged) => {
          if (merged > 0) this.logger.info({ merged }, 'cases: number cases gathered into campaign cases');
        })
        .catch((error) =>
          this.logger.warn({ err: error }, 'cases: campaign sweep failed; retrying next round'),
        )
        .finally(() => {
          this.running = null;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

export function createCaseDesk(
  config: Config,
  db: Db,
  pubsub: PubSubHandle['pubsub'],
  alerts: Alerts,
  logger: Logger,
): { desk: CaseDesk; sweep: CampaignCaseSweep } {
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
  const sweep = new CampaignCaseSweep(desk, config.CASE_AUTO_GROUP ? config.CASE_GROUP_SWEEP_MS : 0, logger);
  return { desk, sweep };
}
