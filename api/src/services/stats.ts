// Live figures for the dashboard, computed from what was ingested and scored.
// Formulas: docs/decisions/003-risk-and-threat-index.md.
import type { Db } from '../db';

export interface StatsSnapshot {
  totalCalls: number;
  flaggedCalls: number;
  blockedThreats: number;
  activeCampaigns: number;
  callsPerSecond: number;
  flaggedPerSecond: number;
  threatIndex: number;
  victimsProtected: number;
  networkLoad: number;
  trackedNumbers: number;
  modelVersion: string | null;
  updatedAt: string;
}

export interface RegionStat {
  region: string;
  calls: number;
  flaggedCalls: number;
  flaggedRatio: number;
  threatLevel: number;
  activeCampaigns: number;
}

export interface TrafficPoint {
  at: Date;
  calls: number;
  flagged: number;
}

const RATE_WINDOW_SEC = 10;
const SHARE_WINDOW_SEC = 300;
/** A flagged share of 10% of calls counts as the worst case for the threat index. */
const FLAGGED_SHARE_AT_MAX = 0.1;
const CAMPAIGNS_AT_MAX = 10;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function threatIndex(flaggedShare: number, activeCampaigns: number): number {
  return round(
    10 *
      (0.7 * clamp01(flaggedShare / FLAGGED_SHARE_AT_MAX) +
        0.3 * clamp01(activeCampaigns / CAMPAIGNS_AT_MAX)),
    1,
  );
}

export function secondOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export function minuteOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** Adds ingested calls to the per-second and per-minute counters. */
export async function countIngested(
  db: Pick<Db, '$executeRaw'>,
  at: Date,
  counts: { calls: number; flagged: number; dangerous: number },
): Promise<void> {
  if (counts.calls === 0) return;
  await db.$executeRaw`
    INSERT INTO "StatSecond" ("at", "calls", "flagged", "dangerous")
    VALUES (${secondOf(at)}, ${counts.calls}, ${counts.flagged}, ${counts.dangerous})
    ON CONFLICT ("at") DO UPDATE SET "calls" = "StatSecond"."calls" + EXCLUDED."calls",
      "flagged" = "StatSecond"."flagged" + EXCLUDED."flagged",
      "dangerous" = "StatSecond"."dangerous" + EXCLUDED."dangerous"`;
  await db.$executeRaw`
    INSERT INTO "StatMinute" ("at", "calls", "flagged", "dangerous")
    VALUES (${minuteOf(at)}, ${counts.calls}, ${counts.flagged}, ${counts.dangerous})
    ON CONFLICT ("at") DO UPDATE SET "calls" = "StatMinute"."calls" + EXCLUDED."calls",
      "flagged" = "StatMinute"."flagged" + EXCLUDED."flagged",
      "dangerous" = "StatMinute"."dangerous" + EXCLUDED."dangerous"`;
}

type SumRow = { calls: bigint | null; flagged: bigint | null; dangerous: bigint | null };
const num = (value: bigint | number | null | undefined) => Number(value ?? 0);

export class StatsService {
  private cached: { at: number; value: Promise<StatsSnapshot> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: { capacityPerSec: number; modelVersion: () => string | null; cacheMs?: number },
  ) {}

