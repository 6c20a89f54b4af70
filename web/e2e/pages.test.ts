import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './accessibility';
import { readClientBuild } from './bundle-size';
import { type Seeded, seed } from './seed';
import { type Role, type Stack, screenshot, startStack } from './stack';

let stack: Stack;
let seeded: Seeded;
/** The case the reported number's alert was gathered into, and a block list: pages of their own. */
let desk: { caseId: string; caseHeading: string; listId: string; listName: string };
const build = readClientBuild(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));

beforeAll(async () => {
  stack = await startStack();
  seeded = await seed(stack);
  const cases = await stack.gql<{
    cases: { edges: { node: { id: string; number: string; title: string } }[] };
  }>(
    'query($q: String) { cases(filter: { search: $q }, first: 1) { edges { node { id number title } } } }',
    { q: seeded.reportedNumber.slice(-8) },
    stack.analystKey,
  );
  const kase = cases.data?.cases.edges[0]?.node;
  if (!kase) throw new Error(`no case for the reported number: ${JSON.stringify(cases)}`);
  const listName = `E2E blocked ${seeded.reportedNumber.slice(-4)}`;
  const created = await stack.gql<{ createList: { data?: { id: string } } }>(
    'mutation($name: String!) { createList(name: $name, kind: BLOCK) { ... on MutationCreateListSuccess { data { id } } } }',
    { name: listName },
    stack.operatorKey,
  );
  const listId = created.data?.createList.data?.id;
  if (!listId) throw new Error(`createList failed: ${JSON.stringify(created)}`);
  desk = { caseId: kase.id, caseHeading: `${kase.number} · ${kase.title}`, listId, listName };
});
afterAll(() => stack?.close());

const pages = (): { name: string; path: string; heading: string; as?: Role | 'public' }[] => [
  { name: 'landing', path: '/', heading: 'Know a fraud call before it costs anyone.', as: 'public' },
  { name: 'check', path: '/check', heading: 'Is this number safe?', as: 'public' },
  { name: 'login', path: '/login', heading: 'Sign in to Satark', as: 'public' },
  { name: 'dashboard', path: '/dashboard', heading: 'Threat overview' },
  { name: 'campaigns', path: '/dashboard/campaigns', heading: 'Campaigns' },
  {
    name: 'campaign',
    path: `/dashboard/campaigns/${encodeURIComponent(seeded.campaignId)}`,
    heading: seeded.campaignName,
  },
  {
    name: 'lookup',
    path: `/dashboard/lookup?number=${encodeURIComponent(seeded.reportedNumber)}`,
    heading: 'Is this number safe?',
  },
  {
    name: 'explainability',
    path: '/dashboard/explainability',
    heading: 'Why the model decides what it decides',
  },
  { name: 'alerts', path: '/dashboard/alerts', heading: 'Alerts' },
  { name: 'cases', path: '/dashboard/cases', heading: 'Cases' },
  { name: 'case', path: `/dashboard/cases/${encodeURIComponent(desk.caseId)}`, heading: desk.caseHeading },
  { name: 'lists', path: '/dashboard/lists', heading: 'Allow and block lists', as: 'OPERATOR' },
  {
    name: 'list',
    path: `/dashboard/lists/${encodeURIComponent(desk.listId)}`,
    heading: desk.listName,
    as: 'OPERATOR',
  },
  { name: 'audit', path: '/dashboard/audit', heading: 'Audit log', as: 'ADMIN' },
  { name: 'accounts', path: '/dashboard/admin/accounts', heading: 'Accounts and API keys', as: 'ADMIN' },
];

describe('every page', () => {
  it('loads with live data, shows it is connected and logs no console errors, on a desktop and on a phone', async () => {
    for (const width of [1366, 390]) {
      for (const { name, path, heading, as } of pages()) {
        const { page, context, consoleErrors } = await stack.openPage({ width, as });
        const response = await page.goto(`${stack.webUrl}${path}`);
        expect(response?.status(), `${path} status`).toBe(200);
        await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe(heading);
        await expect
          .poll(() => page.locator('.site-header .connection-badge').getAttribute('data-state'), {
            timeout: 10_000,
          })
          .toBe('live');
        await page.waitForLoadState('networkidle');
        if (name === 'campaign') await page.locator('[data-testid=campaign-graph] circle').first().waitFor();
        if (name === 'dashboard') await page.locator('[data-testid=ingestion-chart] svg').first().waitFor();
        await screenshot(page, `${name}${width < 500 ? '-phone' : ''}`);
        expect(consoleErrors, `console errors on ${path} at ${width}px`).toEqual([]);
        expect(await accessibilityViolations(page), `WCAG 2.1 AA problems on ${path} at ${width}px`).toEqual(
          [],
        );
        await context.close();
      }
    }
    // Sixteen pages at two widths, each with an accessibility scan: minutes on a busy machine.
  }, 360_000);

  it('never puts the API’s address or the dashboard’s key in what the browser receives', async () => {
    for (const { path } of pages()) {
      const html = await (await fetch(`${stack.webUrl}${path}`)).text();
      expect(html).not.toContain(stack.analystKey);
      expect(html).not.toContain(`:${stack.apiPort}`);
    }
    const { page, context } = await stack.openPage();
    // Every body is read before the page closes (a read after it rejects, unhandled).
    const reading: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) reading.push(response.text());
    });
    await page.goto(`${stack.webUrl}/dashboard`);
    await page.waitForLoadState('networkidle');
    page.removeAllListeners('response');
    const scripts = await Promise.all(reading);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script).not.toContain(stack.analystKey);
      expect(script).not.toContain(`:${stack.apiPort}`);
    }
    await context.close();
  });

  it('works from the keyboard: a skip link first, then the navigation, and a number check with Enter', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Satark home');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Home');
    await page.getByLabel('Phone number').focus();
    await page.keyboard.type(seeded.reportedNumber);
    await page.keyboard.press('Enter');
    await page.getByTestId('verdict').waitFor();
    expect(await page.getByTestId('verdict-label').textContent()).toBe('Dangerous');
    await context.close();
  });

  it('loads on the landing page no JavaScript beyond what the bundle budget counts', async () => {
    const counted = new Set(build.pageFiles(['routes/_index.tsx']).map((file) => `/${file}`));
    const { page, context } = await stack.openPage();
    const loaded: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith('.js')) loaded.push(url.pathname);
    });
    await page.goto(`${stack.webUrl}/`);
    await page.waitForLoadState('networkidle');
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((file) => !counted.has(file))).toEqual([]);
    await context.close();
  });

  it('answers an unknown campaign with a designed not-found page', async () => {
    const { page, context } = await stack.openPage();
    const response = await page.goto(
      `${stack.webUrl}/dashboard/campaigns/${encodeURIComponent(Buffer.from('Campaign:00000000-0000-0000-0000-000000000000').toString('base64'))}`,
    );
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    await context.close();
  });
});
