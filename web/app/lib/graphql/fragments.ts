// Selections more than one document reads, and the result types named after them.
import { graphql, type ResultOf } from './graphql';

/** What a page needs of a connection besides its nodes. */
export const pageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo { hasNextPage endCursor }
`);

/** Every typed error of a result union; `__typename` tells them apart. */
export const errorFields = graphql(`
  fragment ErrorFields on Error { message code }
`);

export const rateLimitFields = graphql(`
  fragment RateLimitFields on RateLimitError { retryAfterSec }
`);

export const statsFields = graphql(`
  fragment StatsFields on Stats {
    totalCalls
    flaggedCalls
    callsPerSecond
    flaggedPerSecond
    threatIndex
    victimsProtected
    networkLoad
    blockedThreats
    activeCampaigns
    trackedNumbers
    modelVersion
    updatedAt
  }
`);

export const threatEventFields = graphql(`
  fragment ThreatEventFields on ThreatEvent {
    id
    caller
    receiver
    region
    targetRegion
    durationSec
    timestamp
    flagged
    riskScore
    verdict
    category
  }
`);

export const campaignSummaryFields = graphql(`
  fragment CampaignSummaryFields on Campaign {
    id
    name
    type
    status
    nodeCount
    density
    velocity
    totalCalls
    affectedUsers
    regions
    riskScore
    firstSeen
    lastSeen
  }
`);

export const alertFields = graphql(`
  fragment AlertFields on Alert {
    id
    kind
    severity
    status
    title
    message
    number
    createdAt
    acknowledgedAt
    acknowledger { kind displayName email accountId }
    resolvedAt
    resolver { kind displayName email accountId }
    resolution
    campaign { id name }
    case { id number }
  }
`);

export const reasonFields = graphql(`
  fragment ReasonFields on Reason { feature label text value contribution }
`);

export const numberCheckFields = graphql(
  `
  fragment NumberCheckFields on NumberCheck {
    number
    nationalFormat
    verdict
    verdictSource
    riskScore
    scored
    known { callsSeen scored reports listEntries }
    listEntries { entryId listName kind text reason source expiresAt }
    modelRiskScore
    callsInWindow
    callsWindowHours
    category
    reportCount
    reports {
      reporters
      byCategory { category reporters }
      last24Hours
      last7Days
      last30Days
      anonymous
      untrustedKeys
      trustedKeys
      verified
      trusted
      trustedNeeded
      riskScore
      verdict
    }
    carrier
    lineType
    region
    firstSeen
    lastSeen
    modelVersion
    campaign { id name type status }
    reasons { ...ReasonFields }
  }
`,
  [reasonFields],
);

export type Stats = ResultOf<typeof statsFields>;
export type ThreatEvent = ResultOf<typeof threatEventFields>;
export type CampaignSummary = ResultOf<typeof campaignSummaryFields>;
export type Alert = ResultOf<typeof alertFields>;
export type Reason = ResultOf<typeof reasonFields>;
export type NumberCheck = ResultOf<typeof numberCheckFields>;
/** Who reported a number, shown apart from the model's evidence. */
export type ReportBreakdown = NumberCheck['reports'];