  /** Cached for a moment: every subscriber's batch and every dashboard poll share one computation. */
  snapshot(): Promise<StatsSnapshot> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= (this.options.cacheMs ?? 500)) {
      const value = this.compute();
      value.catch(() => {
        this.cached = null;
      });
      this.cached = { at: now, value };
    }
    return this.cached.value;
  }

  invalidate(): void {
    this.cached = null;
  }

  private victimsCache: { at: number; value: Promise<number> } | null = null;

  /** Distinct receivers of flagged calls: a scan of the flagged calls, so refreshed every 15 s. */
  private victims(): Promise<number> {
    const now = Date.now();
    if (!this.victimsCache || now - this.victimsCache.at >= 15_000) {
      const value = this.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(DISTINCT "receiver") AS n FROM "CallRecord" WHERE "flagged"`.then((rows) =>
        num(rows[0]?.n),
      );
      value.catch(() => {
        this.victimsCache = null;
      });
      this.victimsCache = { at: now, value };
    }
    return this.victimsCache.value;
  }

  private async compute(): Promise<StatsSnapshot> {
    const now = new Date();
    const rateSince = new Date(secondOf(now).getTime() - RATE_WINDOW_SEC * 1000);
    const shareSince = new Date(now.getTime() - SHARE_WINDOW_SEC * 1000);
    const [totals, recent, share, activeCampaigns, victims, tracked, dangerousNumbers] = await Promise.all([
      this.db.$queryRaw<
        SumRow[]
      >`SELECT sum("calls") AS calls, sum("flagged") AS flagged, sum("dangerous") AS dangerous FROM "StatMinute"`,
      this.db.$queryRaw<
        SumRow[]
      >`SELECT sum("calls") AS calls, sum("flagged") AS flagged, NULL AS dangerous FROM "StatSecond" WHERE "at" >= ${rateSince} AND "at" < ${secondOf(now)}`,
      this.db.$queryRaw<
        SumRow[]
      >`SELECT sum("calls") AS calls, sum("flagged") AS flagged, NULL AS dangerous FROM "StatSecond" WHERE "at" >= ${shareSince}`,
      this.db.campaign.count({ where: { status: 'ACTIVE' } }),
      this.victims(),
      this.db.phoneNumber.count(),
      this.db.phoneNumber.count({ where: { verdict: 'DANGEROUS' } }),
    ]);
    const callsPerSecond = num(recent[0]?.calls) / RATE_WINDOW_SEC;
    const shareCalls = num(share[0]?.calls);
    const flaggedShare = shareCalls > 0 ? num(share[0]?.flagged) / shareCalls : 0;
    return {
      totalCalls: num(totals[0]?.calls),
      flaggedCalls: num(totals[0]?.flagged),
      blockedThreats: dangerousNumbers,
      activeCampaigns,
      callsPerSecond: round(callsPerSecond, 2),
      flaggedPerSecond: round(num(recent[0]?.flagged) / RATE_WINDOW_SEC, 2),
      threatIndex: threatIndex(flaggedShare, activeCampaigns),
      victimsProtected: victims,
      networkLoad: round(Math.min(100, (100 * callsPerSecond) / this.options.capacityPerSec), 1),
      trackedNumbers: tracked,
      modelVersion: this.options.modelVersion(),
      updatedAt: now.toISOString(),
    };
  }

  async traffic(minutes: number): Promise<TrafficPoint[]> {
    const end = secondOf(new Date()).getTime();
    const start = end - minutes * 60_000;
    const rows = await this.db.statSecond.findMany({
      where: { at: { gte: new Date(start), lt: new Date(end) } },
      orderBy: { at: 'asc' },
    });
    const bySecond = new Map(rows.map((row) => [row.at.getTime(), row]));
    const points: TrafficPoint[] = [];
    for (let t = start; t < end; t += 1000) {
      const row = bySecond.get(t);
      points.push({ at: new Date(t), calls: row?.calls ?? 0, flagged: row?.flagged ?? 0 });
    }
    return points;
  }

  /** Per origin region over the last 24 hours of ingestion. */
  async regions(): Promise<RegionStat[]> {
    const since = new Date(Date.now() - 24 * 3600_000);
    const [rows, campaigns] = await Promise.all([
      this.db.$queryRaw<{ region: string; calls: bigint; flagged: bigint }[]>`
        SELECT coalesce("originRegion", 'Unknown') AS region, count(*) AS calls, count(*) FILTER (WHERE "flagged") AS flagged
        FROM "CallRecord" WHERE "ingestedAt" >= ${since} GROUP BY 1 ORDER BY 2 DESC`,
      this.db.campaign.findMany({ where: { status: 'ACTIVE' }, select: { regions: true } }),
    ]);
    return rows.map((row) => {
      const calls = num(row.calls);
      const flaggedCalls = num(row.flagged);
      const flaggedRatio = calls > 0 ? flaggedCalls / calls : 0;
      const activeCampaigns = campaigns.filter((campaign) => campaign.regions.includes(row.region)).length;
      return {
        region: row.region,
        calls,
        flaggedCalls,
        flaggedRatio: round(flaggedRatio, 4),
        threatLevel: threatIndex(flaggedRatio, activeCampaigns),
        activeCampaigns,
      };
    });
  }
}
