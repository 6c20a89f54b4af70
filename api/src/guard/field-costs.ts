// What a field costs the server, in the units of MAX_QUERY_COMPLEXITY.
//
// A scalar, or an object read from its parent, costs 1 (the builder's default) and a list
// multiplies its selection by 10. A field that goes to the database costs what its query costs
// relative to that, so that aliasing it many times is priced as many queries: 99 aliases of
// `regions` once cost 14 s of database time because every alias counted as 1.
// The weights are attached with `complexity: COST.x` where each field is defined and are
// checked over the whole document before execution (see query-guard.ts).
export const COST = {
  /** Served from a cache of a fraction of a second (stats): cheap after the first read. */
  cached: 5,
  /** One indexed read (checkNumber, campaign, Alert.campaign, model, traffic). */
  lookup: 20,
  /**
   * A relation read for the whole page in one query (a loadable object: Person): one read per
   * page whatever its size, so a row pays a tenth of a lookup (a list multiplies by 10).
   */
  batched: 2,
  /** A page of rows and their count (campaigns, alerts, recentEvents, apiKeys). */
  page: 50,
  /** An aggregate over the last 24 hours of calls (regions): the costliest read there is. */
  aggregate: 300,
} as const;
