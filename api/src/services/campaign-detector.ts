// Groups flagged callers into fraud campaigns, from the data alone, with ids that stay put.
//
// Signals (docs/decisions/005-campaign-detection.md): SIMs bought in bulk come from one number
// series (same E.164 prefix but the last three digits), and a campaign's members work one
// shared target list, so they call the same people. Each pair of flagged callers sharing a
// series or at least two receivers is an edge; Louvain community detection (graphology) over
// that weighted graph gives the groups; a group of two or more is a campaign.
import { randomUUID } from 'node:crypto';
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { FraudCategory } from '../generated/prisma/client';

export interface SuspectCaller {
  callerId: string;
  riskScore: number;
  category: FraudCategory | null;
  /** Distinct receivers in the feature window. */
  receivers: readonly string[];
}

export interface DetectedGroup {
  members: string[];
  /** Edges among the members / possible edges. */
  density: number;
  edges: number;
}

/** E.164 digits kept for the series: +91 and seven digits (the last three vary in a bulk buy). */
const SERIES_LENGTH = 10;
const SERIES_WEIGHT = 3;
const MIN_SHARED_RECEIVERS = 2;
const MAX_SHARED_WEIGHT = 5;
/** A receiver called by more flagged callers than this is a hub (a helpline, say), not a signal. */
const MAX_CALLERS_PER_RECEIVER = 50;

/** How a campaign's type reads in its name and its alert. */
export const campaignTypeName: Record<FraudCategory, string> = {
  WANGIRI: 'Wangiri',
  IMPERSONATION: 'Impersonation',
  LOTTERY: 'Lottery',
  KYC_PHISHING: 'KYC phishing',
  SIM_BOX: 'SIM-box',
  OTHER: 'Fraud',
};

export function numberSeries(number: string): string | null {
  return number.startsWith('+91') && number.length === 13 ? number.slice(0, SERIES_LENGTH) : null;
}

