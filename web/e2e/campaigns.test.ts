import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Seeded, seed } from './seed';
import { call, type Stack, screenshot, startStack } from './stack';

let stack: Stack;
let seeded: Seeded;
beforeAll(async () => {
  stack = await startStack();
  seeded = await seed(stack);
});
afterAll(() => stack?.close());

const campaignPath = () => `/dashboard/campaigns/${encodeURIComponent(seeded.campaignId)}`;

describe('campaigns', () => {
  it('lists the campaign and filters the list by status and type', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/campaigns?status=ACTIVE&type=KYC_PHISHING`);
    await page.getByRole('link', { name: seeded.campaignName }).waitFor();
    await page.getByLabel('Fraud type').selectOption('WANGIRI');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/type=WANGIRI/);
    await expect.poll(() => page.getByRole('link', { name: seeded.campaignName }).count()).toBe(0);
    // The live pipeline may have found WANGIRI campaigns of its own in the test traffic; no
    // one has contained one, so this filter is empty for sure.
    await page.getByLabel('Status', { exact: true }).selectOption('CONTAINED');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=CONTAINED/);
    await page.getByText('No campaign matches these filters').waitFor();
    await context.close();
  });

  it('draws the campaign’s call graph: its numbers and the people they called as nodes', async () => {
    const { page, context, consoleErrors } = await stack.openPage();
    await page.goto(`${stack.webUrl}${campaignPath()}`);
    const graph = page.getByTestId('campaign-graph');
    await graph.locator('circle').first().waitFor();
    const expectedNodes = seeded.members.length + seeded.targets.length;
    expect(await graph.locator('circle').count()).toBe(expectedNodes);
    for (const member of seeded.members) {
      expect(await graph.locator(`circle[data-testid="node.${member}"]`).count()).toBe(1);
    }
    expect(await graph.locator('line').count()).toBe(seeded.members.length * seeded.targets.length);
    expect(await page.getByTestId('campaign-node-count').textContent()).toBe(String(expectedNodes));
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('counts the campaign’s new calls live, and stops while the live view is paused', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}${campaignPath()}`);
    await expect
      .poll(() => page.locator('.site-header .connection-badge').getAttribute('data-state'))
      .toBe('live');
    const counter = page.getByTestId('campaign-new-calls');
    await stack.ingest([call({ caller: seeded.members[0], receiver: seeded.targets[0], durationSec: 3 })]);
    await expect.poll(() => counter.textContent(), { timeout: 5000 }).toMatch(/^1 new call by/);

    await page.getByRole('button', { name: 'Pause live view' }).click();
    expect(await counter.textContent()).toContain('Live view paused');
    await stack.ingest([call({ caller: seeded.members[1], receiver: seeded.targets[1], durationSec: 3 })]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await page.getByRole('button', { name: 'Resume live view' }).click();
    expect(await counter.textContent()).toMatch(/^1 new call by/);
    await context.close();
  });

  it('lets an operator change the campaign’s status', async () => {
    const { page, context } = await stack.openPage({ as: 'OPERATOR' });
    await page.goto(`${stack.webUrl}${campaignPath()}`);
    await page.getByLabel('Status', { exact: true }).selectOption('CONTAINED');
    await page.getByRole('button', { name: 'Update status' }).click();
    await page.locator('.page-header .badge--contained').waitFor();
    const stored = await stack.gql<{ campaign: { status: string } }>(
      'query($id: ID!) { campaign(id: $id) { status } }',
      { id: seeded.campaignId },
      stack.analystKey,
    );
    expect(stored.data?.campaign.status).toBe('CONTAINED');
    await screenshot(page, 'campaign-contained');
    await context.close();
  });

  it('exports the campaign as CSV and as JSON', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}${campaignPath()}`);
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/^campaign-e2e-kyc-ring-\d+\.csv$/);
    // The exports are for signed-in people: fetched with the page's session cookie.
    const csvResponse = await page.request.get(`${stack.webUrl}${campaignPath()}/export.csv`);
    expect(csvResponse.headers()['content-type']).toContain('text/csv');
    const rows = parse(await csvResponse.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.number).sort()).toEqual([...seeded.members].sort());

    const json = await (await page.request.get(`${stack.webUrl}${campaignPath()}/export.json`)).json();
    expect(json.campaign.name).toBe(seeded.campaignName);
    expect(json.campaign.graph.nodes).toHaveLength(seeded.members.length + seeded.targets.length);
    await context.close();
  });
});
