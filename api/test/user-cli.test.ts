// `npm run user`: people managed from the command line, each change audited.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApi, type TestApi } from './harness';
import { login, strongPassword, uniqueEmail } from './people-support';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Runs the CLI in a child process (awaited, never synchronous), feeding `stdin`. */
function userCli(
  args: string[],
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/cli/user.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 120_000,
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
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ model: 'none' });
});
afterAll(async () => {
  await api?.close();
});

describe.runIf(!inject('embeddedDatabase'))('npm run user', () => {
  it('creates people with a password from stdin or a one-time one, lists, disables and resets them, auditing each change', async () => {
    const withPassword = uniqueEmail('cli');
    const password = strongPassword();
    const created = await userCli(
      ['create', '--email', withPassword, '--role', 'OPERATOR', '--password-stdin'],
      `${password}\n`,
    );
    expect(created.code, created.stderr).toBe(0);
    expect((await login(api, withPassword, password)).account).toMatchObject({
      role: 'OPERATOR',
      mustChangePassword: false,
    });

    const oneTime = uniqueEmail('cli');
    const generated = await userCli(['create', '--email', oneTime, '--role', 'AUDITOR', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    const { oneTimePassword } = JSON.parse(generated.stdout) as { oneTimePassword: string };
    expect((await login(api, oneTime, oneTimePassword)).account?.mustChangePassword).toBe(true);

    const listed = await userCli(['list', '--json']);
    const emails = (JSON.parse(listed.stdout) as { email: string }[]).map((row) => row.email);
    expect(emails).toEqual(expect.arrayContaining([withPassword, oneTime]));

    expect((await userCli(['disable', withPassword])).code).toBe(0);
    expect((await login(api, withPassword, password)).__typename).toBe('AccountDisabledError');

    const reset = await userCli(['reset-password', oneTime]);
    expect(reset.code, reset.stderr).toBe(0);
    const newOneTime = reset.stdout.trim();
    expect((await login(api, oneTime, oneTimePassword)).__typename).toBe('InvalidCredentialsError');
    expect((await login(api, oneTime, newOneTime)).__typename).toBe('LoginSuccess');

    const audited = await api.app.db.auditEntry.findMany({
      where: {
        actor: { startsWith: 'cli:' },
        action: { in: ['account.create', 'account.disable', 'account.reset_password'] },
      },
      orderBy: { seq: 'asc' },
    });
    const accounts = await api.app.db.account.findMany({ where: { email: { in: [withPassword, oneTime] } } });
    const ids = new Set(accounts.map((account) => account.id));
    expect(audited.filter((entry) => ids.has(entry.targetId ?? '')).map((entry) => entry.action)).toEqual([
      'account.create',
      'account.create',
      'account.disable',
      'account.reset_password',
    ]);
  }, 240_000);

  it('refuses a weak password, a bad email and an unknown person with a message and exit code 1, creating nothing', async () => {
    const email = uniqueEmail('cli-weak');
    const weak = await userCli(
      ['create', '--email', email, '--role', 'ANALYST', '--password-stdin'],
      'short\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const badEmail = await userCli(['create', '--email', 'not-an-email', '--role', 'ANALYST']);
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toMatch(/Not an email address/);
    const unknown = await userCli(['disable', uniqueEmail('nobody')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no account with email/);
    expect(await api.app.db.account.count({ where: { email } })).toBe(0);
  }, 120_000);
});
