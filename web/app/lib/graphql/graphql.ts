// Typed GraphQL documents (decision 023). gql.tada infers every document's result and variables
// types from graphql-env.d.ts, which `npm run web:types` generates from schema.graphql.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // Fragments compose selections; pages read them whole (no readFragment at every use).
  disableMasking: true;
  scalars: { DateTime: string; JSON: unknown };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';

/** The values of one of the schema's enums, e.g. `EnumOf<'FraudCategory'>`. */
export type EnumOf<Name extends string> = ReturnType<typeof graphql.scalar<Name>>;