/** The campaign graph over the suspects and its communities of two or more. */
export function detectGroups(suspects: readonly SuspectCaller[]): DetectedGroup[] {
  const graph = new Graph({ type: 'undirected' });
  for (const suspect of suspects) graph.addNode(suspect.callerId);
  const addWeight = (a: string, b: string, weight: number) => {
    if (a === b) return;
    if (graph.hasEdge(a, b)) graph.updateEdgeAttribute(a, b, 'weight', (w: number) => w + weight);
    else graph.addEdge(a, b, { weight });
  };

  const bySeries = new Map<string, string[]>();
  for (const { callerId } of suspects) {
    const series = numberSeries(callerId);
    if (series) bySeries.set(series, [...(bySeries.get(series) ?? []), callerId]);
  }
  for (const members of bySeries.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) addWeight(members[i], members[j], SERIES_WEIGHT);
    }
  }

  const callersOf = new Map<string, string[]>();
  for (const { callerId, receivers } of suspects) {
    for (const receiver of receivers) {
      const callers = callersOf.get(receiver);
      if (callers) callers.push(callerId);
      else callersOf.set(receiver, [callerId]);
    }
  }
  const shared = new Map<string, number>();
  for (const callers of callersOf.values()) {
    if (callers.length < 2 || callers.length > MAX_CALLERS_PER_RECEIVER) continue;
    for (let i = 0; i < callers.length; i++) {
      for (let j = i + 1; j < callers.length; j++) {
        const [a, b] = callers[i] < callers[j] ? [callers[i], callers[j]] : [callers[j], callers[i]];
        const key = `${a} ${b}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  for (const [key, count] of shared) {
    if (count < MIN_SHARED_RECEIVERS) continue;
    const [a, b] = key.split(' ') as [string, string];
    addWeight(a, b, Math.min(MAX_SHARED_WEIGHT, count));
  }

  if (graph.size === 0) return [];
  const communities = louvain(graph, { getEdgeWeight: 'weight', rng: seededRng(1) });
  const groups = new Map<number, string[]>();
  for (const [node, community] of Object.entries(communities)) {
    if (graph.degree(node) === 0) continue;
    groups.set(community, [...(groups.get(community) ?? []), node]);
  }
  const result: DetectedGroup[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    members.sort();
    const inside = new Set(members);
    let edges = 0;
    for (const member of members) {
      graph.forEachNeighbor(member, (neighbour) => {
        if (inside.has(neighbour)) edges++;
      });
    }
    edges /= 2;
    const possible = (members.length * (members.length - 1)) / 2;
    result.push({ members, edges, density: possible > 0 ? edges / possible : 0 });
  }
  return result.sort(
    (a, b) => b.members.length - a.members.length || a.members[0].localeCompare(b.members[0]),
  );
}

/** Louvain's node order is random; a seeded generator keeps the groups the same run to run. */
function seededRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TrackedCampaign {
  id: string;
  type: FraudCategory;
  /** Every number ever assigned, in the order they joined. */
  members: string[];
  density: number;
  isNew: boolean;
  /** Members joined with this detection. */
  joined: string[];
}

/** Keeps campaign ids stable as groups grow, shrink and re-form from one detection to the next. */
export class CampaignTracker {
  private readonly campaignOf = new Map<string, string>();
  private readonly campaigns = new Map<string, { type: FraudCategory; members: string[] }>();

  constructor(private readonly newId: () => string = randomUUID) {}

  /** Adds known campaigns (e.g. from the database at start). */
  restore(id: string, type: FraudCategory, members: readonly string[]): void {
    this.campaigns.set(id, { type, members: [...members] });
    for (const member of members) this.campaignOf.set(member, id);
  }

  campaignIdOf(callerId: string): string | undefined {
    return this.campaignOf.get(callerId);
  }

  /** The campaigns this detection touched: new ones and ones that gained members or changed. */
  update(groups: readonly DetectedGroup[], suspects: readonly SuspectCaller[]): TrackedCampaign[] {
    const categoryOf = new Map(suspects.map((s) => [s.callerId, s.category]));
    const claimed = new Set<string>();
    const touched: TrackedCampaign[] = [];
    for (const group of groups) {
      const votes = new Map<string, number>();
      for (const member of group.members) {
        const id = this.campaignOf.get(member);
        if (id && !claimed.has(id)) votes.set(id, (votes.get(id) ?? 0) + 1);
      }
      const existing = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
      const type = majorityType(group.members.map((m) => categoryOf.get(m) ?? null));
      if (!existing && !type) continue;
      const joined = group.members.filter((m) => !this.campaignOf.has(m));
      // Every member already belongs to a campaign another group claimed this round (a ring that
      // split): a new campaign would have no numbers of its own.
      if (!existing && joined.length === 0) continue;
      const id = existing ?? this.newId();
      claimed.add(id);
      const campaign = this.campaigns.get(id) ?? { type: type as FraudCategory, members: [] };
      for (const member of joined) {
        campaign.members.push(member);
        this.campaignOf.set(member, id);
      }
      if (type) campaign.type = type;
      this.campaigns.set(id, campaign);
      touched.push({
        id,
        type: campaign.type,
        members: [...campaign.members],
        density: group.density,
        isNew: !existing,
        joined,
      });
    }
    return touched;
  }
}

function majorityType(categories: readonly (FraudCategory | null)[]): FraudCategory | null {
  const counts = new Map<FraudCategory, number>();
  for (const category of categories) if (category) counts.set(category, (counts.get(category) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/**
 * Purity of detected campaigns against ground truth: each detected campaign counts the members
 * of its largest true campaign; purity is their sum over all assigned members. A member with no
 * true campaign (a normal caller) never counts as pure.
 */
export function purity(detected: readonly (readonly string[])[], truth: ReadonlyMap<string, string>): number {
  let pure = 0;
  let total = 0;
  for (const members of detected) {
    const counts = new Map<string, number>();
    for (const member of members) {
      const campaign = truth.get(member);
      if (campaign) counts.set(campaign, (counts.get(campaign) ?? 0) + 1);
    }
    pure += Math.max(0, ...counts.values());
    total += members.length;
  }
  return total === 0 ? 0 : pure / total;
}
