// What every benchmark needs: the real API in a process of its own, the machine it ran on, and
// quantiles. A benchmark prints its figures beside a baseline measured in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * Where a benchmark's APIs keep their files (the first start's admin password): a directory of
 * its own, so a benchmark never overwrites the `.data/` of the developer's own instance.
 */
export const benchDataDir = mkdtempSync(path.join(os.tmpdir(), 'satark-bench-'));

export const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The q-quantile (0..1) of the samples, to 0.1; null with no samples. */
export function quantile(samples: readonly number[], q: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return round(
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number,
    1,
  );
}

/** The machine and how busy it was when the run started. */
export function machine() {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverage1m: round(os.loadavg()[0] ?? 0, 2),
  };
}

export interface ChildApi {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The API in its own process (no simulator), serving once it prints "ready <url>". `nodeArgs`
 * go to node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export function spawnApi(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<ChildApi> {
  return spawnServer(
    path.join(repoRoot, 'api/test/fixtures/api-process.ts'),
    { SIMULATOR: 'off', LOG_LEVEL: 'warn', DATA_DIR: benchDataDir, ...env },
    nodeArgs,
  );
}

/** A TypeScript server script in its own process, serving once it prints "ready <url>". */
export function spawnServer(
  script: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<ChildApi> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\S+)/.exec(output);
      if (match?.[1]) {
        resolve({
          url: match[1],
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
  });
}

/** Prints `label  value` rows with the labels aligned (a benchmark's human-readable output). */
export function printRows(rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
}

/** An error as a benchmark reports it on stderr: its stack when it has one. */
export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
