import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('OnlineFeatureStore memory', () => {
  it('holds about what it estimates per caller, and a burst caller stays near its bound', () => {
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'ml/bench/store-memory.ts', '--json'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    const ratio = result.measuredBytesPerCaller / result.estimatedBytesPerCaller;
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.5);
    expect(result.burstCaller.keptCalls).toBe(4096);
    expect(result.burstCaller.measuredBytes).toBeLessThan(1.5 * result.burstCaller.boundBytes);
  });
});
