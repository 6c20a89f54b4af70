import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { call, type Stack, screenshot, startStack } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const number = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''));

describe('live updates', () => {
  it('moves the ingestion chart and the counters within 5 seconds of calls being ingested', async () => {
    const { page, context, consoleErrors } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard`);
    await expect.poll(() => page.locator('.connection-badge').getAttribute('data-state')).toBe('live');
    const signalsBefore = await page.getByTestId('suspicious-signals').textContent();
    const totalBefore = number(signalsBefore?.match(/of ([\d,]+) calls/)?.[1] ?? null);
    const pointsBefore = Number(await page.getByTestId('ingestion-chart').getAttribute('data-points'));

    await stack.ingest(Array.from({ length: 120 }, () => call()));
    const ingestedAt = Date.now();

    await expect
      .poll(async () => number(await page.getByTestId('calls-per-second').textContent()), { timeout: 5000 })
      .toBeGreaterThan(0);
    await expect
      .poll(
        async () =>
          number(
            (await page.getByTestId('suspicious-signals').textContent())?.match(/of ([\d,]+) calls/)?.[1] ??
              null,
          ),
        { timeout: 5000 },
      )
      .toBe(totalBefore + 120);
    await expect
      .poll(
        async () =>
          Number(await page.getByTestId('ingestion-chart').getAttribute('data-last-calls-per-second')),
        {
          timeout: 5000,
        },
      )
      .toBeGreaterThan(0);
    expect(Date.now() - ingestedAt).toBeLessThan(5000);
    expect(Number(await page.getByTestId('ingestion-chart').getAttribute('data-points'))).toBeGreaterThan(
      pointsBefore,
    );
    await page.locator('[data-testid=ingestion-chart] svg path').first().waitFor({ state: 'attached' });
    await expect.poll(() => page.getByTestId('event-feed').locator('li').count()).toBeGreaterThan(0);
    await screenshot(page, 'dashboard-live');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('counts calls analysed on the landing page live', async () => {
    const { page, context, consoleErrors } = await stack.openPage();
    await page.goto(`${stack.webUrl}/`);
    await expect.poll(() => page.locator('.connection-badge').getAttribute('data-state')).toBe('live');
    const before = number(await page.getByTestId('calls-analysed').textContent());
    await stack.ingest(Array.from({ length: 7 }, () => call()));
    await expect
      .poll(async () => number(await page.getByTestId('calls-analysed').textContent()), { timeout: 5000 })
      .toBe(before + 7);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('relays only subscriptions through the public /live/public: a query sent there is refused', async () => {
    const client = createClient({
      url: `${stack.webUrl.replace('http', 'ws')}/live/public`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: '{ alerts(first: 1) { totalCount } }' },
        {
          next: () => resolve('data'),
          error: (error) => resolve(JSON.stringify(error)),
          complete: () => resolve('complete'),
        },
      );
    });
    await client.dispose();
    expect(outcome).toMatch(/Only subscriptions/);
  });

  it('says clearly when the API is down, then recovers by itself when it is back', async () => {
    const { page, context } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard`);
    await expect.poll(() => page.locator('.connection-badge').getAttribute('data-state')).toBe('live');

    await stack.stopApi();
    await expect
      .poll(() => page.locator('.connection-badge').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('reconnecting');
    await page.goto(`${stack.webUrl}/dashboard`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('The Satark API is not reachable');
    await screenshot(page, 'api-down');

    await stack.restartApi();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
      .toBe('Threat overview');
    await expect
      .poll(() => page.locator('.connection-badge').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('live');
    await context.close();
  });

  it('keeps the landing page up while the API is down, saying the figures are unavailable', async () => {
    await stack.stopApi();
    try {
      const response = await fetch(`${stack.webUrl}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Live figures are unavailable');
    } finally {
      await stack.restartApi();
    }
  });
});
