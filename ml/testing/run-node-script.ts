// Runs a TypeScript script in a child Node process without blocking the caller's event loop.
// Vitest's workers answer the main process over RPC with a fixed 60 s timeout: a spawnSync
// that runs longer freezes the worker and fails the whole run after every test has passed.
import { spawn } from 'node:child_process';

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ScriptOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  timeoutMs?: number;
}

export function runNodeScript(script: string, args: string[], options: ScriptOptions): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve({ code, stdout, stderr: signal ? `${stderr}\n(killed by ${signal})` : stderr });
    });
  });
}
