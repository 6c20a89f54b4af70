// Who may vouch for what: a key is never more than its owner is now, keys do not mint keys, a
// person is one reporter however many keys they hold, the read-only AUDITOR changes nothing, and
// a session on a one-time password neither looks up nor reports. Found by an attacker's review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema';
import { startTestApi, type TestApi, uniqueNumber } from './harness';
import { type AccountRole, createPerson, sessionFor, uniqueEmail } from './people-support';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ env: { ANON_MUTATIONS_PER_MINUTE: '1000', TRUSTED_REPORTERS_NEEDED: '3' } });
});
afterAll(() => api?.close());

const CREATE_KEY = `mutation($n: String!, $r: Role!) { createApiKey(name: $n, role: $r) { __typename
  ... on MutationCreateApiKeySuccess { data { key } } ... on Error { message } } }`;
const REPORT = `mutation($n: String!) { reportNumber(input: { number: $n, category: IMPERSONATION }) {
  __typename ... on MutationReportNumberSuccess { data { report { id } check { verdict verdictSource reports { trusted } } } } } }`;
const CHECK = `query($n: String!) { checkNumber(number: $n) { __typename
  ... on QueryCheckNumberSuccess { data { verdict reportCount reports { trusted trustedKeys } } } } }`;

/** A person signed in, with `keys` API keys of their own role made from their session. */
async function personWithKeys(role: AccountRole, keys: number) {
  const person = await createPerson(api, role);
  const session = await sessionFor(api, person.email, person.password);
  const made: string[] = [];
  for (let i = 0; i < keys; i += 1) {
    const created = await api.gql<{ createApiKey: { data?: { key: string } } }>(
      CREATE_KEY,
      { n: `own-${i}`, r: role },
      session,
    );
    const key = created.data?.createApiKey.data?.key;
    if (!key) throw new Error(`createApiKey failed: ${JSON.stringify(created)}`);
    made.push(key);
  }
  return { ...person, session, keys: made };
}

async function setRole(id: string, role: AccountRole) {
  const changed = await api.gql<{ updateAccount: { __typename: string } }>(
    'mutation($id: ID!, $r: AccountRole) { updateAccount(id: $id, role: $r) { __typename } }',
    { id, r: role },
    api.keys.ADMIN,
  );
  expect(changed.data?.updateAccount.__typename).toBe('MutationUpdateAccountSuccess');
}

const roleOf = async (token: string) =>
  (await api.gql<{ viewer: { role: string } }>('{ viewer { role } }', {}, token)).data?.viewer.role;

const checkOf = async (number: string) =>
  (
    await api.gql<{
      checkNumber: {
        data: { verdict: string; reportCount: number; reports: { trusted: number; trustedKeys: number } };
      };
    }>(CHECK, { n: number }, api.keys.ANALYST)
  ).data?.checkNumber.data;

