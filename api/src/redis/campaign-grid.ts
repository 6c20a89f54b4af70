// Campaign detection once for the grid: the leader lease and the shared suspects, on their own
// Redis connection, supervised (component `campaign-leader` in /ready) and in /metrics.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { Config } from '../config';
import type { CampaignGrid } from '../services/campaign-monitor';
import type { Supervisor } from '../supervision';
import { hashTagged } from './hash-tag';
import { LeaderLease } from './leader-lease';
import { SharedSuspects } from './shared-suspects';

export interface RunningCampaignGrid extends CampaignGrid {
  lease: LeaderLease;
  suspects: SharedSuspects;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Snapshots live for this many detection rounds: a round or two may be late on a busy machine. */
const SNAPSHOT_ROUNDS = 3;

export function createCampaignGrid(
  config: Config,
  deps: { redisUrl: string; workerId: string; supervisor: Supervisor; registry: Registry; logger: Logger },
): RunningCampaignGrid {
  const redis = new Redis(deps.redisUrl, { maxRetriesPerRequest: 2 });
  // Unique even when two instances are given one WORKER_ID: each replaces only its own snapshot.
  const holder = `${deps.workerId}:${randomUUID().slice(0, 8)}`;
  const lease = new LeaderLease(
    redis,
    {
      key: hashTagged(`${config.REDIS_PREFIX}:leader:campaign-detection`),
      ttlMs: config.CAMPAIGN_LEASE_MS,
      holder,
    },
    deps.logger,
    deps.supervisor.component('campaign-leader'),
  );
  const suspects = new SharedSuspects(redis, {
    prefix: config.REDIS_PREFIX,
    holder,
    ttlMs: Math.max(SNAPSHOT_ROUNDS * config.CAMPAIGN_INTERVAL_MS, 1000),
  });
  new Gauge({
    name: 'satark_campaign_leader',
    help: '1 while this instance leads campaign detection for the grid, else 0',
    registers: [deps.registry],
    collect() {
      this.set(lease.isLeader ? 1 : 0);
    },
  });
  new Gauge({
    name: 'satark_campaign_leader_changes',
    help: 'Times this instance became the campaign-detection leader (acquired) or lost the lease (lost)',
    labelNames: ['change'],
    registers: [deps.registry],
    collect() {
      this.set({ change: 'acquired' }, lease.acquisitions);
      this.set({ change: 'lost' }, lease.losses);
    },
  });
  return {
    lease,
    suspects,
    start: () => lease.start(),
    async stop() {
      await lease.stop();
      await suspects.withdraw().catch(() => {});
      redis.disconnect();
    },
  };
}
