// First start: a database without accounts gets an `admin` whose random password is logged once
// and written to <DATA_DIR>/admin-password (0600), and must be changed at the first sign-in.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { poolConfigFromUrl } from '../src/database/schema-engine';
import { startTestApi } from './harness';
import { login } from './people-support';

describe.runIf(!inject('embeddedDatabase'))('first start', () => {
  it('creates admin@satark.local with a one-time password in a 0600 file, keeps the only ADMIN from being disabled, and never replaces an existing account', async () => {
    const config = poolConfigFromUrl(inject('databaseUrl'));
    const admin = new pg.Client(config);
    await admin.connect();
    const database = `satark_first_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = `postgresql://${config.user}${config.password ? `:${config.password}` : ''}@${config.host}:${config.port}/${database}`;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'satark-first-'));
    try {
      const first = await startTestApi({ databaseUrl: url, model: 'none', env: { DATA_DIR: dataDir } });
      const file = path.join(dataDir, 'admin-password');
      let password: string;
      try {
        expect((await stat(file)).mode & 0o777).toBe(0o600);
        password = (await readFile(file, 'utf8')).trim();
        expect(password.length).toBeGreaterThanOrEqual(16);
        const signedIn = await login(first, 'admin@satark.local', password);
        expect(signedIn).toMatchObject({
          __typename: 'LoginSuccess',
          account: { role: 'ADMIN', mustChangePassword: true },
        });
        // The only ADMIN cannot be disabled or demoted: nobody could administer Satark then.
        const adminId = signedIn.account?.id;
        for (const change of ['enabled: false', 'role: ANALYST']) {
          const refused = await first.gql<{ updateAccount: { __typename: string } }>(
            `mutation($id: ID!) { updateAccount(id: $id, ${change}) { __typename } }`,
            { id: adminId },
            first.keys.ADMIN,
          );
          expect(refused.data?.updateAccount.__typename).toBe('RoleNotAllowedError');
        }
      } finally {
        await first.close();
      }
      // A second start finds the account: it neither creates another nor rewrites the file.
      await writeFile(file, 'left alone\n');
      const second = await startTestApi({ databaseUrl: url, model: 'none', env: { DATA_DIR: dataDir } });
      try {
        expect(await readFile(file, 'utf8')).toBe('left alone\n');
        expect(await second.app.db.account.count()).toBe(1);
        expect((await login(second, 'admin@satark.local', password)).__typename).toBe('LoginSuccess');
      } finally {
        await second.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
