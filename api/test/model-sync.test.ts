// One model for the grid: a retrain on one instance is scored with on every instance.
import { randomUUID } from 'node:crypto';
import { streamTraffic } from '@satark/ml';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { toCallInput } from '../src/services/simulator';
import { eventually, startTestApi, type TestApi, WORKING_HOURS_MS, workingHoursStart } from './harness';
import { redisReachable, testRedisUrl } from './redis-support';

const available = (await redisReachable()) && !inject('embeddedDatabase');
if (!available) console.warn('No Redis or an embedded database: skipping the model sync test');

const started: TestApi[] = [];
afterAll(async () => {
  await Promise.all(started.map((api) => api.close()));
});

describe.runIf(available)('model swaps across instances', () => {
  it('a model retrained on one instance is swapped in on the other within seconds', async () => {
    const prefix = `satark-model-${randomUUID().slice(0, 8)}`;
    // A long periodic check: only the announcement can make the swap fast.
    const env = { REDIS_PREFIX: prefix, DATABASE_POOL_SIZE: '3', MODEL_SYNC_MS: '600000' };
    const [a, b] = [
      await startTestApi({ redisUrl: testRedisUrl, env }),
      await startTestApi({ redisUrl: testRedisUrl, env }),
    ];
    started.push(a, b);
    expect(b.app.models.version).toBe(a.app.models.version);

    // A working day's traffic of a few hundred callers (within the retrain's 48 h) to learn from.
    const run = randomUUID().slice(0, 8);
    const calls = [];
    const start = workingHoursStart();
    for (const cdr of streamTraffic({ seed: 3, start, callers: 400, fraudRatio: 0.02 })) {
      if (cdr.timestamp > start + WORKING_HOURS_MS || calls.length === 4000) break;
      calls.push(toCallInput({ ...cdr, callId: `sync-${run}-${cdr.callId}` }));
    }
    await a.app.ingest(calls);

    const retrained = await a.gql<{ retrainModel: { __typename: string; data?: { version: string } } }>(
      'mutation { retrainModel(windowHours: 48) { __typename ... on MutationRetrainModelSuccess { data { version } } } }',
      {},
      a.keys.ADMIN,
    );
    const version = retrained.data?.retrainModel.data?.version;
    expect(version, JSON.stringify(retrained)).toBeTruthy();
    expect(a.app.models.version).toBe(version);
    await eventually(
      () => (b.app.models.version === version ? true : undefined),
      30_000,
      'the other instance swapping the model in',
    );
  }, 180_000);
});
