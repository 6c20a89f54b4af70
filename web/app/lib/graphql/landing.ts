// The landing page's live counter: a plain string, not a parsed document, so the page does
// not ship a GraphQL parser. landing-document.ts types it (and documents.test.ts validates it).
export const landingStreamSubscription = /* GraphQL */ `
  subscription LandingStream {
    threatStream {
      stats { totalCalls flaggedCalls updatedAt }
    }
  }
`;
