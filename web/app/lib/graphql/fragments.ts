import { gql } from '@urql/core';

export const statsFields = gql`
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
`;

export const threatEventFields = gql`
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
`;

export const campaignSummaryFields = gql`
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
`;

export const alertFields = gql`
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
    acknowledgedBy
    resolvedAt
    resolvedBy
    resolution
    campaign {
      id
      name
    }
    case {
      id
      number
    }
  }
`;

export const numberCheckFields = gql`
  fragment NumberCheckFields on NumberCheck {
    number
    nationalFormat
    verdict
    verdictSource
    riskScore
    scored
    known {
      callsSeen
      scored
      reports
      listEntries
    }
    listEntries {
      entryId
      listName
      kind
      text
      reason
      source
      expiresAt
    }
    modelRiskScore
    callsInWindow
    callsWindowHours
    category
    reportCount
    reports {
      reporters
      byCategory {
        category
        reporters
      }
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
    campaign {
      id
      name
      type
      status
    }
    reasons {
      feature
      label
      text
      value
      contribution
    }
  }
`;
