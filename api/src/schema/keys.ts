import { builder } from '../builder';
import type { Account, ApiKey } from '../generated/prisma/client';
import { COST } from '../guard/field-costs';
import { findAccount, keyRoleAllowed, publicAccount } from '../services/accounts';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys';
import { audited } from '../services/audit';
import { RoleNotAllowedError } from '../services/auth-errors';
import { ValidationError } from '../services/errors';
import { AccountRef } from './accounts';
import { RoleEnum } from './common';

const ViewerRef = builder
  .objectRef<{ role: 'ANONYMOUS' | ApiKey['role']; keyName: string | null }>('Viewer')
  .implement({
    fields: (t) => ({
      role: t.field({ type: RoleEnum, resolve: (viewer) => viewer.role }),
      keyName: t.exposeString('keyName', { nullable: true }),
    }),
  });

const ApiKeyRef = builder.objectRef<ApiKey & { owner?: Account | null }>('ApiKey').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (key) => key.role }),
    prefix: t.exposeString('prefix'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    owner: t.field({
      type: AccountRef,
      nullable: true,
      description: 'The account the key belongs to; null for the configured dashboard key and CLI keys.',
      resolve: async (key, _args, context) => {
        if (key.owner !== undefined) return key.owner ? publicAccount(key.owner) : null;
        return key.ownerId ? publicAccount(await findAccount(context.app.db, key.ownerId)) : null;
      },
    }),
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
    authScopes: { writer: true },
    description:
      "A key owned by the signed-in caller (an ADMIN key makes a key owned by its own owner, or an ownerless one). Only a session or an ADMIN key may create keys. Its role cannot exceed the owner's role nor the caller's, and it is demoted with its owner.",
    args: {
      name: t.arg.string({
        required: true,
        description: '1 to 100 characters',
        validate: {
          refine: [
            (name) => name.trim().length > 0 && name.length <= 100,
            { message: 'A key needs a name of 1 to 100 characters' },
          ],
        },
      }),
      role: t.arg({ type: RoleEnum, required: true }),
    },
    errors: { types: [ValidationError, RoleNotAllowedError] },
    resolve: async (_root, args, context) => {
      // Checked here, not by Zod: the check narrows the role's type for what follows.
      if (args.role === 'ANONYMOUS') {
        throw new ValidationError('A key needs a role: ANALYST, OPERATOR, ADMIN or AUDITOR', [
          { path: 'role', message: 'ANONYMOUS is not a key role' },
        ]);
      }
      const keyRole = args.role;
      const { viewer } = context;
      // A key that could mint keys would outlive its own revocation in its children.
      if (!viewer.sessionId && viewer.role !== 'ADMIN') {
        throw new RoleNotAllowedError(
          'Keys are created by a signed-in person (or with an ADMIN key): sign in first',
        );
      }
      const ownerRole = viewer.accountId ? (await findAccount(context.app.db, viewer.accountId)).role : null;
      const callerRole = viewer.role as Exclude<typeof viewer.role, 'ANONYMOUS'>;
      const refusing = [ownerRole, callerRole].find((role) => role && !keyRoleAllowed(role, keyRole));
      if (refusing) throw new RoleNotAllowedError(`An ${refusing} cannot hand out an ${keyRole} key`);
      return audited(
        context,
        (tx) => createApiKey(tx, { name: args.name, role: keyRole, ownerId: viewer.accountId }),
        (created) => ({
          action: 'apikey.create',
          targetType: 'ApiKey',
          targetId: created.apiKey.id,
          after: { name: created.apiKey.name, role: created.apiKey.role, ownerId: created.apiKey.ownerId },
        }),
      );
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    nullable: true,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const id = String(args.id);
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const { revoked } = await audited(
        context,
        async (tx) => {
          const before = await tx.apiKey.findUnique({ where: { id }, select: { revokedAt: true } });
          return { before, revoked: before ? await revokeApiKey(tx, id) : null };
        },
        ({ before, revoked }) =>
          revoked
            ? {
                action: 'apikey.revoke',
                targetType: 'ApiKey',
                targetId: id,
                before,
                after: { revokedAt: revoked.revokedAt },
              }
            : null,
      );
      if (revoked) {
        // Its open WebSockets close on every instance now, not at their next connection_init.
        context.app.sockets.revoke({ keyIds: [revoked.id], reason: 'API key revoked' });
      }
      return revoked;
    },
  }),
}));
