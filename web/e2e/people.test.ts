// Signing in, sessions, roles and the audit trail, end to end: the real API, the dashboard's
// production server and Chromium.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { reportThreeTimes } from './seed';
import { type Stack, screenshot, startStack, uniqueNumber } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const dashboardRoutes = [
  '/dashboard',
  '/dashboard/campaigns',
  '/dashboard/lookup?number=%2B919876543210',
  '/dashboard/explainability',
  '/dashboard/alerts?status=OPEN',
  '/dashboard/audit',
  '/dashboard/admin/accounts',
  '/dashboard/password',
];

function alertCard(page: Page, number: string) {
  return page.getByTestId('alert-card').filter({ hasText: `${number} reported by 3 trusted reporters` });
}

/** How a WebSocket upgrade to the web server ends: the HTTP status it was refused with, or its close code. */
function liveSocketOutcome(url: string, cookie?: string): Promise<{ status?: number; closeCode?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', cookie ? { headers: { cookie } } : {});
    socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode }));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'connection_ack') {
        resolve({ closeCode: 0 });
        socket.close();
      }
    });
    socket.on('close', (code) => resolve({ closeCode: code }));
    socket.on('error', () => {});
  });
}

async function cookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

describe('signing in', () => {
  it('sends an anonymous visitor from every dashboard route to the login page, and back after signing in', async () => {
    const { page, context } = await stack.openPage({ as: 'public' });
    for (const route of dashboardRoutes) {
      await page.goto(`${stack.webUrl}${route}`);
      await page.waitForURL((url) => url.pathname === '/login');
      expect(new URL(page.url()).searchParams.get('next'), route).toBe(route);
    }
    const analyst = await stack.createPerson('ANALYST');
    await page.goto(`${stack.webUrl}/login?next=${encodeURIComponent('/dashboard/alerts?status=OPEN')}`);
    await page.getByLabel('Email').fill(analyst.email);
    await page.getByLabel('Password').fill(analyst.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/alerts' && url.search === '?status=OPEN');
    expect(await page.getByTestId('signed-in-name').textContent()).toBe(analyst.displayName);
    expect(await page.getByTestId('signed-in-role').textContent()).toBe('Analyst');
    const session = (await context.cookies()).find((cookie) => cookie.name === 'satark_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    await context.close();
  });

  it('refuses the live relay to a visitor without a session, and to a forged session cookie', async () => {
    const liveUrl = `${stack.webUrl.replace('http', 'ws')}/live`;
    expect(await liveSocketOutcome(liveUrl)).toEqual({ status: 401 });
    const forged = `satark_session=${Buffer.from(JSON.stringify(`ses_${'x'.repeat(40)}`)).toString('base64')}`;
    expect(await liveSocketOutcome(liveUrl, forged)).toEqual({ closeCode: 4401 });
    // A signed-in person's cookie opens it.
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/explainability`);
    expect(await liveSocketOutcome(liveUrl, await cookieHeader(page))).toEqual({ closeCode: 0 });
    await context.close();
  });

  it('says so when the password is wrong, without saying which half was wrong', async () => {
    const analyst = await stack.createPerson('ANALYST');
    const { page, context } = await stack.openPage({ as: 'public' });
    await page.goto(`${stack.webUrl}/login`);
    await page.getByLabel('Email').fill(analyst.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toBe('That email and password do not match an account.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('throttles repeated wrong passwords for an account and says how long to wait', async () => {
    const analyst = await stack.createPerson('ANALYST');
    const { page, context } = await stack.openPage({ as: 'public' });
    await page.goto(`${stack.webUrl}/login`);
    // The API allows 5 failures per account in its window (LOGIN_FAILURES_PER_ACCOUNT).
    const signInButton = page.getByRole('button', { name: /^Sign(ing)? in/ });
    const attempt = async (password: string) => {
      await page.getByLabel('Email').fill(analyst.email);
      await page.getByLabel('Password').fill(password);
      await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        signInButton.click(),
      ]);
      await expect.poll(() => signInButton.textContent()).toBe('Sign in');
      return (await page.getByTestId('login-error').textContent()) ?? '';
    };
    for (let tries = 1; tries <= 6; tries += 1) {
      if (/Too many sign-in attempts/.test(await attempt(`wrong password number ${tries}`))) break;
    }
    expect(await page.getByTestId('login-error').textContent()).toMatch(
      /Too many sign-in attempts\. Wait \d+ seconds and try again\./,
    );
    // Even the right password waits now.
    expect(await attempt(analyst.password)).toMatch(/Too many sign-in attempts/);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('sends someone already signed in straight on from the login page', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/login?next=${encodeURIComponent('/dashboard/alerts')}`);
    await page.waitForURL((url) => url.pathname === '/dashboard/alerts');
    await context.close();
  });

  it('asks for a new password at the first sign-in with a one-time password', async () => {
    const person = await stack.createPerson('ANALYST', { mustChangePassword: true });
    const { page, context } = await stack.openPage({ as: 'public' });
    await page.goto(`${stack.webUrl}/login`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/password');
    await page.getByTestId('must-change-password').waitFor();
    // Every other dashboard page sends them back here until they do.
    await page.goto(`${stack.webUrl}/dashboard/alerts`);
    await page.waitForURL((url) => url.pathname === '/dashboard/password');
    await page.getByLabel('Current password').fill(person.password);
    await page.getByLabel('New password', { exact: true }).fill('a much better passphrase 42');
    await page.getByLabel('New password again').fill('a much better passphrase 42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/alerts');
    await context.close();
  });

  it('signs out: the header’s button ends the session, and the old cookie no longer opens anything', async () => {
    const person = await stack.createPerson('ANALYST');
    const { page, context } = await stack.openPage({ as: person });
    const cookieBefore = await cookieHeader(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByTestId('login-notice').waitFor();
    // Replaying the old session cookie: the API revoked it, so the dashboard sends it to sign in.
    const replay = await fetch(`${stack.webUrl}/dashboard`, {
      headers: { cookie: cookieBefore },
      redirect: 'manual',
    });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toMatch(/^\/login\?next=%2Fdashboard&reason=expired/);
    await context.close();
  });
});

describe('what a role may do', () => {
  it('refuses a form post without the CSRF token with 403, and changes nothing', async () => {
    const number = uniqueNumber();
    await reportThreeTimes(stack, number);
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/alerts?status=OPEN`);
    const card = alertCard(page, number);
    await card.waitFor();
    const id = await card.locator('input[name=id]').first().getAttribute('value');
    const response = await page.request.post(`${stack.webUrl}/dashboard/alerts`, {
      form: { intent: 'acknowledge', id: id ?? '' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    const forged = await page.request.post(`${stack.webUrl}/dashboard/alerts`, {
      form: { intent: 'acknowledge', id: id ?? '', csrf: 'x'.repeat(43) },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    await page.reload();
    expect(await alertCard(page, number).getAttribute('data-status')).toBe('OPEN');
    await context.close();
  });

  it('lets an analyst acknowledge an alert, shows their name on it, and an auditor finds it in the audit log', async () => {
    const number = uniqueNumber();
    await reportThreeTimes(stack, number);
    const analyst = await stack.createPerson('ANALYST', { displayName: `Asha ${number.slice(-4)}` });
    const { page, context } = await stack.openPage({ as: analyst });
    await page.goto(`${stack.webUrl}/dashboard/alerts?status=OPEN`);
    await alertCard(page, number).getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => alertCard(page, number).count()).toBe(0);
    await page.goto(`${stack.webUrl}/dashboard/alerts?status=ACKNOWLEDGED`);
    const acknowledged = alertCard(page, number).getByTestId('alert-acknowledged');
    await acknowledged.waitFor();
    expect(await acknowledged.textContent()).toContain(`by ${analyst.displayName}`);
    await screenshot(page, 'alert-acknowledged-by-name');
    await context.close();

    // A colleague sees the name, never the email (only ADMIN and AUDITOR see emails).
    const colleague = await stack.openPage({ as: 'ANALYST' });
    await colleague.page.goto(`${stack.webUrl}/dashboard/alerts?status=ACKNOWLEDGED`);
    const seen = alertCard(colleague.page, number).getByTestId('alert-acknowledged');
    await seen.waitFor();
    expect(await seen.textContent()).toContain(`by ${analyst.displayName}`);
    expect(await alertCard(colleague.page, number).textContent()).not.toContain(analyst.email);
    await colleague.context.close();

    const auditor = await stack.openPage({ as: 'AUDITOR' });
    await auditor.page.goto(`${stack.webUrl}/dashboard/audit`);
    await auditor.page.getByLabel('Person or key').fill(analyst.email);
    await auditor.page.getByLabel('Action').fill('alert.acknowledge');
    await auditor.page.getByRole('button', { name: 'Apply filters' }).click();
    await auditor.page.waitForURL(/actor=/);
    const row = auditor.page.getByTestId('audit-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain(analyst.email);
    expect(await row.textContent()).toContain('alert.acknowledge');
    await screenshot(auditor.page, 'audit-log');
    // The export goes through the web server with the auditor's session.
    const csv = await auditor.page.request.get(
      `${stack.webUrl}/dashboard/audit.csv?actor=${encodeURIComponent(analyst.email)}`,
    );
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('alert.acknowledge');
    // An auditor changes nothing: no buttons on alerts.
    await auditor.page.goto(`${stack.webUrl}/dashboard/alerts?status=OPEN`);
    await auditor.page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    expect(await auditor.page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await auditor.context.close();
  });

  it('refuses the audit and accounts pages and campaign changes to an analyst, and hides them', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard`);
    const navigation = page.getByRole('navigation', { name: 'Dashboard sections' });
    await navigation.waitFor();
    expect(await navigation.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    expect(await navigation.getByRole('link', { name: 'Accounts' }).count()).toBe(0);
    for (const route of ['/dashboard/audit', '/dashboard/admin/accounts', '/dashboard/audit.csv']) {
      const response = await page.goto(`${stack.webUrl}${route}`);
      expect(response?.status(), route).toBe(403);
    }
    await page.goto(`${stack.webUrl}/dashboard/admin/accounts`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed');
    // A status change posted by hand, with a good CSRF token, is still refused for the role.
    const csrf = (await context.cookies()).find((cookie) => cookie.name === 'satark_csrf');
    const token = JSON.parse(Buffer.from(decodeURIComponent(csrf?.value ?? ''), 'base64').toString('utf8'));
    const response = await page.request.post(`${stack.webUrl}/dashboard/campaigns/Q2FtcGFpZ246eA`, {
      form: { intent: 'status', status: 'CLOSED', csrf: token },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await context.close();
  });
});

describe('an administrator', () => {
  it('creates an account, disables it, and the disabled person is signed out and their live view stops', async () => {
    const admin = await stack.openPage({ as: 'ADMIN' });
    await admin.page.goto(`${stack.webUrl}/dashboard/admin/accounts`);
    const email = `ravi-${uniqueNumber().slice(-6)}@e2e.satark.test`;
    await admin.page.getByLabel('Email').fill(email);
    await admin.page.getByLabel('Display name').fill('Ravi Kumar');
    await admin.page.locator('#new-account-role').selectOption('ANALYST');
    await admin.page.getByRole('button', { name: 'Create account' }).click();
    const secret = admin.page.getByTestId('one-time-secret');
    await secret.waitFor();
    const oneTimePassword = (await secret.textContent()) ?? '';
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);

    // Ravi signs in with it, chooses his own password and follows the overview live.
    const ravi = await stack.openPage({ as: 'public' });
    await ravi.page.goto(`${stack.webUrl}/login`);
    await ravi.page.getByLabel('Email').fill(email);
    await ravi.page.getByLabel('Password').fill(oneTimePassword);
    await ravi.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await ravi.page.waitForURL((url) => url.pathname === '/dashboard/password');
    await ravi.page.getByLabel('Current password').fill(oneTimePassword);
    await ravi.page.getByLabel('New password', { exact: true }).fill('ravi chose this passphrase 7');
    await ravi.page.getByLabel('New password again').fill('ravi chose this passphrase 7');
    await ravi.page.getByRole('button', { name: 'Change password' }).click();
    await ravi.page.waitForURL((url) => url.pathname === '/dashboard');
    await expect
      .poll(() => ravi.page.locator('.connection-badge').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('live');

    await admin.page.goto(`${stack.webUrl}/dashboard/admin/accounts`);
    const row = admin.page.locator(`[data-testid=account-row][data-email="${email}"]`);
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => admin.page.getByTestId('accounts-outcome').textContent()).toContain('disabled');
    try {
      await expect.poll(() => row.locator('td').nth(3).textContent(), { timeout: 15_000 }).toBe('Disabled');
    } catch (error) {
      await screenshot(admin.page, 'failed-accounts-after-disable');
      throw new Error(`The accounts page at ${admin.page.url()} did not show the account disabled`, {
        cause: error,
      });
    }

    // The API closes Ravi's socket; the page notices and sends him to sign in again.
    await ravi.page.waitForURL((url) => url.pathname === '/login', { timeout: 20_000 });
    await screenshot(ravi.page, 'signed-out-after-disable');
    await ravi.context.close();
    await admin.context.close();
  });

  it('resets a password to a one-time one, and creates and revokes an API key of their own', async () => {
    const person = await stack.createPerson('OPERATOR');
    const admin = await stack.openPage({ as: 'ADMIN' });
    const { page } = admin;
    await page.goto(`${stack.webUrl}/dashboard/admin/accounts`);
    await page
      .locator(`[data-testid=account-row][data-email="${person.email}"]`)
      .getByRole('button', { name: 'Reset password' })
      .click();
    const oneTimePassword = (await page.getByTestId('one-time-secret').textContent()) ?? '';
    expect(oneTimePassword).not.toBe('');
    // The old password no longer works; the one-time one does, and asks for a new one.
    const signIn = await stack.openPage({ as: 'public' });
    await stack.signIn(signIn.page, { ...person, password: oneTimePassword });
    await signIn.page.waitForURL((url) => url.pathname === '/dashboard/password');
    await signIn.context.close();

    const keyName = `bank integration ${person.id.slice(0, 6)}`;
    await page.locator('#new-key-name').fill(keyName);
    await page.locator('#new-key-role').selectOption('OPERATOR');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => page.getByTestId('one-time-secret').textContent()).toMatch(/^sk_/);
    const key = page.locator(`[data-testid=key-row][data-name="${keyName}"]`);
    await key.waitFor();
    expect(await key.textContent()).toContain(admin.person?.displayName ?? 'no person');
    await key.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => key.locator('td').nth(5).textContent()).toMatch(/^Revoked /);
    await admin.context.close();
  });
});
