// The landing page's live counter: a plain string, not a parsed document, so the page does
// not ship a GraphQL parser (documents.test.ts still validates it against the schema).
import type { Stats } from './types';

export const landingStreamSubscription = /* GraphQL */ `
  subscription LandingStream {
    threatStream {
      stats {
        totalCalls
        flaggedCalls
        updatedAt
      }
    }
  }
`;

export interface LandingStreamData {
  threatStream: { stats: Pick<Stats, 'totalCalls' | 'flaggedCalls' | 'updatedAt'> };
}
