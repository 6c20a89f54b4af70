// People: sign-in (password or OIDC), sessions, one's own password, and accounts admin.
import { builder } from '../builder';
import type { Context } from '../context';
import { Role } from '../generated/prisma/enums';
import {
  changePassword,
  createAccount,
  findAccount,
  listAccounts,
  loginWithPassword,
  type PublicAccount,
  publicAccount,
  resetPassword,
  startSession,
  updateAccount,
} from '../services/accounts';
import {
  type AuditActor,
  appendAuditIn,
  auditActorOf,
  audited,
  auditIn,
  recordAudit,
} from '../services/audit';
import {
  AccountDisabledError,
  InvalidCredentialsError,
  OidcError,
  PasswordPolicyError,
  RoleNotAllowedError,
} from '../services/auth-errors';
import { NotFoundError, RateLimitError, ValidationError } from '../services/errors';
import { OidcVerifier, upsertOidcAccount } from '../services/oidc';
import { revokeSession } from '../services/sessions';
import { ErrorInterface } from './common';
import { countedConnection, countedConnectionType, pagedDescription, pageSize } from './pages';

const ACCOUNTS_PAGE = pageSize(50, 200);

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  interfaces: [ErrorInterface],
});
builder.objectType(AccountDisabledError, { name: 'AccountDisabledError', interfaces: [ErrorInterface] });
builder.objectType(OidcError, { name: 'OidcError', interfaces: [ErrorInterface] });
builder.objectType(RoleNotAllowedError, { name: 'RoleNotAllowedError', interfaces: [ErrorInterface] });
builder.objectType(PasswordPolicyError, {
  name: 'PasswordPolicyError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ reason: t.exposeString('reason') }),
});

const AccountRoleEnum = builder.enumType(Role, { name: 'AccountRole' });

