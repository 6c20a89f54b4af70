// The default limits must let every legitimate document through: each operation the dashboard
// sends and GraphiQL's introspection query, through the same guard the server runs.
import { type DocumentNode, getIntrospectionQuery, print } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import * as alerts from '../../web/app/lib/graphql/alerts';
import * as campaigns from '../../web/app/lib/graphql/campaigns';
import * as landing from '../../web/app/lib/graphql/landing';
import * as live from '../../web/app/lib/graphql/live';
import * as model from '../../web/app/lib/graphql/model';
import * as numbers from '../../web/app/lib/graphql/numbers';
import * as overview from '../../web/app/lib/graphql/overview';
import { loadConfig } from '../src/config';
import { inspectVariables, queryGuardPlugins, queryLimitsFrom } from '../src/guard/query-guard';
import { schema } from '../src/schema';

const limits = queryLimitsFrom(loadConfig({}));
const guardedYoga = (complexity: number) =>
  createYoga({ schema, plugins: queryGuardPlugins({ ...limits, complexity }), logging: false });
const defaultYoga = guardedYoga(limits.complexity);

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Document';

const dashboard: [string, string][] = [
  ...Object.entries({ ...alerts, ...campaigns, ...live, ...model, ...numbers, ...overview })
    .filter((entry): entry is [string, DocumentNode] => isDocument(entry[1]))
    .map(([name, document]): [string, string] => [name, print(document)]),
  ['landingStreamSubscription', landing.landingStreamSubscription],
];

function guardErrors(query: string, variables: Record<string, unknown> = {}, complexity = limits.complexity) {
  const yoga = complexity === limits.complexity ? defaultYoga : guardedYoga(complexity);
  const { parse, validate, schema: guardedSchema } = yoga.getEnveloped({ params: { query, variables } });
  return validate(guardedSchema, parse(query)).map((error: Error) => error.message);
}

describe('the default query limits', () => {
  it('cover every operation the dashboard sends', () => {
    expect(dashboard.length).toBeGreaterThanOrEqual(13);
  });

  it.each(dashboard)('let the dashboard’s %s through with room to spare', (name, query) => {
    // Variables that fit every document, so that the cost is computed (not skipped as invalid).
    const variables = {
      minutes: 5,
      first: 25,
      maxTargets: 150,
      number: '+919812345678',
      id: 'x',
      resolution: 'checked',
      input: { number: '+919812345678', category: 'LOTTERY' },
      ...(/campaign/i.test(name) ? { status: 'ACTIVE' } : {}),
    };
    expect(guardErrors(query, variables)).toEqual([]);
    expect(guardErrors(query, variables, Math.floor(limits.complexity * 0.75))).toEqual([]);
  });

  it('let GraphiQL’s introspection query through', () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    expect(guardErrors(introspection)).toEqual([]);
  });

  it('measure the nesting of variables without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(inspectVariables({ n: deep }, 16).depth).toBe(17);
    expect(inspectVariables({ calls: [{ callId: 'a' }] }, 16)).toEqual({ depth: 3, nul: false });
    expect(inspectVariables({ d: ['ok', 'no\u0000'] }, 16).nul).toBe(true);
  });
});