describe('keys follow their owner', () => {
  it("a demoted ADMIN's key acts as their new role at once, and cannot promote them back", async () => {
    const admin = await personWithKeys('ADMIN', 1);
    const [key] = admin.keys as [string];
    expect(await roleOf(key)).toBe('ADMIN');
    await setRole(admin.id, 'ANALYST');
    expect(await roleOf(key)).toBe('ANALYST');
    const promote = await api.gql(
      'mutation($id: ID!) { updateAccount(id: $id, role: ADMIN) { __typename } }',
      { id: admin.id },
      key,
    );
    expect(promote.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stored = await api.app.db.account.findUniqueOrThrow({ where: { id: admin.id } });
    expect(stored.role).toBe('ANALYST');
    // Promoted again, the key is what it was made as.
    await setRole(admin.id, 'ADMIN');
    expect(await roleOf(key)).toBe('ADMIN');
  });

  it('an OPERATOR key of a person made AUDITOR only reads', async () => {
    const operator = await personWithKeys('OPERATOR', 1);
    const [key] = operator.keys as [string];
    await setRole(operator.id, 'AUDITOR');
    expect(await roleOf(key)).toBe('AUDITOR');
    const report = await api.gql<{ reportNumber: { __typename: string } }>(
      REPORT,
      { n: uniqueNumber() },
      key,
    );
    expect(report.errors?.[0]?.extensions?.code ?? report.data?.reportNumber.__typename).toMatch(
      /FORBIDDEN|ReadOnly/,
    );
  });

  it('keys are made by signed-in people or ADMIN keys, never by other keys', async () => {
    const operator = await personWithKeys('OPERATOR', 1);
    const [key] = operator.keys as [string];
    const minted = await api.gql<{ createApiKey: { __typename: string; message: string } }>(
      CREATE_KEY,
      { n: 'child', r: 'OPERATOR' },
      key,
    );
    expect(minted.data?.createApiKey).toEqual({
      __typename: 'RoleNotAllowedError',
      message: 'Keys are created by a signed-in person (or with an ADMIN key): sign in first',
    });
    const higher = await api.gql<{ createApiKey: { message: string } }>(
      CREATE_KEY,
      { n: 'higher', r: 'ADMIN' },
      operator.session,
    );
    expect(higher.data?.createApiKey.message).toBe('An OPERATOR cannot hand out an ADMIN key');
    expect(await api.app.db.apiKey.count({ where: { ownerId: operator.id } })).toBe(1);
    const byAdminKey = await api.gql<{ createApiKey: { __typename: string } }>(
      CREATE_KEY,
      { n: 'automation', r: 'ANALYST' },
      api.keys.ADMIN,
    );
    expect(byAdminKey.data?.createApiKey.__typename).toBe('MutationCreateApiKeySuccess');
  });
});

describe('one reporter per person', () => {
  it('three keys and the desk of one OPERATOR are one trusted reporter; three OPERATORs make a number DANGEROUS', async () => {
    const number = uniqueNumber();
    const one = await personWithKeys('OPERATOR', 3);
    for (const token of [...one.keys, one.session]) {
      const reported = await api.gql<{ reportNumber: { __typename: string } }>(REPORT, { n: number }, token);
      expect(reported.data?.reportNumber.__typename).toBe('MutationReportNumberSuccess');
    }
    expect(await api.app.db.report.count({ where: { number } })).toBe(4);
    expect(await checkOf(number)).toMatchObject({ reportCount: 1, reports: { trusted: 1, trustedKeys: 1 } });
    expect((await checkOf(number))?.verdict).not.toBe('DANGEROUS');

    for (const other of [await personWithKeys('OPERATOR', 1), await personWithKeys('OPERATOR', 1)]) {
      await api.gql(REPORT, { n: number }, other.keys[0]);
    }
    expect(await checkOf(number)).toMatchObject({
      verdict: 'DANGEROUS',
      reportCount: 3,
      reports: { trusted: 3, trustedKeys: 3 },
    });

    // A demoted person's keys no longer vouch: two trusted reporters are not enough.
    await setRole(one.id, 'ANALYST');
    expect(await checkOf(number)).toMatchObject({ reportCount: 3, reports: { trusted: 2, trustedKeys: 2 } });
    expect((await checkOf(number))?.verdict).not.toBe('DANGEROUS');
  });
});

describe('the read-only AUDITOR and the one-time password', () => {
  it('an AUDITOR cannot verify a report, which stays unverified', async () => {
    const number = uniqueNumber();
    const reported = await api.gql<{ reportNumber: { data: { report: { id: string } } } }>(REPORT, {
      n: number,
    });
    const id = reported.data?.reportNumber.data.report.id;
    const auditor = await createPerson(api, 'AUDITOR');
    const session = await sessionFor(api, auditor.email, auditor.password);
    const verified = await api.gql(
      'mutation($id: ID!) { verifyReport(id: $id) { __typename } }',
      { id },
      session,
    );
    expect(verified.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stored = await api.app.db.report.findFirstOrThrow({ where: { number } });
    expect(stored.verifiedAt).toBeNull();
    expect(await api.app.db.label.count({ where: { number } })).toBe(0);
  });

  it('a session on a one-time password neither checks nor reports a number', async () => {
    const email = uniqueEmail('otp');
    const created = await api.gql<{ createAccount: { data: { oneTimePassword: string } } }>(
      `mutation($e: String!) { createAccount(email: $e, displayName: "New", role: ANALYST) {
        ... on MutationCreateAccountSuccess { data { oneTimePassword } } } }`,
      { e: email },
      api.keys.ADMIN,
    );
    const session = await sessionFor(api, email, created.data?.createAccount.data.oneTimePassword ?? '');
    const number = uniqueNumber();
    for (const [query, variables] of [
      [REPORT, { n: number }],
      [CHECK, { n: number }],
    ] as const) {
      const refused = await api.gql(query, variables, session);
      expect(refused.errors?.[0]?.message).toMatch(/change your one-time password first/);
    }
    expect(await api.app.db.report.count({ where: { number } })).toBe(0);
  });
});

describe('the schema', () => {
  it('every mutation but sign-in, sign-out and the public report needs a role that may change things', () => {
    const open = new Set(['login', 'loginWithOidc', 'logout', 'changePassword', 'reportNumber']);
    const changing = new Set(['writer', 'operator', 'admin']);
    const loose = Object.entries(schema.getMutationType()?.getFields() ?? {})
      .filter(([name]) => !open.has(name))
      .filter(([, field]) => {
        const scopes = (field.extensions as { pothosOptions?: { authScopes?: Record<string, boolean> } })
          .pothosOptions?.authScopes;
        return !scopes || !Object.keys(scopes).some((scope) => changing.has(scope));
      })
      .map(([name]) => name);
    expect(loose).toEqual([]);
  });
});
