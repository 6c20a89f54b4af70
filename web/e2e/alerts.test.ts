import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportThreeTimes } from './seed';
import { type Stack, screenshot, startStack, uniqueNumber } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

function alertCard(page: import('playwright-core').Page, number: string) {
  return page.getByTestId('alert-card').filter({ hasText: `${number} reported by 3 trusted reporters` });
}

describe('alerts', () => {
  it('can be acknowledged, then resolved with a note', async () => {
    const number = uniqueNumber();
    await reportThreeTimes(stack, number);
    const { page, context, consoleErrors, person } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/alerts?status=OPEN`);
    const card = alertCard(page, number);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('OPEN');

    await card.getByRole('button', { name: 'Acknowledge' }).click();
    // The list is filtered to open alerts: once acknowledged, the card leaves it.
    await expect.poll(() => alertCard(page, number).count()).toBe(0);
    await page.goto(`${stack.webUrl}/dashboard/alerts?status=ACKNOWLEDGED`);
    const acknowledged = alertCard(page, number);
    await acknowledged.waitFor();
    expect(await acknowledged.getByTestId('alert-acknowledged').textContent()).toMatch(
      new RegExp(`Acknowledged .* by ${person?.displayName} \\(you\\)`),
    );

    await acknowledged.getByText('Resolve with a note').click();
    await acknowledged.getByLabel('What was done?').fill('Blocked at the switch');
    await acknowledged.getByRole('button', { name: 'Resolve alert' }).click();
    await expect.poll(() => alertCard(page, number).count()).toBe(0);

    await page.goto(`${stack.webUrl}/dashboard/alerts?status=RESOLVED`);
    const resolved = alertCard(page, number);
    await resolved.waitFor();
    expect(await resolved.textContent()).toContain('“Blocked at the switch”');
    await screenshot(page, 'alerts-resolved');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('filters by severity and status through the URL', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/alerts`);
    await page.getByLabel('Severity').selectOption('CRITICAL');
    await page.getByLabel('Status').selectOption('RESOLVED');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/severity=CRITICAL&status=RESOLVED/);
    await page.getByText('No alert matches these filters').waitFor();
    await context.close();
  });

  it('shows a new alert the moment it is raised, without reloading', async () => {
    const { page, context, consoleErrors } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/alerts`);
    await expect.poll(() => page.locator('.connection-badge').getAttribute('data-state')).toBe('live');
    const number = uniqueNumber();
    await reportThreeTimes(stack, number);
    const card = alertCard(page, number);
    await card.waitFor({ timeout: 5000 });
    expect(await card.textContent()).toContain('New');
    await expect
      .poll(() => page.getByTestId('alert-total').textContent())
      .toContain('arrived while you were here');
    await screenshot(page, 'alerts-live');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('narrows the list by number, groups it by number and acknowledges several alerts at once', async () => {
    const first = uniqueNumber();
    const second = uniqueNumber();
    await reportThreeTimes(stack, first);
    await reportThreeTimes(stack, second);
    const { page, context, consoleErrors } = await stack.openPage();

    // Search by the number typed the way people read it aloud, with spaces.
    await page.goto(`${stack.webUrl}/dashboard/alerts`);
    await page.getByLabel('Number or title').fill(`${first.slice(0, 6)} ${first.slice(6)}`);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await alertCard(page, first).waitFor();
    await expect.poll(() => alertCard(page, second).count()).toBe(0);

    await page.goto(`${stack.webUrl}/dashboard/alerts?status=OPEN&sort=severity&group=number`);
    const group = page.getByTestId('alert-group').filter({ hasText: first });
    await group.waitFor();
    expect(await group.getByTestId('alert-group-summary').textContent()).toContain('1 alert');

    await page.goto(`${stack.webUrl}/dashboard/alerts?status=OPEN`);
    for (const number of [first, second]) {
      await alertCard(page, number).getByTestId('alert-select').check();
    }
    await page.getByRole('button', { name: 'Acknowledge selected' }).click();
    await expect
      .poll(() => page.getByTestId('bulk-acknowledge-result').textContent())
      .toBe('Acknowledged 2 alerts.');
    await expect.poll(() => alertCard(page, first).count()).toBe(0);
    await expect.poll(() => alertCard(page, second).count()).toBe(0);
    await page.goto(`${stack.webUrl}/dashboard/alerts?status=ACKNOWLEDGED`);
    await alertCard(page, first).waitFor();
    await alertCard(page, second).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('counts alerts raised since the analyst looked as unread until they mark them read', async () => {
    const { page, context, consoleErrors } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/alerts`);
    await expect.poll(() => page.locator('.connection-badge').getAttribute('data-state')).toBe('live');
    // A browser that never saw the list counts every loaded alert as unread.
    const markAllRead = page.getByRole('button', { name: 'Mark all read' });
    if (await markAllRead.isEnabled()) await markAllRead.click();
    await expect.poll(() => page.getByTestId('alert-unread').textContent()).toBe('0 unread');

    const number = uniqueNumber();
    await reportThreeTimes(stack, number);
    await alertCard(page, number).waitFor({ timeout: 5000 });
    await expect.poll(() => page.getByTestId('alert-unread').textContent()).toBe('1 unread');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => page.getByTestId('alert-unread').textContent()).toBe('0 unread');

    // The mark is remembered in this browser: a reload does not bring the count back.
    await page.reload();
    await expect.poll(() => page.getByTestId('alert-unread').textContent()).toBe('0 unread');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('adds a new alert to the overview’s emerging anomalies live', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard`);
    await expect.poll(() => page.locator('.connection-badge').getAttribute('data-state')).toBe('live');
    const number = uniqueNumber();
    await reportThreeTimes(stack, number);
    await page
      .getByTestId('emerging-anomalies')
      .getByText(`${number} reported by 3 trusted reporters`)
      .waitFor({ timeout: 5000 });
    await context.close();
  });
});
