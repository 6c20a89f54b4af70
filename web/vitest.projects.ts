// The web workspace's test projects, shared by web/vitest.config.ts (`npx vitest run --root web`)
// and the root vitest.config.ts (`npm test`), which spreads them into its `projects`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { CHROMIUM_PATH } from './e2e/chromium';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const appAlias = { resolve: { alias: { '~': path.join(webRoot, 'app') } } };

const chromiumInstalled = existsSync(CHROMIUM_PATH);
if (!chromiumInstalled) {
  console.warn(
    `${CHROMIUM_PATH} is not installed: skipping the dashboard's browser tests (apt-get install -y chromium runs them).`,
  );
}

export const webProjects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    ...appAlias,
    test: {
      name: 'web-unit',
      root: webRoot,
      include: ['app/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
      environment: 'node',
    },
  },
  {
    extends: true,
    ...appAlias,
    test: {
      name: 'web-e2e',
      root: webRoot,
      // Without the browser the project is empty (the root config passes with no tests there).
      include: chromiumInstalled ? ['e2e/**/*.test.ts'] : [],
      environment: 'node',
      // Builds the dashboard once and makes a fresh database unless DATABASE_URL is set.
      globalSetup: ['./e2e/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 300_000,
      // expect.poll gives up after 1 s by default: a busy 2-core machine (CI's) takes longer to
      // connect a live view. Polls wait for a condition; only a broken page waits this long.
      expect: { poll: { timeout: 20_000, interval: 100 } },
    },
  },
];
