// Single sign-on end to end: a real OpenID Connect provider (`oidc-provider`, its development
// sign-in pages accept any login), the dashboard's authorization-code + PKCE flow, and the API's
// loginWithOidc verifying the ID token against the provider's published keys.
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type Stack, screenshot, startStack } from './stack';

const CLIENT_ID = 'satark-dashboard';

let stack: Stack;
let providerServer: Server;
let issuer: string;

/** Who the provider says signed in: any login, as an analyst with a verified email. */
function accountFor(login: string) {
  return {
    accountId: login,
    claims: () => ({
      sub: login,
      email: `${login}@sso.e2e.satark.test`,
      email_verified: true,
      name: `Sso ${login}`,
      satark_role: login.startsWith('nobody') ? 'janitor' : 'Analyst',
    }),
  };
}

beforeAll(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  stack = await startStack({
    apiEnv: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID },
    webEnv: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_NAME: 'Test SSO' },
  });
  // Both servers discover the provider lazily, so it can start once the dashboard's address is known.
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${stack.webUrl}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'satark_role'] },
    // The claims go in the ID token itself: that is what the API verifies.
    conformIdTokenClaims: false,
    findAccount: (_context, id) => accountFor(id),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['e2e-only-cookie-key-0123456789abcdef'] },
  });
  providerServer = createServer(provider.callback());
  await new Promise<void>((resolve) => providerServer.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => (providerServer ? providerServer.close(() => resolve()) : resolve()));
});

async function signInAtProvider(page: import('playwright-core').Page, login: string): Promise<void> {
  await page.goto(`${stack.webUrl}/login?next=${encodeURIComponent('/dashboard/alerts')}`);
  await page.getByRole('link', { name: 'Sign in with Test SSO' }).click();
  await page.waitForURL((url) => url.origin === issuer);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password will do');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('single sign-on', () => {
  it('signs a person in through the provider and lands them where they were going', async () => {
    const login = `olivia${Date.now()}`;
    const { page, context } = await stack.openPage({ as: 'public' });
    await signInAtProvider(page, login);
    await page.waitForURL((url) => url.origin === stack.webUrl && url.pathname === '/dashboard/alerts', {
      timeout: 30_000,
    });
    expect(await page.getByTestId('signed-in-name').textContent()).toBe(`Sso ${login}`);
    expect(await page.getByTestId('signed-in-role').textContent()).toBe('Analyst');
    // The round trip's cookie is gone once it is used.
    expect((await context.cookies()).some((cookie) => cookie.name === 'satark_oidc')).toBe(false);
    await screenshot(page, 'oidc-signed-in');
    await context.close();
  });

  it('refuses a person whose role claim names no Satark role, and says why', async () => {
    const { page, context } = await stack.openPage({ as: 'public' });
    await signInAtProvider(page, `nobody${Date.now()}`);
    await page.waitForURL((url) => url.origin === stack.webUrl && url.pathname === '/login', {
      timeout: 30_000,
    });
    expect(await page.getByTestId('login-error').textContent()).toMatch(/satark_role/);
    expect((await context.cookies()).some((cookie) => cookie.name === 'satark_session')).toBe(false);
    await context.close();
  });

  it('refuses a callback whose state was not issued to this browser', async () => {
    const { page, context } = await stack.openPage({ as: 'public' });
    await page.goto(`${stack.webUrl}/auth/oidc/callback?code=stolen&state=forged`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(await page.getByTestId('login-error').textContent()).toMatch(
      /took too long or was started elsewhere/,
    );
    await context.close();
  });
});
