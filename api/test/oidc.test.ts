// Sign-in with OpenID Connect against a real provider (oidc-provider) started here: the test
// drives its authorization-code flow with PKCE over HTTP, like the web server does, and hands
// the ID token to `loginWithOidc`.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness';

const redirectUri = 'http://127.0.0.1:1/callback';
const suffix = randomUUID().slice(0, 8);
const people: Record<string, Record<string, unknown>> = {
  ravi: {
    email: `ravi-${suffix}@bank.example.in`,
    email_verified: true,
    name: 'Ravi Kumar',
    satark_role: 'Analyst',
  },
  meera: {
    email: `meera-${suffix}@bank.example.in`,
    email_verified: true,
    name: 'Meera',
    satark_role: ['staff', 'OPERATOR'],
  },
  mallory: {
    email: `mallory-${suffix}@bank.example.in`,
    email_verified: true,
    name: 'Mallory',
    satark_role: 'superuser',
  },
};

let issuer: string;
/** Seconds an ID token lives; one test shortens it. */
let idTokenTtl = 3600;
let idp: Server;
let api: TestApi;

beforeAll(async () => {
  let handler: ReturnType<Provider['callback']> | null = null;
  idp = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: ['satark-web', 'another-app'].map((clientId) => ({
      client_id: clientId,
      client_secret: `${clientId}-secret`,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    findAccount: (_ctx, id) =>
      people[id] ? { accountId: id, claims: () => ({ sub: id, ...people[id] }) } : undefined,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      satark: ['satark_role'],
    },
    scopes: ['openid', 'email', 'profile', 'satark'],
    conformIdTokenClaims: false,
    ttl: { IdToken: () => idTokenTtl },
    pkce: { required: () => true },
    cookies: { keys: ['a-test-cookie-signing-key'] },
    features: { devInteractions: { enabled: true } },
  });
  handler = provider.callback();
  api = await startTestApi({
    model: 'none',
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'satark-web' },
  });
});
afterAll(async () => {
  await api?.close();
  idp?.closeAllConnections();
  await new Promise((resolve) => idp?.close(resolve));
});

/** The authorization-code flow with PKCE, following redirects by hand and keeping cookies. */
async function idTokenFor(accountId: string, clientId = 'satark-web'): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const cookies = new Map<string, string>();
  const keepCookies = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) cookies.set(name.trim(), value.join('='));
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  let url = `${issuer}/auth?${new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: 'openid email profile satark',
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomUUID(),
  })}`;
  let loggedIn = false;
  for (let hop = 0; hop < 12; hop += 1) {
    if (url.startsWith(redirectUri)) {
      const code = new URL(url).searchParams.get('code');
      if (!code) throw new Error(`no code in ${url}`);
      const token = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          client_id: clientId,
          client_secret: `${clientId}-secret`,
        }),
      });
      const body = (await token.json()) as { id_token?: string };
      if (!body.id_token) throw new Error(`no id_token: ${JSON.stringify(body)}`);
      return body.id_token;
    }
    const interaction = /\/interaction\/([^/?]+)$/.exec(new URL(url).pathname);
    const response = interaction
      ? await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(loggedIn ? { prompt: 'consent' } : { prompt: 'login', login: accountId }),
        })
      : await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    if (interaction) loggedIn = true;
    keepCookies(response);
    const location = response.headers.get('location');
    if (!location)
      throw new Error(`flow stopped at ${url} with ${response.status}: ${await response.text()}`);
    url = new URL(location, url).toString();
  }
  throw new Error('too many redirects');
}

const loginWithOidc = `mutation($t: String!) { loginWithOidc(idToken: $t) {
  __typename
  ... on LoginSuccess { token account { email role displayName } }
  ... on Error { message }
} }`;

async function signIn(idToken: string) {
  const result = await api.gql<{
    loginWithOidc: { __typename: string; token?: string; message?: string; account?: Record<string, string> };
  }>(loginWithOidc, { t: idToken });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.loginWithOidc;
}

describe('sign-in with OpenID Connect', () => {
  it('an ID token from the issuer signs the person in with the role its claim names, creating the account', async () => {
    const result = await signIn(await idTokenFor('ravi'));
    expect(result.__typename).toBe('LoginSuccess');
    expect(result.account).toEqual({ email: people.ravi?.email, role: 'ANALYST', displayName: 'Ravi Kumar' });
    const me = await api.gql<{ me: { email: string } }>('{ me { email } }', {}, result.token);
    expect(me.data?.me.email).toBe(people.ravi?.email);
    const stored = await api.app.db.account.findUniqueOrThrow({
      where: { email: String(people.ravi?.email) },
    });
    expect(stored.oidcSubject).toBe(`${issuer}#ravi`);
    expect(stored.passwordHash).toBeNull();
  });

  it('a list-valued role claim maps its known role; the provider stays the source of the role', async () => {
    const first = await signIn(await idTokenFor('meera'));
    expect(first.account?.role).toBe('OPERATOR');
    if (people.meera) people.meera.satark_role = 'auditor';
    const second = await signIn(await idTokenFor('meera'));
    expect(second.account?.role).toBe('AUDITOR');
  });

  it('a role claim naming no Satark role is refused, and no account is made', async () => {
    const result = await signIn(await idTokenFor('mallory'));
    expect(result).toMatchObject({ __typename: 'OidcError', message: expect.stringMatching(/satark_role/) });
    expect(await api.app.db.account.count({ where: { email: String(people.mallory?.email) } })).toBe(0);
  });

  it('tokens for another application, with a forged signature, or that are not tokens at all are refused with OidcError', async () => {
    const otherAudience = await signIn(await idTokenFor('ravi', 'another-app'));
    expect(otherAudience).toMatchObject({ __typename: 'OidcError', message: expect.stringMatching(/aud/) });

    const [header, payload, signature] = (await idTokenFor('ravi')).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, satark_role: 'ADMIN' })).toString(
      'base64url',
    );
    const forged = await signIn(`${header}.${forgedPayload}.${signature}`);
    expect(forged).toMatchObject({ __typename: 'OidcError', message: 'The ID token could not be verified' });

    for (const garbage of ['', 'not-a-token', 'a.b.c', 'x'.repeat(20_000)]) {
      expect((await signIn(garbage)).__typename).toBe('OidcError');
    }
  });

  it('an expired ID token is refused', async () => {
    idTokenTtl = 1;
    let token: string;
    try {
      token = await idTokenFor('ravi');
    } finally {
      idTokenTtl = 3600;
    }
    // Waits (polling, with a deadline) until the token's one second is over.
    const deadline = Date.now() + 20_000;
    let result = await signIn(token);
    while (result.__typename === 'LoginSuccess' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      result = await signIn(token);
    }
    expect(result).toEqual({ __typename: 'OidcError', message: 'The ID token has expired' });
  });
});
