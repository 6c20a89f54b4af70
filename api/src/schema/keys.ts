import { builder } from '../builder';
import type { ApiKey } from '../generated/prisma/client';
import { COST } from '../guard/field-costs';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys';
import { ValidationError } from '../services/errors';
import { RoleEnum } from './common';

const ViewerRef = builder
  .objectRef<{ role: 'ANONYMOUS' | ApiKey['role']; keyName: string | null }>('Viewer')
  .implement({
    fields: (t) => ({
      role: t.field({ type: RoleEnum, resolve: (viewer) => viewer.role }),
      keyName: t.exposeString('keyName', { nullable: true }),
    }),
  });

const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (key) => key.role }),
    prefix: t.exposeString('prefix'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedApiKeyRef = builder.objectRef<{ key: string; apiKey: ApiKey }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Shown once; only its hash is stored.' }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (created) => created.apiKey }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: ViewerRef,
    description: 'Who the API thinks you are.',
    resolve: (_root, _args, context) => context.viewer,
  }),
  apiKeys: t.field({
    type: [ApiKeyRef],
    authScopes: { admin: true },
    complexity: COST.page,
    resolve: (_root, _args, context) => listApiKeys(context.app.db),
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKeyRef,
    authScopes: { admin: true },
    args: { name: t.arg.string({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    errors: { types: [ValidationError] },
    resolve: (_root, args, context) => {
      if (args.role === 'ANONYMOUS') {
        throw new ValidationError('A key needs a role: ANALYST, OPERATOR or ADMIN', [
          { path: 'role', message: 'ANONYMOUS is not a key role' },
        ]);
      }
      if (!args.name.trim() || args.name.length > 100) {
        throw new ValidationError('A key needs a name of 1 to 100 characters', [
          { path: 'name', message: '1 to 100 characters' },
        ]);
      }
      return createApiKey(context.app.db, { name: args.name, role: args.role });
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    nullable: true,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const revoked = await revokeApiKey(context.app.db, String(args.id));
      // Its open WebSockets close on every instance now, not at their next connection_init.
      if (revoked) await context.app.keySockets.announce([revoked.id], 'API key revoked');
      return revoked;
    },
  }),
}));
