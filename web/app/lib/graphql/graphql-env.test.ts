import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeScript } from '@satark/ml/testing';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const webRoot = path.resolve(here, '../../..');
const committed = path.join(here, 'graphql-env.d.ts');
// The CLI `npm run web:types` runs, as a child process (it loads TypeScript; the worker stays free).
const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('gql.tada/cli')), '../bin/cli.js');
const scratch = mkdtempSync(path.join(tmpdir(), 'satark-web-types-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the generated web types', () => {
  it('graphql-env.d.ts matches schema.graphql (run npm run web:types when this fails)', async () => {
    const fresh = path.join(scratch, 'graphql-env.d.ts');
    const run = await runNodeScript(
      cli,
      ['generate', 'output', '--tsconfig', path.join(webRoot, 'tsconfig.json'), '--output', fresh],
      { cwd: webRoot, timeoutMs: 50_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(committed, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
  }, 60_000);
});