export const AccountRef = builder.objectRef<PublicAccount>('Account').implement({
  description:
    'A person who signs in. AUDITOR reads what an ANALYST reads and the audit log, and changes nothing.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    role: t.field({ type: AccountRoleEnum, resolve: (account) => account.role }),
    enabled: t.exposeBoolean('enabled'),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
    mustChangePassword: t.exposeBoolean('mustChangePassword'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

interface LoginShape {
  token: string;
  expiresAt: Date;
  account: PublicAccount;
}

const LoginSuccessRef = builder.objectRef<LoginShape>('LoginSuccess').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`; shown once.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'Absolute end (SESSION_TTL_HOURS).' }),
    account: t.field({ type: AccountRef, resolve: (login) => login.account }),
  }),
});

const OneTimePasswordRef = builder
  .objectRef<{ account: PublicAccount; oneTimePassword: string | null }>('AccountWithPassword')
  .implement({
    fields: (t) => ({
      account: t.field({ type: AccountRef, resolve: (created) => created.account }),
      oneTimePassword: t.exposeString('oneTimePassword', {
        nullable: true,
        description: 'Generated when no password was given; shown once; must be changed at sign-in.',
      }),
    }),
  });

/** Audit-friendly view of an account: no secrets. */
function snapshot(account: PublicAccount) {
  return {
    email: account.email,
    displayName: account.displayName,
    role: account.role,
    enabled: account.enabled,
    mustChangePassword: account.mustChangePassword,
  };
}

function accountTarget(id: string) {
  return { targetType: 'Account', targetId: id };
}

builder.queryFields((t) => ({
  me: t.field({
    type: AccountRef,
    nullable: true,
    description: 'The signed-in account (or the owner of the key used); null when anonymous.',
    resolve: async (_root, _args, context) =>
      context.viewer.accountId
        ? publicAccount(await findAccount(context.app.db, context.viewer.accountId))
        : null,
  }),
  accounts: t.connection(
    {
      type: AccountRef,
      authScopes: { admin: true },
      description: pagedDescription('Every account.', ACCOUNTS_PAGE),
      resolve: (_root, args, context) =>
        countedConnection(
          args,
          ACCOUNTS_PAGE,
          async (page) => (await listAccounts(context.app.db, page)).map(publicAccount),
          () => context.app.db.account.count(),
        ),
    },
    countedConnectionType('AccountConnection'),
    { name: 'AccountEdge' },
  ),
}));

async function recordLoginFailure(context: Context, email: string, error: unknown): Promise<void> {
  const reason = error instanceof Error && 'code' in error ? String(error.code) : 'ERROR';
  await recordAudit(context, {
    action: 'login.failure',
    targetType: 'Account',
    targetId: null,
    after: { email: email.slice(0, 254), reason },
  });
}

/** Who signs in: the account itself (the request had no viewer account yet). */
function signedInActor(context: Context, account: { id: string; email: string }): AuditActor {
  return { ...auditActorOf(context), accountId: account.id, actor: `account:${account.email}` };
}

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginSuccessRef,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    errors: {
      types: [InvalidCredentialsError, RateLimitError, AccountDisabledError],
      directResult: true,
      union: { name: 'LoginResult' },
    },
    resolve: async (_root, args, context) => {
      const { app, viewer } = context;
      try {
        const login = await loginWithPassword(
          { db: app.db, throttle: app.people.throttle, sessions: app.people.sessions },
          { email: args.email, password: args.password, client: viewer.client },
          (tx, account) =>
            appendAuditIn(tx, signedInActor(context, account), {
              action: 'login.success',
              ...accountTarget(account.id),
              after: { method: 'password' },
            }),
        );
        return { ...login, account: publicAccount(login.account) };
      } catch (error) {
        await recordLoginFailure(context, args.email, error);
        throw error;
      }
    },
  }),
  loginWithOidc: t.field({
    type: LoginSuccessRef,
    description:
      'Exchanges an ID token from the configured OIDC issuer (verified against its JWKS) for a session.',
    args: { idToken: t.arg.string({ required: true }) },
    errors: {
      types: [OidcError, AccountDisabledError, RateLimitError],
      directResult: true,
      union: { name: 'LoginWithOidcResult' },
    },
    resolve: async (_root, args, context) => {
      const { app, viewer } = context;
      try {
        // Before the token is verified there is no account to count against: the client only.
        await app.people.throttle.check(null, viewer.client);
        const verifier = oidcVerifier(context);
        const identity = await verifier.verify(args.idToken).catch(async (error: unknown) => {
          await app.people.throttle.fail(null, viewer.client);
          throw error;
        });
        const account = await upsertOidcAccount(app.db, identity);
        if (!account.enabled) throw new AccountDisabledError();
        const login = await startSession(
          { db: app.db, sessions: app.people.sessions },
          account,
          viewer.client,
          (tx) =>
            appendAuditIn(tx, signedInActor(context, account), {
              action: 'login.success',
              ...accountTarget(account.id),
              after: { method: 'oidc', role: account.role, subject: identity.subject },
            }),
        );
        return { ...login, account: publicAccount(login.account) };
      } catch (error) {
        await recordLoginFailure(context, '(oidc)', error);
        throw error;
      }
    },
  }),
  logout: t.boolean({
    description: 'Ends the session whose token made this request. False when the request used no session.',
    resolve: async (_root, _args, context) => {
      const { viewer, app } = context;
      if (!viewer.sessionId) return false;
      const sessionId = viewer.sessionId;
      await audited(
        context,
        (tx) => revokeSession(tx, sessionId),
        () => ({ action: 'logout', targetType: 'Session', targetId: sessionId }),
      );
      app.sockets.revoke({ sessionIds: [sessionId], reason: 'Signed out' });
      return true;
    },
  }),
  changePassword: t.field({
    type: AccountRef,
    authScopes: { signedIn: true },
    description: "Changes the signed-in account's password; its other sessions end.",
    args: {
      currentPassword: t.arg.string({ required: true }),
      newPassword: t.arg.string({ required: true }),
    },
    errors: { types: [PasswordPolicyError, InvalidCredentialsError, RateLimitError] },
    resolve: async (_root, args, context) => {
      const { viewer, app } = context;
      const accountId = viewer.accountId as string;
      const email = viewer.accountEmail ?? accountId;
      await app.people.throttle.check(email, viewer.client);
      const changed = await changePassword(
        app.db,
        accountId,
        viewer.sessionId,
        args.currentPassword,
        args.newPassword,
        auditIn(auditActorOf(context), (result) => ({
          action: 'account.password_change',
          ...accountTarget(accountId),
          after: { revokedSessions: result.revokedSessionIds.length },
        })),
      ).catch(async (error: unknown) => {
        if (error instanceof InvalidCredentialsError) await app.people.throttle.fail(email, viewer.client);
        throw error;
      });
      app.sockets.revoke({ sessionIds: changed.revokedSessionIds, reason: 'Password changed' });
      return publicAccount(changed.account);
    },
  }),
  createAccount: t.field({
    type: OneTimePasswordRef,
    authScopes: { admin: true },
    args: {
      email: t.arg.string({ required: true }),
      displayName: t.arg.string({ required: true }),
      role: t.arg({ type: AccountRoleEnum, required: true }),
      password: t.arg.string({ description: 'Omit to get a generated one-time password.' }),
    },
    errors: { types: [ValidationError, PasswordPolicyError] },
    resolve: async (_root, args, context) => {
      const created = await createAccount(
        context.app.db,
        args,
        auditIn(auditActorOf(context), (account) => ({
          action: 'account.create',
          ...accountTarget(account.id),
          after: snapshot(publicAccount(account)),
        })),
      );
      return { account: publicAccount(created.account), oneTimePassword: created.oneTimePassword };
    },
  }),
  updateAccount: t.field({
    type: AccountRef,
    authScopes: { admin: true },
    description: 'Disabling an account ends its sessions and closes its live sockets.',
    args: {
      id: t.arg.id({ required: true }),
      displayName: t.arg.string(),
      role: t.arg({ type: AccountRoleEnum }),
      enabled: t.arg.boolean(),
    },
    errors: { types: [NotFoundError, ValidationError, RoleNotAllowedError] },
    resolve: async (_root, args, context) => {
      const { before, after, revokedSessionIds } = await updateAccount(
        context.app.db,
        String(args.id),
        args,
        auditIn(auditActorOf(context), (result) => ({
          action:
            result.before.enabled && !result.after.enabled
              ? 'account.disable'
              : !result.before.enabled && result.after.enabled
                ? 'account.enable'
                : 'account.update',
          ...accountTarget(result.after.id),
          before: snapshot(publicAccount(result.before)),
          after: snapshot(publicAccount(result.after)),
        })),
      );
      if (!after.enabled) {
        context.app.sockets.revoke({
          accountId: after.id,
          sessionIds: revokedSessionIds,
          reason: 'Account disabled',
        });
      } else if (before.role !== after.role) {
        // Sockets keep the viewer they connected with: they reconnect with the new role.
        context.app.sockets.revoke({ accountId: after.id, reason: 'Role changed' });
      }
      return publicAccount(after);
    },
  }),
  resetPassword: t.field({
    type: OneTimePasswordRef,
    authScopes: { admin: true },
    description: 'A new one-time password (shown once); the account must change it; its sessions end.',
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [NotFoundError] },
    resolve: async (_root, args, context) => {
      const reset = await resetPassword(
        context.app.db,
        String(args.id),
        auditIn(auditActorOf(context), (result) => ({
          action: 'account.reset_password',
          ...accountTarget(result.account.id),
          after: { revokedSessions: result.revokedSessionIds.length },
        })),
      );
      context.app.sockets.revoke({ sessionIds: reset.revokedSessionIds, reason: 'Password reset' });
      return { account: publicAccount(reset.account), oneTimePassword: reset.oneTimePassword };
    },
  }),
}));

const verifiers = new WeakMap<object, OidcVerifier>();

/** One verifier (and JWKS cache) per server configuration. */
function oidcVerifier(context: Context): OidcVerifier {
  const { config } = context.app;
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID) {
    throw new OidcError('Sign-in with OIDC is not configured (OIDC_ISSUER, OIDC_CLIENT_ID)');
  }
  let verifier = verifiers.get(config);
  if (!verifier) {
    verifier = new OidcVerifier({
      issuer: config.OIDC_ISSUER,
      clientId: config.OIDC_CLIENT_ID,
      roleClaim: config.OIDC_ROLE_CLAIM,
    });
    verifiers.set(config, verifier);
  }
  return verifier;
}
