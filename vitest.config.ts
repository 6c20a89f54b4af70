import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { webProjects } from './web/vitest.projects';

const require = createRequire(import.meta.url);

export default defineConfig({
  // Vite would load graphql's ESM build while Pothos and Yoga load its CommonJS build: two
  // copies of graphql cannot share a schema, so everyone gets the one Node itself picks.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    // API test files share one database and count rows; the machine has two cores anyway.
    fileParallelism: false,
    // The browser tests' project is empty where chromium is not installed (it says so).
    passWithNoTests: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          root: './api',
          include: ['**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'ml',
          root: './ml',
          include: ['**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      ...webProjects,
    ],
  },
});
