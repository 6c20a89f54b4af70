// People: accounts, sign-in, sessions (expiry, logout, password change), throttling, and
// disabling an account ending its sessions and its open graphql-ws sockets.
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../src/services/api-keys';
import { deleteEndedSessions } from '../src/services/sessions';
import { eventually, startTestApi, type TestApi } from './harness';
import { createPerson, login, sessionFor, strongPassword, uniqueEmail } from './people-support';

let api: TestApi;
const clients: Client[] = [];
beforeAll(async () => {
  // The sockets' re-check is run by hand below: its timer must not run it first.
  api = await startTestApi({ model: 'none', env: { KEY_RECHECK_MS: '3600000' } });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api?.close();
});

const meQuery = '{ me { id email role mustChangePassword } }';
const changePasswordMutation = `mutation($c: String!, $n: String!) {
  changePassword(currentPassword: $c, newPassword: $n) {
    __typename
    ... on MutationChangePasswordSuccess { data { mustChangePassword } }
    ... on PasswordPolicyError { reason message }
    ... on Error { message }
  }
}`;

describe('signing in', () => {
  it('a person signs in with email and password, sees themselves in me, and the session works like a key', async () => {
    const person = await createPerson(api, 'ANALYST');
    const before = Date.now();
    const result = await login(api, person.email.toUpperCase(), person.password);
    expect(result.__typename).toBe('LoginSuccess');
    expect(result.token).toMatch(/^ses_[\w-]{40,}$/);
    expect(new Date(result.expiresAt ?? 0).getTime()).toBeGreaterThan(before + 11.9 * 3600_000);
    expect(result.account).toMatchObject({ email: person.email, role: 'ANALYST', mustChangePassword: false });
    expect(result.account?.lastLoginAt).not.toBeNull();

    const me = await api.gql<{ me: { email: string; role: string } }>(meQuery, {}, result.token);
    expect(me.data?.me).toMatchObject({ email: person.email, role: 'ANALYST' });
    const alerts = await api.gql('{ alerts(first: 1) { totalCount } }', {}, result.token);
    expect(alerts.errors).toBeUndefined();
    const keys = await api.gql('{ apiKeys { id } }', {}, result.token);
    expect(keys.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Only the token's hash is stored.
    const stored = await api.app.db.session.findMany({ where: { accountId: person.id } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(result.token);
  });

  it('a wrong password, an unknown email and an empty password are all refused alike, with no session', async () => {
    const person = await createPerson(api, 'ANALYST');
    for (const [email, password] of [
      [person.email, 'not-the-password-at-all'],
      [uniqueEmail('nobody'), person.password],
      [person.email, ''],
    ] as const) {
      const result = await login(api, email, password);
      expect(result).toMatchObject({
        __typename: 'InvalidCredentialsError',
        message: 'Wrong email or password',
      });
      expect(result.token).toBeUndefined();
    }
    expect(await api.app.db.session.count({ where: { accountId: person.id } })).toBe(0);
  });

  it('anonymous callers have no me; a made-up session token is refused, not treated as anonymous', async () => {
    const anonymous = await api.gql<{ me: null }>(meQuery);
    expect(anonymous.data?.me).toBeNull();
    const forged = await api.gql(meQuery, {}, 'ses_made-up-token-that-was-never-issued-by-the-api');
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('passwords', () => {
  it('an account created without a password gets a one-time password that must be changed, and weak ones are refused with the reason', async () => {
    const email = uniqueEmail('newcomer');
    const created = await api.gql<{
      createAccount: { data: { oneTimePassword: string; account: { mustChangePassword: boolean } } };
    }>(
      `mutation($e: String!) { createAccount(email: $e, displayName: "Newcomer", role: OPERATOR) {
        ... on MutationCreateAccountSuccess { data { oneTimePassword account { mustChangePassword } } } } }`,
      { e: email },
      api.keys.ADMIN,
    );
    const oneTime = created.data?.createAccount.data.oneTimePassword ?? '';
    expect(oneTime.length).toBeGreaterThanOrEqual(16);
    expect(created.data?.createAccount.data.account.mustChangePassword).toBe(true);

    const first = await login(api, email, oneTime);
    expect(first.account?.mustChangePassword).toBe(true);
    // Until the password is changed the session can do nothing else.
    const blocked = await api.gql('{ alerts(first: 1) { totalCount } }', {}, first.token);
    expect(blocked.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(blocked.errors?.[0]?.message).toMatch(/change your one-time password first/);
    expect((await api.gql<{ me: { email: string } }>(meQuery, {}, first.token)).data?.me.email).toBe(email);
    const otherDevice = await sessionFor(api, email, oneTime);

    const weak: [string, RegExp][] = [
      ['short-pass', /at least 12 characters/],
      ['password1234', /most common/],
      [`${email.split('@')[0]}-2026!`, /email/],
    ];
    for (const [candidate, reason] of weak) {
      const refused = await api.gql<{ changePassword: { __typename: string; reason: string } }>(
        changePasswordMutation,
        { c: oneTime, n: candidate },
        first.token,
      );
      expect(refused.data?.changePassword.__typename).toBe('PasswordPolicyError');
      expect(refused.data?.changePassword.reason).toMatch(reason);
    }
    const wrongCurrent = await api.gql<{ changePassword: { __typename: string } }>(
      changePasswordMutation,
      { c: 'not-the-current-one', n: strongPassword() },
      first.token,
    );
    expect(wrongCurrent.data?.changePassword.__typename).toBe('InvalidCredentialsError');

    const newPassword = strongPassword();
    const changed = await api.gql<{
      changePassword: { __typename: string; data: { mustChangePassword: boolean } };
    }>(changePasswordMutation, { c: oneTime, n: newPassword }, first.token);
    expect(changed.data?.changePassword).toEqual({
      __typename: 'MutationChangePasswordSuccess',
      data: { mustChangePassword: false },
    });
    // This session goes on, now with its role; the other device's session ended; the one-time password is spent.
    expect((await api.gql('{ alerts(first: 1) { totalCount } }', {}, first.token)).errors).toBeUndefined();
    expect((await api.gql(meQuery, {}, otherDevice)).status).toBe(401);
    expect((await login(api, email, oneTime)).__typename).toBe('InvalidCredentialsError');
    expect((await login(api, email, newPassword)).__typename).toBe('LoginSuccess');
  });

  it('changing a password needs a signed-in person, not an API key', async () => {
    const viaKey = await api.gql(changePasswordMutation, { c: 'x', n: strongPassword() }, api.keys.ADMIN);
    expect(viaKey.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an administrator resetting a password gets a new one-time password and the old password and sessions stop working', async () => {
    const person = await createPerson(api, 'ANALYST');
    const token = await sessionFor(api, person.email, person.password);
    const reset = await api.gql<{ resetPassword: { data: { oneTimePassword: string } } }>(
      'mutation($id: ID!) { resetPassword(id: $id) { ... on MutationResetPasswordSuccess { data { oneTimePassword } } } }',
      { id: person.id },
      api.keys.ADMIN,
    );
    const oneTime = reset.data?.resetPassword.data.oneTimePassword ?? '';
    expect(oneTime).not.toBe('');
    expect((await api.gql(meQuery, {}, token)).status).toBe(401);
    expect((await login(api, person.email, person.password)).__typename).toBe('InvalidCredentialsError');
    const again = await login(api, person.email, oneTime);
    expect(again.account?.mustChangePassword).toBe(true);
  });
});

describe('sessions', () => {
  it('logout ends the session: its token is refused afterwards', async () => {
    const person = await createPerson(api, 'ANALYST');
    const token = await sessionFor(api, person.email, person.password);
    const out = await api.gql<{ logout: boolean }>('mutation { logout }', {}, token);
    expect(out.data?.logout).toBe(true);
    const after = await api.gql(meQuery, {}, token);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.message).toMatch(/sign in again/);
  });

  it('a session ends after the idle timeout and at its absolute expiry', async () => {
    const person = await createPerson(api, 'ANALYST');
    const idle = await sessionFor(api, person.email, person.password);
    const expiring = await sessionFor(api, person.email, person.password);
    const [idleSession, expiringSession] = await api.app.db.session.findMany({
      where: { accountId: person.id },
      orderBy: { createdAt: 'asc' },
    });
    if (!idleSession || !expiringSession) throw new Error('two sessions expected');
    // Time passes (as the database sees it): 31 idle minutes for one, the 12 h limit for the other.
    await api.app.db.session.update({
      where: { id: idleSession.id },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    await api.app.db.session.update({
      where: { id: expiringSession.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await api.gql(meQuery, {}, idle)).status).toBe(401);
    expect((await api.gql(meQuery, {}, expiring)).status).toBe(401);
  });

  it('a request after some idle minutes slides the idle timeout forward', async () => {
    const person = await createPerson(api, 'ANALYST');
    const token = await sessionFor(api, person.email, person.password);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await api.app.db.session.updateMany({
      where: { accountId: person.id },
      data: { lastSeenAt: tenMinutesAgo },
    });
    expect((await api.gql(meQuery, {}, token)).status).toBe(200);
    const session = await api.app.db.session.findFirst({ where: { accountId: person.id } });
    expect(session?.lastSeenAt.getTime()).toBeGreaterThan(tenMinutesAgo.getTime() + 9 * 60_000);
  });
});

describe('a live socket', () => {
  it('is closed when its session reaches its absolute expiry', async () => {
    const person = await createPerson(api, 'ANALYST');
    const token = await sessionFor(api, person.email, person.password);
    let connected = false;
    let closedCode: number | undefined;
    const client = createClient({
      url: api.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => {
          connected = true;
        },
        closed: (event) => {
          closedCode = (event as { code: number }).code;
        },
      },
    });
    clients.push(client);
    await eventually(() => (connected ? true : undefined));
    expect(await api.app.sockets.recheck()).toBe(0);
    await api.app.db.session.updateMany({
      where: { accountId: person.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    // The re-check runs every KEY_RECHECK_MS; here it is run at once.
    expect(await api.app.sockets.recheck()).toBe(1);
    expect(await eventually(() => closedCode, 10_000)).toBe(4403);
  });
});

describe('changing a role', () => {
  it('takes effect on the next request, and closes open sockets so they reconnect with the new role', async () => {
    const person = await createPerson(api, 'ANALYST');
    const token = await sessionFor(api, person.email, person.password);
    let connected = false;
    let closedReason: string | undefined;
    const client = createClient({
      url: api.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => {
          connected = true;
        },
        closed: (event) => {
          closedReason = (event as { reason: string }).reason;
        },
      },
    });
    clients.push(client);
    await eventually(() => (connected ? true : undefined));
    await api.gql(
      'mutation($id: ID!) { updateAccount(id: $id, role: AUDITOR) { __typename } }',
      { id: person.id },
      api.keys.ADMIN,
    );
    expect(await eventually(() => closedReason, 10_000)).toBe('Role changed');
    const me = await api.gql<{ me: { role: string } }>(meQuery, {}, token);
    expect(me.data?.me.role).toBe('AUDITOR');
    const write = await api.gql(
      'mutation { acknowledgeAlert(id: "QWxlcnQ6eA==") { __typename } }',
      {},
      token,
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('ended sessions', () => {
  it('are deleted a week after they ended; live ones stay', async () => {
    const person = await createPerson(api, 'ANALYST');
    const live = await sessionFor(api, person.email, person.password);
    await sessionFor(api, person.email, person.password);
    await sessionFor(api, person.email, person.password);
    const [, expired, revoked] = await api.app.db.session.findMany({
      where: { accountId: person.id },
      orderBy: { createdAt: 'asc' },
    });
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await api.app.db.session.update({ where: { id: expired?.id }, data: { expiresAt: eightDaysAgo } });
    await api.app.db.session.update({ where: { id: revoked?.id }, data: { revokedAt: eightDaysAgo } });
    await deleteEndedSessions(api.app.db);
    expect(await api.app.db.session.count({ where: { accountId: person.id } })).toBe(1);
    expect((await api.gql(meQuery, {}, live)).status).toBe(200);
  });
});

describe('throttling sign-in', () => {
  let throttled: TestApi;
  beforeAll(async () => {
    throttled = await startTestApi({
      model: 'none',
      env: { LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_FAILURES_PER_CLIENT: '6' },
    });
  });
  afterAll(async () => {
    await throttled?.close();
  });

  it('after too many failures an account is refused with RateLimitError even with the right password, and other accounts still sign in', async () => {
    const target = await createPerson(throttled, 'ANALYST');
    const bystander = await createPerson(throttled, 'ANALYST');
    for (let i = 0; i < 3; i += 1) {
      expect((await login(throttled, target.email, `wrong-guess-number-${i}`)).__typename).toBe(
        'InvalidCredentialsError',
      );
    }
    const blocked = await login(throttled, target.email, target.password);
    expect(blocked.__typename).toBe('RateLimitError');
    expect(blocked.retryAfterSec).toBeGreaterThan(0);
    expect(blocked.token).toBeUndefined();
    expect((await login(throttled, bystander.email, bystander.password)).__typename).toBe('LoginSuccess');
  });

  it('a client guessing across many accounts is throttled as a client', async () => {
    const victim = await createPerson(throttled, 'ANALYST');
    // Three failures from the test above, three more on made-up accounts: the client's limit of 6.
    for (let i = 0; i < 3; i += 1) {
      expect((await login(throttled, uniqueEmail('guess'), 'some-password-guess')).__typename).toBe(
        'InvalidCredentialsError',
      );
    }
    expect((await login(throttled, victim.email, victim.password)).__typename).toBe('RateLimitError');
  });
});

describe('the client behind the dashboard', () => {
  const loginFrom = async (target: TestApi, forwardedFor: string, email: string, password: string) => {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }',
        variables: { e: email, p: password },
      }),
    });
    return ((await response.json()) as { data: { login: { __typename: string } } }).data.login.__typename;
  };

  it('is throttled by its own address, forwarded by a trusted proxy, so other clients of the same proxy still sign in', async () => {
    const proxied = await startTestApi({ model: 'none', env: { LOGIN_FAILURES_PER_CLIENT: '3' } });
    try {
      const person = await createPerson(proxied, 'ANALYST');
      for (let i = 0; i < 3; i += 1) {
        expect(await loginFrom(proxied, '203.0.113.10', uniqueEmail('guess'), 'a-guessed-password')).toBe(
          'InvalidCredentialsError',
        );
      }
      expect(await loginFrom(proxied, '203.0.113.10', person.email, person.password)).toBe('RateLimitError');
      expect(await loginFrom(proxied, '198.51.100.20, 203.0.113.11', person.email, person.password)).toBe(
        'LoginSuccess',
      );
      const entry = await proxied.app.db.auditEntry.findFirst({
        where: { action: 'login.success', targetId: person.id },
      });
      expect(entry?.client).toBe('203.0.113.11');
    } finally {
      await proxied.close();
    }
  });

  it('cannot be forged by a client that is not a trusted proxy', async () => {
    const direct = await startTestApi({
      model: 'none',
      env: { LOGIN_FAILURES_PER_CLIENT: '2', TRUSTED_PROXIES: '192.0.2.1' },
    });
    try {
      const person = await createPerson(direct, 'ANALYST');
      for (const forged of ['203.0.113.20', '203.0.113.21']) {
        await loginFrom(direct, forged, uniqueEmail('guess'), 'a-guessed-password');
      }
      // Both failures count against the real peer: a third forged address does not help.
      expect(await loginFrom(direct, '203.0.113.22', person.email, person.password)).toBe('RateLimitError');
    } finally {
      await direct.close();
    }
  });
});

describe('disabling an account', () => {
  const wsUrl = () => api.url.replace(/^http/, 'ws');

  it('ends its sessions, refuses its keys and sign-in, and closes its open graphql-ws socket within seconds', async () => {
    const person = await createPerson(api, 'ANALYST');
    const token = await sessionFor(api, person.email, person.password);
    const ownedKey = (await createApiKey(api.app.db, { name: 'owned', role: 'ANALYST', ownerId: person.id }))
      .key;
    expect((await api.gql(meQuery, {}, ownedKey)).status).toBe(200);

    let closedWith: { code: number; reason: string } | undefined;
    let connected = false;
    const client = createClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      // The close is what this test waits for: not an error worth printing.
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => {
          connected = true;
        },
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          closedWith = { code, reason };
        },
      },
    });
    clients.push(client);
    const received: unknown[] = [];
    client.subscribe(
      { query: 'subscription { alertRaised { id } }' },
      { next: (value) => received.push(value), error: () => {}, complete: () => {} },
    );
    await eventually(() => (connected ? true : undefined));

    const disabled = await api.gql<{ updateAccount: { __typename: string; data: { enabled: boolean } } }>(
      'mutation($id: ID!) { updateAccount(id: $id, enabled: false) { __typename ... on MutationUpdateAccountSuccess { data { enabled } } } }',
      { id: person.id },
      api.keys.ADMIN,
    );
    expect(disabled.data?.updateAccount.data.enabled).toBe(false);
    const closed = await eventually(() => closedWith, 10_000);
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/disabled/i);

    expect((await api.gql(meQuery, {}, token)).status).toBe(401);
    expect((await api.gql(meQuery, {}, ownedKey)).status).toBe(401);
    expect((await login(api, person.email, person.password)).__typename).toBe('AccountDisabledError');
    const sessions = await api.app.db.session.findMany({ where: { accountId: person.id } });
    expect(sessions.every((session) => session.revokedAt !== null)).toBe(true);
  });

  it('refuses hostile updates with typed errors and changes nothing', async () => {
    const person = await createPerson(api, 'ANALYST');
    const missing = await api.gql<{ updateAccount: { __typename: string } }>(
      'mutation { updateAccount(id: "00000000-0000-0000-0000-000000000000", enabled: false) { __typename } }',
      {},
      api.keys.ADMIN,
    );
    expect(missing.data?.updateAccount.__typename).toBe('NotFoundError');
    const blank = await api.gql<{ updateAccount: { __typename: string } }>(
      'mutation($id: ID!) { updateAccount(id: $id, displayName: "   ") { __typename } }',
      { id: person.id },
      api.keys.ADMIN,
    );
    expect(blank.data?.updateAccount.__typename).toBe('ValidationError');
    const duplicate = await api.gql<{ createAccount: { __typename: string } }>(
      'mutation($e: String!) { createAccount(email: $e, displayName: "Twin", role: ADMIN) { __typename } }',
      { e: person.email },
      api.keys.ADMIN,
    );
    expect(duplicate.data?.createAccount.__typename).toBe('ValidationError');
    const byAnalyst = await api.gql(
      'mutation($id: ID!) { updateAccount(id: $id, role: ADMIN) { __typename } }',
      { id: person.id },
      api.keys.ANALYST,
    );
    expect(byAnalyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A NUL never reaches a resolver: the query guard refuses it before execution, typed.
    const control = await api.gql<{ updateAccount: { __typename: string } }>(
      'mutation($id: ID!, $n: String!) { updateAccount(id: $id, displayName: $n) { __typename } }',
      { id: person.id, n: 'evil\u0000name' },
      api.keys.ADMIN,
    );
    expect(control.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const nulLogin = await api.gql(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }',
      { e: `${person.email}\u0000`, p: person.password },
    );
    expect(nulLogin.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const nulFilter = await api.gql(
      '{ auditLog(filter: { actor: "x\u0000" }) { totalCount } }',
      {},
      api.keys.ADMIN,
    );
    expect(nulFilter.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unchanged = await api.app.db.account.findUniqueOrThrow({ where: { id: person.id } });
    expect(unchanged).toMatchObject({ role: 'ANALYST', enabled: true, displayName: 'Test person' });
  });
});

describe('keys belong to people', () => {
  const createKey = `mutation($n: String!, $r: Role!) { createApiKey(name: $n, role: $r) {
    __typename
    ... on MutationCreateApiKeySuccess { data { key apiKey { id role owner { email } } } }
    ... on Error { message }
  } }`;

  it("a signed-in OPERATOR's key belongs to them and cannot exceed their role", async () => {
    const operator = await createPerson(api, 'OPERATOR');
    const token = await sessionFor(api, operator.email, operator.password);
    const ok = await api.gql<{
      createApiKey: { data: { key: string; apiKey: { role: string; owner: { email: string } } } };
    }>(createKey, { n: 'cdr feed', r: 'OPERATOR' }, token);
    expect(ok.data?.createApiKey.data.apiKey).toMatchObject({
      role: 'OPERATOR',
      owner: { email: operator.email },
    });
    const viaKey = await api.gql<{ me: { email: string } }>(meQuery, {}, ok.data?.createApiKey.data.key);
    expect(viaKey.data?.me.email).toBe(operator.email);

    const tooHigh = await api.gql<{ createApiKey: { __typename: string } }>(
      createKey,
      { n: 'escalate', r: 'ADMIN' },
      token,
    );
    expect(tooHigh.data?.createApiKey.__typename).toBe('RoleNotAllowedError');
    // A key cannot mint a stronger key than itself either.
    const fromAnalystKey = await api.gql<{ createApiKey: { __typename: string } }>(
      createKey,
      { n: 'escalate', r: 'OPERATOR' },
      api.keys.ANALYST,
    );
    expect(fromAnalystKey.data?.createApiKey.__typename).toBe('RoleNotAllowedError');

    const listed = await api.gql<{ apiKeys: { name: string; owner: { email: string } | null }[] }>(
      '{ apiKeys { name owner { email } } }',
      {},
      api.keys.ADMIN,
    );
    expect(listed.data?.apiKeys.find((key) => key.owner?.email === operator.email)?.name).toBe('cdr feed');
  });
});
