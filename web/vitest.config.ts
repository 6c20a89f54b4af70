import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { webProjects } from './vitest.projects';

const require = createRequire(import.meta.url);

export default defineConfig({
  // The in-process API (e2e) loads graphql's CommonJS build; one copy for everyone, as in the
  // root config.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    fileParallelism: false,
    projects: webProjects,
  },
});
