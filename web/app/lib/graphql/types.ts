// Result shapes of the operations the dashboard sends, as schema.graphql defines them.
// documents.test.ts validates every document against the schema so names cannot drift.

export type Verdict = 'SAFE' | 'SUSPICIOUS' | 'DANGEROUS' | 'UNKNOWN';
export type FraudCategory = 'IMPERSONATION' | 'KYC_PHISHING' | 'LOTTERY' | 'OTHER' | 'SIM_BOX' | 'WANGIRI';
export type CampaignStatus = 'ACTIVE' | 'CONTAINED' | 'CLOSED';
export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type AlertStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
export type AlertKind = 'BURST' | 'NEW_CAMPAIGN' | 'NUMBER_DANGEROUS' | 'REPORTED_NUMBER' | 'NUMBER_BLOCKED';

export const fraudCategories: readonly FraudCategory[] = [
  'WANGIRI',
  'IMPERSONATION',
  'LOTTERY',
  'KYC_PHISHING',
  'SIM_BOX',
  'OTHER',
];
export const campaignStatuses: readonly CampaignStatus[] = ['ACTIVE', 'CONTAINED', 'CLOSED'];
export const alertSeverities: readonly AlertSeverity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const alertStatuses: readonly AlertStatus[] = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'];

export interface Stats {
  totalCalls: number;
  flaggedCalls: number;
  callsPerSecond: number;
  flaggedPerSecond: number;
  threatIndex: number;
  victimsProtected: number;
  networkLoad: number;
  blockedThreats: number;
  activeCampaigns: number;
  trackedNumbers: number;
  modelVersion: string | null;
  updatedAt: string;
}

export interface ThreatEvent {
  id: string;
  caller: string;
  receiver: string;
  region: string;
  targetRegion: string;
  durationSec: number;
  timestamp: string;
  flagged: boolean;
  riskScore: number | null;
  verdict: Verdict | null;
  category: FraudCategory | null;
}

export interface TrafficPoint {
  at: string;
  calls: number;
  flagged: number;
}

export interface RegionStat {
  region: string;
  calls: number;
  flaggedCalls: number;
  flaggedRatio: number;
  threatLevel: number;
  activeCampaigns: number;
}

export interface CampaignSummary {
  id: string;
  name: string;
  type: FraudCategory;
  status: CampaignStatus;
  nodeCount: number;
  density: number;
  velocity: number;
  totalCalls: number;
  affectedUsers: number;
  regions: string[];
  riskScore: number | null;
  firstSeen: string;
  lastSeen: string;
}

export interface CampaignMember {
  number: string;
  role: string;
  calls: number;
  riskScore: number | null;
}

export interface GraphNode {
  id: string;
  number: string;
  role: string;
  riskScore: number | null;
}

export interface GraphLink {
  source: string;
  target: string;
  calls: number;
}

export interface CampaignDetail extends CampaignSummary {
  members: CampaignMember[];
  graph: { nodes: GraphNode[]; links: GraphLink[] };
}

export interface Alert {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  message: string;
  number: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
  campaign: { id: string; name: string } | null;
  /** The case the alert is worked in (alerts are gathered into cases automatically). */
  case?: { id: string; number: string } | null;
}

export interface Reason {
  feature: string;
  label: string;
  text: string;
  value: number;
  contribution: number;
}

/** Which evidence a verdict rests on. */
export type VerdictSource = 'LIST' | 'MODEL' | 'REPORTS' | 'NONE';

/** Who reported a number, shown apart from the model's evidence. */
export interface ReportBreakdown {
  reporters: number;
  byCategory: { category: FraudCategory; reporters: number }[];
  last24Hours: number;
  last7Days: number;
  last30Days: number;
  anonymous: number;
  untrustedKeys: number;
  trustedKeys: number;
  verified: number;
  /** Trusted keys and verified reports: the only reporters that can make a number dangerous. */
  trusted: number;
  trustedNeeded: number;
  riskScore: number | null;
  verdict: Verdict;
}

export interface NumberCheck {
  number: string;
  nationalFormat: string;
  verdict: Verdict;
  verdictSource: VerdictSource;
  riskScore: number | null;
  scored: boolean;
  modelRiskScore: number | null;
  callsInWindow: number;
  callsWindowHours: number;
  category: FraudCategory | null;
  reportCount: number;
  reports: ReportBreakdown;
  carrier: string | null;
  lineType: string | null;
  region: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  modelVersion: string | null;
  campaign: { id: string; name: string; type: FraudCategory; status: CampaignStatus } | null;
  reasons: Reason[];
  /** What the platform knows about the number, and so what it does not. */
  known: { callsSeen: number; scored: boolean; reports: number; listEntries: number };
  /** Allow/block list entries covering the number, the deciding one first. */
  listEntries: {
    entryId: string;
    listName: string;
    kind: 'ALLOW' | 'BLOCK';
    text: string;
    reason: string;
    source: string;
    expiresAt: string | null;
  }[];
}

export interface ModelInfo {
  version: string;
  trainedAt: string;
  active: boolean;
  trainingRows: number;
  parameters: { nEstimators: number; maxSamples: number; contamination: number; randomState: number };
  metrics: {
    detectionRate: number;
    precision: number;
    falsePositiveRate: number;
    rocAuc: number;
    prAuc: number;
  } | null;
  featureImportances: { feature: string; label: string; importance: number }[];
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<Node> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { node: Node }[];
}

/** A typed error from a result union; `Name` is its GraphQL type. */
export interface TypedError<Name extends string = string> {
  __typename: Name;
  message: string;
  code: string;
}
