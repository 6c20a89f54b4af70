// The hostile-request benchmark keeps running: a tiny run must print one JSON object with both
// phases, every hostile kind refused, and the API healthy afterwards. Latencies are not judged
// here (that is the benchmark's job).
import path from 'node:path';
import { runNodeScript } from '@satark/ml/testing';
import { describe, expect, inject, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe.runIf(!inject('embeddedDatabase'))('npm run bench:hostile', () => {
  it('prints both phases and finds every hostile request refused', async () => {
    // A child process, awaited: a synchronous spawn would freeze this worker.
    const run = await runNodeScript(
      'api/bench/bench-hostile.ts',
      ['--quick', '--seconds', '1', '--attackers', '2', '--max-attacks', '12', '--json'],
      {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
        timeoutMs: 180_000,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string);
    for (const phase of ['alone', 'underAttack']) {
      for (const kind of ['stats', 'checkNumber', 'health']) {
        expect(result[phase][kind].count, `${phase} ${kind}`).toBeGreaterThan(0);
        expect(result[phase][kind].failed, `${phase} ${kind}`).toBe(0);
      }
    }
    const attacks = result.attacks as Record<string, { statuses: Record<string, number> }>;
    expect(Object.keys(attacks).sort()).toEqual(
      [
        'aliases100k',
        'body50mb',
        'deepIntrospection',
        'formPost',
        'nestedFragments',
        'regionsAliases',
      ].sort(),
    );
    for (const [kind, { statuses }] of Object.entries(attacks)) {
      // 0: the server answered 413 and closed while the 50 MB body was still being sent.
      const refused = Object.keys(statuses).every((status) => ['400', '413', '415', '0'].includes(status));
      expect(refused, `${kind}: ${JSON.stringify(statuses)}`).toBe(true);
    }
    expect(result.apiHealthyAfter).toBe(true);
    expect(result.machine.cpus).toBeGreaterThan(0);
  }, 240_000);
});
