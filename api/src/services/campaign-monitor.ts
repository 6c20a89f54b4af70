// Every few seconds: group the callers the model flags into campaigns, keep the campaigns in
// the database current, and tell the alert rules (NEW_CAMPAIGN, BURST) what the round found.
//
// Alone, an instance detects over its own flagged callers. In a grid (Redis), every instance
// shares its flagged callers each round and only the leader detects, over all of them, so a
// ring whose callers are read by different workers is one campaign
// (docs/decisions/024-campaigns-once-for-the-grid.md). The leader's campaign writes carry its
// lease's fencing token and the database refuses a stale one (./campaign-fence.ts); a new
// leader takes over the burst baseline its predecessor left in Redis.

import type { Logger } from 'pino';
import type { Alerts } from '../alerts';
import type { Db } from '../db';
import type { BurstBaseline, SharedSuspect } from '../redis/shared-suspects';
import type { Component } from '../supervision';
import {
  CampaignTracker,
  campaignTypeName,
  detectGroups,
  numberSeries,
  type TrackedCampaign,
} from './campaign-detector';
import { fencedWrite, StaleFenceError, type Tx } from './campaign-fence';
import type { LiveScorer } from './live-scorer';

/** How a grid of instances detects once: a leader, and every instance's suspects in Redis. */
export interface CampaignGrid {
  lease: {
    /** Whether this instance leads now. */
    readonly isLeader: boolean;
    /** Times it became the leader: a change means another may have led meanwhile. */
    readonly acquisitions: number;
    /** The lease's name (its Redis key): the fence's row in the database. */
    readonly key: string;
    /** The fencing token of the current term: campaign writes carry it. */
    readonly fence: number;
    /** After a refused write: a token above `floor` if the lease is still ours, else 0 (stand down). */
    refence(floor: number): Promise<number>;
  };
  suspects: {
    share(suspects: readonly SharedSuspect[], flaggedCalls: number): Promise<void>;
    gather(): Promise<SharedSuspect[]>;
    takeFlaggedCalls(): Promise<number>;
    keepBaseline(baseline: BurstBaseline): Promise<void>;
    handedBaseline(): Promise<BurstBaseline | null>;
  };
}

export interface CampaignMonitorOptions {
  intervalMs: number;
  /** An ACTIVE campaign none of whose numbers was flagged for this long (wall time) is CLOSED. */
  quietMs: number;
  /** Callers campaign detection must ignore (numbers on an ALLOW list). */
  ignored?: (number: string) => boolean;
  /** With Redis: detect once for the grid. Without, this instance detects over its own callers. */
  grid?: CampaignGrid;
}

export class CampaignMonitor {
  private tracker = new CampaignTracker();
  /** The lease acquisition the tracker was last loaded for (grid only). */
  private restoredFor = 0;
  private readonly lastFlaggedAt = new Map<string, number>();
  private readonly affected = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private flaggedSinceTick = 0;
  /** When this instance, leading a grid, last took the grid's flagged calls (or its predecessor did). */
  private lastTakenAt: number | null = null;
  ticks = 0;
  /** Campaign writes the database refused because a leader with a higher fencing token had written. */
  refusedWrites = 0;

  constructor(
    private readonly db: Db,
    private readonly scorer: LiveScorer,
    private readonly alerts: Alerts,
    private readonly logger: Logger,
    private readonly options: CampaignMonitorOptions,
    private readonly health?: Component,
  ) {}

  /** Loads the campaigns already stored, so their ids stay the same across restarts. */
  async restore(): Promise<void> {
    // Another leader may have made and grown campaigns since this instance last led.
    this.tracker = new CampaignTracker();
    this.lastFlaggedAt.clear();
    this.affected.clear();
    const campaigns = await this.db.campaign.findMany({
      where: { status: { not: 'CLOSED' } },
      select: { id: true, type: true, members: { select: { number: true }, orderBy: { joinedAt: 'asc' } } },
    });
    for (const campaign of campaigns) {
      this.tracker.restore(
        campaign.id,
        campaign.type,
        campaign.members.map((m) => m.number),
      );
      this.lastFlaggedAt.set(campaign.id, Date.now());
    }
  }

