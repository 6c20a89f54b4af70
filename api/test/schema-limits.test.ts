// One rule for every list size argument: negative refused, above the maximum clamped, and the
// maximum written in the schema where a client reads it (api/src/schema/pages.ts, SECURITY.md).
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema';
import { startTestApi, type TestApi } from './harness';

/** Arguments that say how many rows (or minutes of rows) a field returns. */
const SIZE_ARGUMENTS = new Set(['first', 'last', 'limit', 'minutes', 'maxTargets']);

describe('list sizes in the schema', () => {
  it('states the maximum of every size argument, on the argument or its field', () => {
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          if (!SIZE_ARGUMENTS.has(arg.name)) continue;
          const said = `${arg.description ?? ''} ${field.description ?? ''}`;
          if (!/at most \d+ \(more is clamped/.test(said))
            undocumented.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});

describe('list sizes when asked', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('clamps a connection’s first above its maximum and a plain count above its maximum', async () => {
    const page = await api.gql<{ alerts: { edges: unknown[] } }>(
      '{ alerts(first: 100000) { edges { cursor } } }',
      {},
      api.keys.ANALYST,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data?.alerts.edges.length).toBeLessThanOrEqual(100);
    const events = await api.gql<{ recentEvents: unknown[] }>(
      '{ recentEvents(last: 100000) { id } }',
      {},
      api.keys.ANALYST,
    );
    expect(events.errors).toBeUndefined();
    expect(events.data?.recentEvents.length).toBeLessThanOrEqual(500);
  });

  it('allows first: 0 for a count alone', async () => {
    const count = await api.gql<{ alerts: { totalCount: number; edges: unknown[] } }>(
      '{ alerts(first: 0) { totalCount edges { cursor } } }',
      {},
      api.keys.ANALYST,
    );
    expect(count.errors).toBeUndefined();
    expect(count.data?.alerts.edges).toEqual([]);
  });

  it('refuses a negative size with BAD_USER_INPUT before anything is read', async () => {
    for (const query of [
      '{ alerts(first: -1) { totalCount } }',
      '{ cases(last: -3, before: "T2Zmc2V0Q29ubmVjdGlvbjox") { totalCount } }',
      '{ recentEvents(last: -5) { id } }',
      '{ alertGroups(by: NUMBER, first: -1) { key } }',
      '{ traffic(minutes: -1) { calls } }',
    ]) {
      const refused = await api.gql(query, {}, api.keys.ANALYST);
      expect(refused.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message, query).toMatch(/first|last|minutes/);
    }
  });

  it('refuses a search over 100 characters through the argument’s schema', async () => {
    const refused = await api.gql(
      '{ alerts(search: $search) { totalCount } }'.replace('$search', `"${'x'.repeat(101)}"`),
      {},
      api.keys.ANALYST,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/search: at most 100 characters/);
  });
});
