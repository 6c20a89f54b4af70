import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../testing/run-node-script';

const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('OnlineFeatureStore memory', () => {
  it('holds about what it estimates per caller, and a burst caller stays near its bound', async () => {
    const run = await runNodeScript('ml/bench/store-memory.ts', ['--json'], {
      cwd: repoRoot,
      nodeArgs: ['--expose-gc'],
    });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    const ratio = result.measuredBytesPerCaller / result.estimatedBytesPerCaller;
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.5);
    expect(result.burstCaller.keptCalls).toBe(4096);
    expect(result.burstCaller.measuredBytes).toBeLessThan(1.5 * result.burstCaller.boundBytes);
  });
});