  /** Counts flagged calls for burst detection (called by the ingest path). */
  countFlagged(flagged: number): void {
    this.flaggedSinceTick += flagged;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One detection round; rounds never overlap. Returns the campaigns it touched. */
  async tick(): Promise<TrackedCampaign[]> {
    if (this.running) return [];
    let touched: TrackedCampaign[] = [];
    this.running = (async () => {
      try {
        touched = await this.round();
        this.ticks++;
        this.health?.succeeded();
      } catch (error) {
        this.health?.failed(error);
        this.logger.error({ err: error }, 'Campaign detection failed; retrying next round');
      }
    })();
    await this.running;
    this.running = null;
    return touched;
  }

  /** Shares this instance's suspects (in a grid); detects if it leads, or is alone. */
  private async round(): Promise<TrackedCampaign[]> {
    const local = this.scorer
      .flaggedCallers()
      .map((caller) => ({ ...caller, receivers: this.scorer.receiversOf(caller.callerId) }));
    const flaggedCalls = this.flaggedSinceTick;
    this.flaggedSinceTick = 0;
    const grid = this.options.grid;
    if (!grid) return this.lead(local, flaggedCalls);
    await grid.suspects.share(local, flaggedCalls);
    if (!grid.lease.isLeader) return [];
    if (this.restoredFor !== grid.lease.acquisitions) {
      await this.restore();
      await this.takeOverBaseline(grid);
      this.restoredFor = grid.lease.acquisitions;
    }
    const [everyone, taken] = await Promise.all([grid.suspects.gather(), grid.suspects.takeFlaggedCalls()]);
    const takenAt = Date.now();
    const perRound = this.perRound(taken, takenAt);
    this.lastTakenAt = takenAt;
    const touched = await this.lead(everyone, perRound);
    const mean = this.alerts.memoryOf('BURST');
    if (grid.lease.isLeader && typeof mean === 'number') await grid.suspects.keepBaseline({ mean, takenAt });
    return touched;
  }

  /**
   * A new leader goes on from the burst baseline the last one left (Redis), not from an empty
   * one (a burst in its first round would only set it) nor from its own of an earlier term (a
   * stale mean raises or hides bursts). None left (first leader, or older than an hour): empty.
   */
  private async takeOverBaseline(grid: CampaignGrid): Promise<void> {
    const handed = await grid.suspects.handedBaseline();
    this.alerts.remember('BURST', handed ? handed.mean : null);
    this.lastTakenAt = handed ? handed.takenAt : null;
  }

  /**
   * The grid's flagged calls as a count per detection round: what piled up while no instance
   * took them (a hand-over waits for the old lease to expire, a late round on a busy machine) is
   * spread over the rounds it covers, so it raises no burst by itself.
   */
  private perRound(taken: number, takenAt: number): number {
    const { intervalMs } = this.options;
    if (this.lastTakenAt === null) return taken;
    const elapsed = takenAt - this.lastTakenAt;
    return elapsed > 1.5 * intervalMs ? Math.round((taken * intervalMs) / elapsed) : taken;
  }

  private async lead(suspects: readonly SharedSuspect[], flaggedCalls: number): Promise<TrackedCampaign[]> {
    const touched = await this.detect(suspects);
    // A leader that lost its lease mid-round raises no burst and closes nothing.
    if (this.options.grid && !this.options.grid.lease.isLeader) return touched;
    await this.alerts.consider('detectionRound', { flaggedCalls, intervalMs: this.options.intervalMs });
    await this.closeQuiet();
    return touched;
  }

  /**
   * Campaign writes. In a grid, fenced: refused when a leader with a higher token has written
   * since (this one stalled past its lease), and counted. A refusal while the lease is still
   * ours means Redis lost the counter: one retry with a token above the stored one.
   */
  private async write(changes: (tx: Tx) => Promise<unknown>): Promise<boolean> {
    const grid = this.options.grid;
    if (!grid) {
      await this.db.$transaction(changes);
      return true;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await fencedWrite(this.db, { lease: grid.lease.key, token: grid.lease.fence }, changes);
        return true;
      } catch (error) {
        if (!(error instanceof StaleFenceError)) throw error;
        this.refusedWrites += 1;
        this.logger.warn(
          { token: error.token, highest: error.highest },
          'campaign write refused: stale leader',
        );
        if (attempt > 0 || (await grid.lease.refence(error.highest)) === 0) return false;
      }
    }
  }

