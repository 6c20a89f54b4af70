import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import { GraphQLError } from 'graphql';
import { canWrite, hasRole } from './auth';
import type { Context } from './context';
import { PAGE_SIZE_ARG } from './schema/pages';
import { zodValidationError } from './schema/validation';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    /** A call's start as sent: judged per record by the pipeline (pipeline/validate.ts). */
    CallTime: { Input: unknown; Output: never };
  };
  AuthScopes: {
    analyst: boolean;
    operator: boolean;
    admin: boolean;
    /** ADMIN or AUDITOR: the audit log. */
    auditor: boolean;
    /** Any role that may change things: ANALYST, OPERATOR, ADMIN (not the read-only AUDITOR). */
    writer: boolean;
    /** A person signed in with a session (own password, sign-out). */
    signedIn: boolean;
    /** Anyone, the public included, but a session still on its one-time password. */
    unrestricted: boolean;
  };
  Connection: { totalCount: number };
}>({
  defaultFieldNullability: false,
  // Errors before Zod: a refused argument becomes the field's ValidationError result when the
  // field declares it (docs/decisions/019-schema-plugins.md).
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ZodPlugin, DataloaderPlugin, RelayPlugin, ComplexityPlugin],
  zod: { validationError: zodValidationError },
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => {
      // A one-time password only lets its holder choose their own password.
      const restricted = context.viewer.mustChangePassword === true;
      return {
        analyst: !restricted && hasRole(context.viewer, 'ANALYST'),
        operator: !restricted && hasRole(context.viewer, 'OPERATOR'),
        admin: !restricted && hasRole(context.viewer, 'ADMIN'),
        auditor: !restricted && hasRole(context.viewer, 'AUDITOR'),
        writer: !restricted && canWrite(context.viewer),
        signedIn: context.viewer.sessionId !== null,
        unrestricted: !restricted,
      };
    },
    unauthorizedError: (_parent, context, info) =>
      new GraphQLError(
        context.viewer.role === 'ANONYMOUS'
          ? `${info.parentType.name}.${info.fieldName} needs an API key or a sign-in (Authorization: Bearer <token>)`
          : context.viewer.mustChangePassword
            ? `${info.parentType.name}.${info.fieldName}: change your one-time password first (changePassword)`
            : `${info.parentType.name}.${info.fieldName} is not allowed for role ${context.viewer.role}`,
        { extensions: { code: context.viewer.role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN' } },
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // The page size rule (api/src/schema/pages.ts): negative refused, above the field's maximum clamped.
    firstArgOptions: { description: PAGE_SIZE_ARG, validate: { int: true, nonnegative: true } },
    lastArgOptions: { description: PAGE_SIZE_ARG, validate: { int: true, nonnegative: true } },
  },
  // Weights only: the limits are checked over the whole document before execution, where
  // aliases, `__typename` and introspection count too (api/src/guard/query-guard.ts).
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
  },
});

export type SatarkTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
