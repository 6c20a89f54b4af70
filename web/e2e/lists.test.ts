import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, screenshot, startStack, uniqueNumber } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe('allow and block lists', () => {
  it('lets an operator create a list, refuses a CSV with a bad row whole, imports a good one and exports it', async () => {
    const { page, context, consoleErrors } = await stack.openPage({ as: 'OPERATOR' });
    const name = `E2E disconnected ${uniqueNumber().slice(-6)}`;
    await page.goto(`${stack.webUrl}/dashboard/lists`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Kind').selectOption('BLOCK');
    await page.getByRole('button', { name: 'Create list' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    const [good, alsoGood] = [uniqueNumber(), uniqueNumber()];
    await page
      .getByLabel('Or paste the CSV')
      .fill(`number,reason\n${good},disconnected\nnot-a-number,oops\n`);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-row-errors').getByText(/Row 3/).waitFor();
    expect(await page.getByTestId('action-result').textContent()).toContain('Nothing was imported');
    await page.getByText('This list is empty').waitFor();

    await page
      .getByLabel('Or paste the CSV')
      .fill(`number,reason\n${good},disconnected\n${alsoGood},disconnected\n`);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByTestId('action-result').textContent()).toBe('Imported 2 entries.');
    await expect.poll(() => page.getByTestId('entry-row').count()).toBe(2);

    await page.getByLabel('Number or prefix').fill(alsoGood.slice(-6));
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('entry-row').count()).toBe(1);
    await screenshot(page, 'list');

    const exported = await page.request.get(page.url().replace(/\?.*$/, '') + '/export.csv');
    expect(exported.status()).toBe(200);
    const csv = await exported.text();
    expect(csv).toContain(good);
    expect(csv).toContain(alsoGood);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('shows lists to an analyst without the controls to change them', async () => {
    const { page, context } = await stack.openPage({ as: 'ANALYST' });
    await page.goto(`${stack.webUrl}/dashboard/lists`);
    await page.getByRole('heading', { level: 1, name: 'Allow and block lists' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create list' }).count()).toBe(0);
    await context.close();
  });
});