  private async detect(flagged: readonly SharedSuspect[]): Promise<TrackedCampaign[]> {
    const ignored = this.options.ignored;
    const suspects = ignored ? flagged.filter((caller) => !ignored(caller.callerId)) : flagged;
    const suspectReceivers = new Map(suspects.map((s) => [s.callerId, s.receivers]));
    // A member no longer flagged (or held by another instance) adds what this instance knows of it.
    const receiversOf = (callerId: string) =>
      suspectReceivers.get(callerId) ?? this.scorer.receiversOf(callerId);
    const groups = detectGroups(suspects);
    const touched = this.tracker.update(groups, suspects);
    const riskOf = new Map(suspects.map((s) => [s.callerId, s.riskScore]));
    const now = Date.now();
    for (const campaign of touched) {
      // A leader that lost its lease mid-round leaves the rest to the next one.
      if (this.options.grid && !this.options.grid.lease.isLeader) break;
      this.lastFlaggedAt.set(campaign.id, now);
      const affected = this.affected.get(campaign.id) ?? new Set<string>();
      for (const member of campaign.members) {
        for (const receiver of receiversOf(member)) affected.add(receiver);
      }
      this.affected.set(campaign.id, affected);
      const risks = campaign.members.map((m) => riskOf.get(m)).filter((r): r is number => r !== undefined);
      // Refused: another leader has written since; it (or the next) owns the campaigns now.
      if (!(await this.save(campaign, affected.size, risks.length ? Math.max(...risks) : null))) break;
      // Saved first: its alert refers to it.
      await this.alerts.consider('campaignDetected', { campaign });
    }
    return touched;
  }

  private async save(
    campaign: TrackedCampaign,
    affectedUsers: number,
    riskScore: number | null,
  ): Promise<boolean> {
    const members = campaign.members;
    const [aggregate] = await this.db.$queryRaw<
      { calls: bigint; first: Date | null; last: Date | null; regions: string[] | null }[]
    >`SELECT count(*) AS calls, min("startedAt") AS first, max("startedAt") AS last,
             array_remove(array_agg(DISTINCT "originRegion"), NULL) AS regions
      FROM "CallRecord" WHERE "caller" = ANY(${members})`;
    // The calls that flagged the members may still be committing: then the figures start at
    // zero and fill in next round, but the campaign exists now (its alert refers to it).
    const first = aggregate?.first ?? new Date();
    const last = aggregate?.last ?? first;
    const hourBefore = new Date(last.getTime() - 3600_000);
    const [lastHour] = await this.db.$queryRaw<{ calls: bigint }[]>`
      SELECT count(*) AS calls FROM "CallRecord" WHERE "caller" = ANY(${members}) AND "startedAt" > ${hourBefore}`;
    const fields = {
      type: campaign.type,
      firstSeen: first,
      lastSeen: last,
      affectedUsers,
      regions: (aggregate?.regions ?? []).filter((r) => r !== 'Unknown').sort(),
      nodeCount: members.length,
      density: Math.round(campaign.density * 1000) / 1000,
      velocity: Math.round((Number(lastHour?.calls ?? 0) / 60) * 100) / 100,
      totalCalls: Number(aggregate?.calls ?? 0),
      riskScore,
    };
    return this.write(async (tx) => {
      await tx.campaign.upsert({
        where: { id: campaign.id },
        create: { id: campaign.id, name: campaignName(campaign), status: 'ACTIVE', ...fields },
        update: fields,
      });
      // The ingest that flagged a member may still be committing its number.
      await tx.phoneNumber.createMany({ data: members.map((number) => ({ number })), skipDuplicates: true });
      await tx.campaignMember.createMany({
        data: members.map((number, i) => ({
          campaignId: campaign.id,
          number,
          role: i === 0 ? 'ORGANISER' : 'MEMBER',
        })),
        skipDuplicates: true,
      });
      await tx.$executeRaw`
        UPDATE "CampaignMember" m SET "calls" = c.calls
        FROM (SELECT "caller", count(*)::int AS calls FROM "CallRecord" WHERE "caller" = ANY(${members}) GROUP BY 1) c
        WHERE m."campaignId" = ${campaign.id} AND m."number" = c."caller"`;
    });
  }

  private async closeQuiet(): Promise<void> {
    const cutoff = Date.now() - this.options.quietMs;
    const quiet = [...this.lastFlaggedAt].filter(([, at]) => at < cutoff).map(([id]) => id);
    if (quiet.length === 0) return;
    const closed = await this.write((tx) =>
      tx.campaign.updateMany({ where: { id: { in: quiet }, status: 'ACTIVE' }, data: { status: 'CLOSED' } }),
    );
    if (!closed) return;
    for (const id of quiet) {
      this.lastFlaggedAt.delete(id);
      this.affected.delete(id);
    }
  }
}

function campaignName(campaign: TrackedCampaign): string {
  const series = new Set(campaign.members.map(numberSeries));
  const [only] = series;
  return `${campaignTypeName[campaign.type]} ring ${only ? `${only}xxx` : campaign.id.slice(0, 8)}`;
}
