// Subscriptions the browser opens through the web server's /live relay.
import { alertFields, statsFields, threatEventFields } from './fragments';
import { graphql } from './graphql';

export const threatStreamSubscription = graphql(
  `
  subscription DashboardStream {
    threatStream {
      stats { ...StatsFields }
      events { ...ThreatEventFields }
    }
  }
`,
  [statsFields, threatEventFields],
);

export const alertRaisedSubscription = graphql(
  `
  subscription AlertRaised($minSeverity: AlertSeverity) {
    alertRaised(minSeverity: $minSeverity) { ...AlertFields }
  }
`,
  [alertFields],
);
