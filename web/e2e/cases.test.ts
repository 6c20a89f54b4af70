import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportThreeTimes } from './seed';
import { call, type Stack, screenshot, startStack, uniqueNumber } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

async function createList(kind: 'ALLOW' | 'BLOCK', name: string): Promise<string> {
  const created = await stack.gql<{ createList: { __typename: string; data?: { id: string } } }>(
    'mutation($name: String!, $kind: ListKind!) { createList(name: $name, kind: $kind) { __typename ... on MutationCreateListSuccess { data { id } } } }',
    { name, kind },
    stack.operatorKey,
  );
  const id = created.data?.createList.data?.id;
  if (!id) throw new Error(`createList failed: ${JSON.stringify(created)}`);
  return id;
}

describe('the case desk', () => {
  it('gathers a number’s alerts into one case that an operator works to fraud confirmed, blocking the number so its next call is flagged at once', async () => {
    const number = uniqueNumber();
    const other = uniqueNumber();
    const listName = `E2E confirmed fraud ${number.slice(-6)}`;
    await createList('BLOCK', listName);
    // Two numbers reported by three banks each: two alerts, each gathered into a case of its own.
    await reportThreeTimes(stack, number);
    await reportThreeTimes(stack, other);

    const { page, context, consoleErrors, person } = await stack.openPage({ as: 'OPERATOR' });
    await page.goto(`${stack.webUrl}/dashboard/cases?${new URLSearchParams({ q: number.slice(-8) })}`);
    const rows = page.getByTestId('case-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByRole('link').first().click();
    await page.waitForURL(/\/dashboard\/cases\/[^/?]+$/);
    await page.getByTestId('case-numbers').getByText(number).waitFor();
    expect(await page.getByTestId('alert-card').count()).toBeGreaterThanOrEqual(1);

    await page.getByTestId('case-assign').getByRole('button', { name: 'Assign' }).click();
    await expect
      .poll(() => page.getByTestId('case-assignee').first().textContent())
      .toBe(`Assigned to ${person?.displayName}`);

    await page.getByLabel('Note').fill('Three banks saw OTP requests from this number.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page
      .getByTestId('case-timeline')
      .getByText('Three banks saw OTP requests from this number.')
      .waitFor();

    await page.getByText('Close with an outcome').click();
    const close = page.getByTestId('case-close');
    await close.getByLabel('Outcome').selectOption('FRAUD_CONFIRMED');
    await close.getByLabel('Reason').fill('OTP phishing confirmed by the banks');
    await close.getByLabel(/Add the case’s numbers to a list/).check();
    await close.getByLabel('List', { exact: true }).selectOption({ label: listName });
    await close.getByRole('button', { name: 'Close case' }).click();
    await expect
      .poll(() =>
        page
          .getByTestId('case-outcome')
          .textContent()
          .catch(() => ''),
      )
      .toContain('Fraud confirmed');
    await screenshot(page, 'case-closed');

    // The number's next call is flagged on that first call: a live NUMBER_BLOCKED alert.
    await page.goto(`${stack.webUrl}/dashboard/alerts`);
    await expect.poll(() => page.locator('.connection-badge').getAttribute('data-state')).toBe('live');
    await stack.ingest([call({ caller: number })]);
    await page
      .getByTestId('alert-card')
      .filter({ hasText: `${number} is on block list ${listName}` })
      .waitFor({ timeout: 15_000 });

    await page.goto(`${stack.webUrl}/dashboard/lookup?${new URLSearchParams({ number })}`);
    expect(await page.getByTestId('verdict-label').textContent()).toBe('Dangerous');
    expect(await page.getByTestId('list-entries').textContent()).toContain(listName);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('gathers every alert about one number into one case, and shows a colleague’s note on the case page live', async () => {
    const number = uniqueNumber();
    const listId = await createList('BLOCK', `E2E operator disconnects ${number.slice(-6)}`);
    await stack.gql(
      'mutation($listId: ID!, $n: String!) { addListEntry(listId: $listId, input: { number: $n, reason: "disconnected by the operator" }) { __typename } }',
      { listId, n: number },
      stack.operatorKey,
    );
    // A blocked caller's calls (NUMBER_BLOCKED) and three banks' reports (REPORTED_NUMBER): two alerts.
    await stack.ingest([call({ caller: number }), call({ caller: number })]);
    await reportThreeTimes(stack, number);

    const { page, context, consoleErrors } = await stack.openPage();
    // Each alert says which case it is worked in: the same one.
    await page.goto(`${stack.webUrl}/dashboard/alerts?${new URLSearchParams({ q: number.slice(-8) })}`);
    await expect.poll(() => page.getByTestId('alert-case').count()).toBe(2);
    const caseNumbers = await page.getByTestId('alert-case').getByRole('link').allTextContents();
    expect(caseNumbers[0]).toMatch(/^CASE-\d{6}$/);
    expect(caseNumbers[1]).toBe(caseNumbers[0]);

    await page.goto(`${stack.webUrl}/dashboard/cases?${new URLSearchParams({ q: number.slice(-8) })}`);
    const rows = page.getByTestId('case-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByRole('link').first().click();
    await page.waitForURL(/\/dashboard\/cases\/[^/?]+$/);
    await expect.poll(() => page.getByTestId('alert-card').count(), { timeout: 15_000 }).toBe(2);

    await expect.poll(() => page.locator('.connection-badge').getAttribute('data-state')).toBe('live');
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const commented = await stack.gql<{ commentOnCase: { __typename: string } }>(
      'mutation($id: ID!) { commentOnCase(id: $id, text: "Checked with the operator: SIM swapped last week") { __typename } }',
      { id: caseId },
      stack.analystKey,
    );
    expect(commented.data?.commentOnCase.__typename).toBe('MutationCommentOnCaseSuccess');
    await page
      .getByTestId('case-timeline')
      .getByText('Checked with the operator: SIM swapped last week')
      .waitFor({ timeout: 10_000 });
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('assigns and closes several ticked cases at once from the queue', async () => {
    const numbers = [uniqueNumber(), uniqueNumber()];
    for (const number of numbers) await reportThreeTimes(stack, number);
    const { page, context, consoleErrors, person } = await stack.openPage();
    const rowOf = (number: string) => page.getByTestId('case-row').filter({ hasText: number.slice(-8) });
    await page.goto(`${stack.webUrl}/dashboard/cases?tab=unassigned&status=OPEN&sort=NEWEST`);
    for (const number of numbers) {
      await rowOf(number).waitFor();
      await rowOf(number).getByTestId('case-select').check();
    }
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => page.getByTestId('action-result').textContent()).toBe('Assigned 2 cases.');

    await page.goto(`${stack.webUrl}/dashboard/cases?tab=mine`);
    for (const number of numbers) {
      expect(await rowOf(number).getByTestId('case-assignee').textContent()).toBe(person?.displayName);
      await rowOf(number).getByTestId('case-select').check();
    }
    await page.getByText('Close the ticked cases').click();
    await page.getByLabel('Outcome').selectOption('INCONCLUSIVE');
    await page.getByLabel('Reason').fill('Banks could not confirm');
    await page.getByRole('button', { name: 'Close ticked cases' }).click();
    await expect.poll(() => page.getByTestId('action-result').textContent()).toBe('Closed 2 cases.');
    await page.goto(`${stack.webUrl}/dashboard/cases?tab=mine&status=CLOSED`);
    for (const number of numbers) {
      expect(await rowOf(number).getByTestId('case-status').textContent()).toBe('Closed');
    }
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('never raises an alert for an allow-listed number, whatever its calls look like', async () => {
    const number = uniqueNumber();
    const listId = await createList('ALLOW', `E2E bank call centre ${number.slice(-6)}`);
    const added = await stack.gql<{ addListEntry: { __typename: string } }>(
      'mutation($listId: ID!, $n: String!) { addListEntry(listId: $listId, input: { number: $n, reason: "bank call centre" }) { __typename } }',
      { listId, n: number },
      stack.operatorKey,
    );
    expect(added.data?.addListEntry.__typename).toBe('MutationAddListEntrySuccess');
    const { page, context, consoleErrors } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/lookup?${new URLSearchParams({ number })}`);
    await page.getByTestId('list-entries').getByText('bank call centre').waitFor({ timeout: 10_000 });

    // Wangiri-like: one-second calls to a new person each time.
    const start = Date.now() - 3_600_000;
    await stack.ingest(
      Array.from({ length: 30 }, (_, i) =>
        call({ caller: number, durationSec: 1, startedAt: new Date(start + i * 60_000).toISOString() }),
      ),
    );
    await page.goto(`${stack.webUrl}/dashboard/alerts?${new URLSearchParams({ q: number.slice(-8) })}`);
    await page.getByText('No alert matches these filters').waitFor();
    await page.goto(`${stack.webUrl}/dashboard/lookup?${new URLSearchParams({ number })}`);
    expect(await page.getByTestId('verdict-label').textContent()).not.toBe('Dangerous');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
