import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('GraphQL over HTTP', () => {
  it('passes every MUST of the graphql-http server audit', async () => {
    const results = await Promise.all(serverAudits({ url: () => api.url }).map((audit) => audit.fn()));
    const failedMust = results.flatMap((r) => (r.status === 'error' ? [`${r.name}: ${r.reason}`] : []));
    const counts: Record<string, number> = {};
    for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
    console.info(`graphql-http audit: ${results.length} audits`, counts);
    expect(failedMust).toEqual([]);
  });
});
