import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, screenshot, startStack, uniqueNumber } from './stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe.each([
  { mode: 'with JavaScript', javaScript: true },
  { mode: 'without JavaScript', javaScript: false },
])('number lookup and report $mode', ({ javaScript }) => {
  it('checks a never-seen number from the landing page’s box and says it is unknown, not safe, in colour and words', async () => {
    const number = uniqueNumber();
    const { page, context, consoleErrors } = await stack.openPage({ javaScript });
    await page.goto(`${stack.webUrl}/`);
    await page.getByLabel('Phone number').fill(number);
    await page.getByRole('button', { name: 'Check number' }).click();
    // The landing page's box is the public check: anonymous, no session needed.
    await page.waitForURL(/\/check\?number=/);
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    // Never seen, never reported, on no list: unknown, not "safe".
    expect(await page.getByTestId('verdict-label').textContent()).toBe('Unknown');
    expect(await verdict.getAttribute('class')).toContain('verdict--unknown');
    expect(await verdict.textContent()).toContain('We know nothing about this number yet');
    expect(await page.getByTestId('known').textContent()).toContain('No calls seen from this number.');
    expect(await page.getByTestId('report-count').textContent()).toBe('0');
    expect(await verdict.textContent()).toContain(number);
    // Without JavaScript there are no live updates, and the page does not pretend otherwise.
    await expect.poll(() => page.locator('.site-header .connection-badge').isVisible()).toBe(javaScript);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('reports a number three times from the desk, which counts once and makes it suspicious, not dangerous', async () => {
    const number = uniqueNumber();
    const { page, context, consoleErrors } = await stack.openPage({ javaScript });
    await page.goto(`${stack.webUrl}/dashboard/lookup?number=${encodeURIComponent(number)}`);
    for (let report = 1; report <= 3; report += 1) {
      await page.getByLabel('What kind of fraud?').selectOption('KYC_PHISHING');
      await page.getByLabel(/What happened/).fill(`Asked for my OTP (${report})`);
      await page.getByRole('button', { name: 'Report number' }).click();
      // The dashboard reports with its own key: one reporter, whose repeated reports update the first.
      await expect
        .poll(() => page.getByTestId('report-result').textContent())
        .toMatch(report === 1 ? /now has 1 reporter\./ : /was updated; it counts once\. It has 1 reporter\./);
      await expect.poll(() => page.getByTestId('report-count').textContent()).toBe('1');
    }
    expect(await page.getByTestId('verdict-label').textContent()).toBe('Suspicious');
    expect(await page.getByTestId('verdict').getAttribute('class')).toContain('verdict--suspicious');
    expect(await page.getByTestId('reports-ceiling').textContent()).toMatch(/suspicious at most/);
    // Every check from the desk is kept: who checked the number and what they were told.
    await page.goto(`${stack.webUrl}/dashboard/lookup?number=${encodeURIComponent(number)}`);
    const history = page.getByTestId('lookup-history');
    await history.waitFor();
    await expect
      .poll(() => history.getByTestId('lookup-history-entry').first().textContent())
      .toMatch(/\(you\) was told Suspicious/);
    await screenshot(page, `lookup-reported${javaScript ? '' : '-no-js'}`);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('explains what is wrong with something that is not a phone number', async () => {
    const { page, context } = await stack.openPage({ javaScript });
    await page.goto(`${stack.webUrl}/dashboard/lookup`);
    await page.getByLabel('Phone number').fill('12');
    await page.getByRole('button', { name: 'Check number' }).click();
    await page.getByTestId('lookup-error').waitFor();
    expect(await page.getByTestId('lookup-error').textContent()).toContain(
      'does not look like a phone number',
    );
    await context.close();
  });
});
