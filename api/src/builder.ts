import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { hasRole } from './auth';
import type { Context } from './context';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date | string } };
  AuthScopes: { analyst: boolean; operator: boolean; admin: boolean };
  Connection: { totalCount: number };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, ComplexityPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      analyst: hasRole(context.viewer, 'ANALYST'),
      operator: hasRole(context.viewer, 'OPERATOR'),
      admin: hasRole(context.viewer, 'ADMIN'),
    }),
    unauthorizedError: (_parent, context, info) =>
      new GraphQLError(
        context.viewer.role === 'ANONYMOUS'
          ? `${info.parentType.name}.${info.fieldName} needs an API key (Authorization: Bearer <key>)`
          : `${info.parentType.name}.${info.fieldName} is not allowed for role ${context.viewer.role}`,
        { extensions: { code: context.viewer.role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN' } },
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  // Weights only: the limits are checked over the whole document before execution, where
  // aliases, `__typename` and introspection count too (api/src/guard/query-guard.ts).
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
