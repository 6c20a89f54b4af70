// The web workspace's test projects, shared by web/vitest.config.ts (`npx vitest run --root web`)
// and the root vitest.config.ts (`npm test`), which spreads them into its `projects`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProjectInlineConfiguration } from 'vitest/config';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const appAlias = { resolve: { alias: { '~': path.join(webRoot, 'app') } } };

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
      include: ['e2e/**/*.test.ts'],
      environment: 'node',
      // Builds the dashboard once and makes a fresh database unless DATABASE_URL is set.
      globalSetup: ['./e2e/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 300_000,
    },
  },
];
