// The API benchmark keeps running: a tiny run must print one JSON object with the contract's
// keys, every request answered, every lookup in the history once. Its numbers are not judged here (that is the benchmark's job).
import path from 'node:path';
import { runNodeScript } from '@satark/ml/testing';
import { describe, expect, inject, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe.runIf(!inject('embeddedDatabase'))('npm run bench:api', () => {
  it('prints checkNumber and trivial requests a second, their ratio and the lookup latency', async () => {
    const run = await runNodeScript(
      'api/bench/bench-api.ts',
      ['--seconds', '1', '--connections', '5', '--calls', '500', '--json'],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, timeoutMs: 180_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string);
    for (const key of ['checkNumberRps', 'trivialRps', 'ratio', 'p50Ms', 'p99Ms']) {
      expect(result[key], key).toBeGreaterThan(0);
    }
    expect(result.details.checkNumber.failed).toBe(0);
    expect(result.details.trivial.failed).toBe(0);
    // The caller is a key (no anonymous limit), and each lookup it was answered is in the
    // lookup history exactly once after the API closed cleanly.
    expect(result.details.caller).toMatch(/API key/);
    expect(result.details.firstLookups.failed).toBe(0);
    expect(result.details.lookupsRecorded).toBe(result.details.lookupsAnswered);
    expect(result.machine.cores).toBeGreaterThan(0);
  }, 200_000);
});
