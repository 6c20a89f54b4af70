// With no model the page must say so; with one it shows the figures exactly as the API gives
// them: one test stores a labelled fixture model version through the API's Prisma client
// (removed afterwards), so the figures checked are known.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Stack, screenshot, startStack, uniqueNumber } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const fixtureVersion = `e2e-fixture-${Date.now()}`;

describe('explainability', () => {
  it('says plainly that no model has been trained when the API has none', async () => {
    // The API trains a model at start; set it aside for this test and put it back after.
    const active = await stack.api.app.db.modelVersion.findMany({
      where: { active: true },
      select: { version: true },
    });
    await stack.api.app.db.modelVersion.updateMany({ where: { active: true }, data: { active: false } });
    try {
      const { data } = await stack.gql<{ model: { version: string } | null }>('{ model { version } }');
      expect(data?.model).toBeNull();
      const { page, context, consoleErrors } = await stack.openPage();
      await page.goto(`${stack.webUrl}/dashboard/explainability`);
      await page.getByTestId('no-model').getByText('No model has been trained yet').waitFor();
      expect(consoleErrors).toEqual([]);
      await context.close();
    } finally {
      await stack.api.app.db.modelVersion.updateMany({
        where: { version: { in: active.map((m) => m.version) } },
        data: { active: true },
      });
    }
  });

  it('shows the active model’s version, metrics and global importances exactly as the API returns them', async () => {
    await stack.api.app.db.modelVersion.create({
      data: {
        version: fixtureVersion,
        trainedAt: new Date('2026-11-20T10:00:00Z'),
        active: true,
        params: { nEstimators: 200, maxSamples: 256, contamination: 0.05, randomState: 42 },
        metrics: {
          detectionRate: 0.925,
          precision: 0.881,
          falsePositiveRate: 0.0063,
          rocAuc: 0.9712,
          prAuc: 0.9034,
        },
        featureImportances: [
          { feature: 'short_call_ratio', label: 'Share of very short calls', importance: 0.31 },
          { feature: 'night_call_ratio', label: 'Share of night calls', importance: 0.22 },
          { feature: 'calls_per_hour', label: 'Calls per hour', importance: 0.47 },
        ],
        trainingRows: 24_000,
        artifact: {},
      },
    });
    try {
      const { page, context, consoleErrors } = await stack.openPage();
      await page.goto(`${stack.webUrl}/dashboard/explainability`);
      expect(await page.getByTestId('model-version').textContent()).toContain(fixtureVersion);
      const metrics = await page.getByTestId('model-metrics').textContent();
      for (const shown of ['92.5%', '88.1%', '0.6%', '0.971', 'PR-AUC 0.903'])
        expect(metrics).toContain(shown);
      const importances = page.getByTestId('feature-importances').locator('li');
      expect(await importances.count()).toBe(3);
      expect(await importances.first().textContent()).toContain('Calls per hour');
      expect(await importances.first().textContent()).toContain('47%');
      await screenshot(page, 'explainability-model');
      expect(consoleErrors).toEqual([]);
      await context.close();
    } finally {
      await stack.api.app.db.modelVersion.delete({ where: { version: fixtureVersion } });
    }
  });
});

describe('one number’s reasons', () => {
  it('charts the SHAP contributions the API gives for a number the live model scored DANGEROUS', async () => {
    // A Wangiri pattern through the real pipeline: one-second calls to a new person each minute.
    const caller = uniqueNumber();
    const start = Date.now() - 3_600_000;
    await stack.ingest(
      Array.from({ length: 40 }, (_, i) =>
        call({
          caller,
          receiver: uniqueNumber(),
          durationSec: 1,
          startedAt: new Date(start + i * 60_000).toISOString(),
        }),
      ),
    );
    const { data } = await stack.gql<{
      checkNumber: { data: { verdict: string; reasons: { label: string; text: string }[] } };
    }>(
      'query($n: String!) { checkNumber(number: $n) { ... on QueryCheckNumberSuccess { data { verdict reasons { label text } } } } }',
      { n: caller },
    );
    const check = data?.checkNumber.data;
    expect(check?.verdict).toBe('DANGEROUS');
    expect(check?.reasons.length).toBeGreaterThan(0);

    const { page, context, consoleErrors } = await stack.openPage();
    await page.goto(`${stack.webUrl}/dashboard/explainability`);
    await page.getByLabel('Phone number').fill(caller);
    await page.getByRole('button', { name: 'Explain' }).click();
    const bars = page.getByTestId('shap-contributions').locator('li');
    await bars.first().waitFor();
    expect(await bars.count()).toBe(check?.reasons.length);
    const shown = await page.getByTestId('shap-contributions').textContent();
    for (const reason of check?.reasons ?? []) expect(shown).toContain(reason.text);
    await screenshot(page, 'explainability-number');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
