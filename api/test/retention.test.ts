// Retention deletes calls ingested before the window, and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callInput, startTestApi, type TestApi } from './harness';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ env: { CALL_RETENTION_HOURS: '6' } });
});
afterAll(() => api?.close());

describe('retention', () => {
  it('deletes calls ingested more than CALL_RETENTION_HOURS ago and keeps newer ones and the totals', async () => {
    const old = [callInput(), callInput()];
    const recent = [callInput()];
    await api.gql(
      'mutation($c: [CallRecordInput!]!) { ingestCalls(calls: $c) { __typename } }',
      { c: [...old, ...recent] },
      api.keys.OPERATOR,
    );
    const oldIds = old.map((c) => c.callId as string);
    await api.app.db.callRecord.updateMany({
      where: { callId: { in: oldIds } },
      data: { ingestedAt: new Date(Date.now() - 7 * 3600_000) },
    });
    api.app.stats.invalidate();
    const totalBefore = (await api.app.stats.snapshot()).totalCalls;

    const deleted = await api.app.retention.runOnce();

    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(await api.app.db.callRecord.count({ where: { callId: { in: oldIds } } })).toBe(0);
    expect(await api.app.db.callRecord.count({ where: { callId: recent[0]?.callId as string } })).toBe(1);
    api.app.stats.invalidate();
    expect((await api.app.stats.snapshot()).totalCalls).toBe(totalBefore);
  });
});
