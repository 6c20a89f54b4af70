// Fraud campaigns: groups of numbers run by one operation.
import type { Db } from '../db';
import type { Campaign, CampaignStatus, FraudCategory } from '../generated/prisma/client';
import type { Tx } from './audit';
import { NotFoundError } from './errors';

export interface CampaignFilter {
  status?: CampaignStatus | null;
  type?: FraudCategory | null;
}

const where = (filter: CampaignFilter) => ({
  status: filter.status ?? undefined,
  type: filter.type ?? undefined,
});

export function listCampaigns(
  db: Db,
  filter: CampaignFilter,
  page: { offset: number; limit: number },
): Promise<Campaign[]> {
  return db.campaign.findMany({
    where: where(filter),
    orderBy: [{ lastSeen: 'desc' }, { id: 'asc' }],
    skip: page.offset,
    take: page.limit,
  });
}

export function countCampaigns(db: Db, filter: CampaignFilter): Promise<number> {
  return db.campaign.count({ where: where(filter) });
}

export async function updateCampaignStatus(db: Tx, id: string, status: CampaignStatus): Promise<Campaign> {
  const existing = await db.campaign.findUnique({ where: { id }, select: { id: true } });
  if (!existing) throw new NotFoundError('Campaign', id);
  return db.campaign.update({ where: { id }, data: { status } });
}

export interface CampaignMemberView {
  number: string;
  riskScore: number | null;
  role: string;
  calls: number;
}

export async function campaignMembers(db: Db, campaignId: string): Promise<CampaignMemberView[]> {
  return (await campaignMembersOf(db, [campaignId]))[0] ?? [];
}

/** The members of each campaign (in the order of `campaignIds`), in one statement. */
export async function campaignMembersOf(
  db: Db,
  campaignIds: readonly string[],
): Promise<CampaignMemberView[][]> {
  const members = await db.campaignMember.findMany({
    where: { campaignId: { in: [...campaignIds] } },
    include: { phone: { select: { riskScore: true } } },
    orderBy: [{ calls: 'desc' }, { number: 'asc' }],
  });
  const byCampaign = new Map<string, CampaignMemberView[]>(campaignIds.map((id) => [id, []]));
  for (const member of members) {
    byCampaign.get(member.campaignId)?.push({
      number: member.number,
      riskScore: member.phone.riskScore,
      role: member.role,
      calls: member.calls,
    });
  }
  return campaignIds.map((id) => byCampaign.get(id) ?? []);
}

export interface CampaignGraph {
  nodes: { id: string; number: string; riskScore: number | null; role: 'CALLER' | 'TARGET' }[];
  links: { source: string; target: string; calls: number }[];
}

/** Members and the receivers they called most, with call counts as links. */
export async function campaignGraph(db: Db, campaignId: string, maxTargets: number): Promise<CampaignGraph> {
  const members = await campaignMembers(db, campaignId);
  if (members.length === 0) return { nodes: [], links: [] };
  const callers = members.map((member) => member.number);
  const pairs = await db.$queryRaw<{ caller: string; receiver: string; calls: bigint }[]>`
    SELECT "caller", "receiver", count(*) AS calls FROM "CallRecord"
    WHERE "caller" = ANY(${callers}) GROUP BY 1, 2 ORDER BY 3 DESC LIMIT ${Math.max(0, maxTargets)}`;
  const nodes: CampaignGraph['nodes'] = members.map((member) => ({
    id: member.number,
    number: member.number,
    riskScore: member.riskScore,
    role: 'CALLER',
  }));
  const known = new Set(callers);
  for (const pair of pairs) {
    if (known.has(pair.receiver)) continue;
    known.add(pair.receiver);
    nodes.push({ id: pair.receiver, number: pair.receiver, riskScore: null, role: 'TARGET' });
  }
  return {
    nodes,
    links: pairs.map((pair) => ({ source: pair.caller, target: pair.receiver, calls: Number(pair.calls) })),
  };
}

export function findCampaign(db: Db, id: string): Promise<Campaign | null> {
  return db.campaign.findUnique({ where: { id } });
}
