// Subscriptions the browser opens through the web server's /live relay.
import { gql, type TypedDocumentNode } from '@urql/core';
import { alertFields, statsFields, threatEventFields } from './fragments';
import type { Alert, AlertSeverity, Stats, ThreatEvent } from './types';

export const threatStreamSubscription: TypedDocumentNode<
  { threatStream: { stats: Stats; events: ThreatEvent[] } },
  Record<string, never>
> = gql`
  subscription DashboardStream {
    threatStream {
      stats {
        ...StatsFields
      }
      events {
        ...ThreatEventFields
      }
    }
  }
  ${statsFields}
  ${threatEventFields}
`;

export const alertRaisedSubscription: TypedDocumentNode<
  { alertRaised: Alert },
  { minSeverity?: AlertSeverity | null }
> = gql`
  subscription AlertRaised($minSeverity: AlertSeverity) {
    alertRaised(minSeverity: $minSeverity) {
      ...AlertFields
    }
  }
  ${alertFields}
`;
