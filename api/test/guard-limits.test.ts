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
// Without Yoga's validation cache, as the server runs (guard/index.ts): it would replay a refusal
// that depends on the variables to the next request sending the same document.
const guardedYoga = (complexity: number) =>
  createYoga({
    schema,
    plugins: queryGuardPlugins({ ...limits, complexity }),
    logging: false,
    parserAndValidationCache: { validationCache: false },
  });
const defaultYoga = guardedYoga(limits.complexity);

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Document';

const dashboard: [string, string][] = [
  ...Object.entries({ ...alerts, ...campaigns, ...live, ...model, ...numbers, ...overview })
    .filter((entry): entry is [string, DocumentNode] => isDocument(entry[1]))
    .map(([name, document]): [string, string] => [name, print(document)]),
  ['landingStreamSubscription', landing.landingStreamSubscription],
];

function guardErrors(
  query: string,
  variables: Record<string, unknown> = {},
  complexity = limits.complexity,
  operationName?: string | null,
) {
  const yoga = complexity === limits.complexity ? defaultYoga : guardedYoga(complexity);
  const {
    parse,
    validate,
    schema: guardedSchema,
  } = yoga.getEnveloped({
    params: { query, variables, operationName },
  });
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

// ingestCalls' records are checked for NUL one by one by the pipeline, so the guard leaves out the
// variables typed CallRecordInput: those of the operation that runs, not of another one beside it.
describe('the NUL check in a document of several operations', () => {
  const NUL = 'Strings may not contain the NUL character (U+0000)';
  const ingest = 'mutation M($i:[CallRecordInput!]!){ingestCalls(calls:$i){__typename}}';
  const read = 'query Q($i:[ID!]!){calls(ids:$i){__typename ... on QueryCallsSuccess{data{id}}}}';
  const record = { callId: 'c1', caller: '+919812345678', receiver: '+919812345679' };

  it('refuses a NUL in the variables of the query run, though the mutation beside it types them CallRecordInput', () => {
    expect(guardErrors(`${ingest} ${read}`, { i: ['a\u0000b'] }, limits.complexity, 'Q')).toEqual([NUL]);
  });

  it('refuses it with the operations in the other order', () => {
    expect(guardErrors(`${read} ${ingest}`, { i: ['a\u0000b'] }, limits.complexity, 'Q')).toEqual([NUL]);
  });

  it('refuses it when no operation, or an unknown one, is named', () => {
    for (const operationName of [undefined, null, 'Nope', '']) {
      expect(guardErrors(`${ingest} ${read}`, { i: ['a\u0000b'] }, limits.complexity, operationName)).toEqual(
        [NUL],
      );
      expect(guardErrors(`${read} ${ingest}`, { i: ['a\u0000b'] }, limits.complexity, operationName)).toEqual(
        [NUL],
      );
    }
  });

  it('still leaves a NUL in a call record to the pipeline when ingestCalls is the operation run', () => {
    const records = { i: [record, { ...record, callId: 'c\u00002' }] };
    expect(guardErrors(ingest, records)).toEqual([]);
    expect(guardErrors(`${ingest} ${read}`, records, limits.complexity, 'M')).toEqual([]);
    expect(guardErrors(`${read} ${ingest}`, records, limits.complexity, 'M')).toEqual([]);
    // Other variables of the same operation are still checked.
    expect(
      guardErrors(
        'mutation M($i:[CallRecordInput!]!, $s:String!){ingestCalls(calls:$i){__typename} reportNumber(input:{number:$s, category:LOTTERY}){__typename}}',
        { ...records, s: 'x\u0000' },
        limits.complexity,
        'M',
      ),
    ).toEqual([NUL]);
  });
});

// A document whose cost passed is remembered (by operation) and not priced again; one whose
// operation was not priced at all must not be.
describe('the remembered cost of a document', () => {
  const costly = `query C($n: String!) { checkNumber(number: $n) { __typename } ${Array.from(
    { length: 20 },
    (_, i) => `r${i}: regions { region }`,
  ).join(' ')} }`;
  const TOO_COMPLEX = /^Query complexity of \d+ exceeds the limit of 400/;

  it('is not remembered when its variables did not fit and nothing was priced', () => {
    const yoga = guardedYoga(400);
    const errors = (variables: Record<string, unknown>, operationName?: string | null) => {
      const {
        parse,
        validate,
        schema: guardedSchema,
      } = yoga.getEnveloped({
        params: { query: costly, variables, operationName },
      });
      return validate(guardedSchema, parse(costly)).map((error: Error) => error.message);
    };
    // A missing or mistyped variable: execution refuses it, the cost is not computed.
    expect(errors({})).toEqual([]);
    expect(errors({ n: 42 }, 'C')).toEqual([]);
    expect(errors({}, 'Nope')).toEqual([]);
    // The same document with fitting variables is priced, and refused, every time.
    expect(errors({ n: '+919812345678' })).toEqual([expect.stringMatching(TOO_COMPLEX)]);
    expect(errors({ n: '+919812345678' }, 'C')).toEqual([expect.stringMatching(TOO_COMPLEX)]);
    expect(errors({ n: '+919812345678' }, 'C')).toEqual([expect.stringMatching(TOO_COMPLEX)]);
  });
});
