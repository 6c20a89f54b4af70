// The landing subscription as a typed document, for its result type. The landing page imports
// only the type from here (erased at build), so it never loads the parser; see landing.ts.
import { graphql, type ResultOf } from './graphql';
import { landingStreamSubscription } from './landing';

export const landingStreamDocument = graphql(landingStreamSubscription);

export type LandingStreamData = ResultOf<typeof landingStreamDocument>;
