// The tests' databases are migrated and given the start-up model once, before any test runs:
// every API the tests start then loads the model instead of training it in its test worker,
// where seconds of synchronous training on a busy machine miss vitest's RPC deadline.
import path from 'node:path';
import { runNodeScript } from '@satark/ml/testing';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function prepareTestDatabase(databaseUrl: string): Promise<void> {
  const run = await runNodeScript('api/test/prepare-database.ts', [databaseUrl], {
    cwd: repoRoot,
    timeoutMs: 300_000,
  });
  if (run.code !== 0) throw new Error(`Preparing the test database failed:\n${run.stderr}`);
}
