// Migrations that change data must keep an upgraded database's rows: the one that made reports
// one per (number, reporter) keeps each reporter's latest report and teaches key reports their
// kind; the one that took emails out of case timelines names the accounts by display name.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../src/config';
import { poolConfigFromUrl } from '../src/database/schema-engine';

const realPostgres = !inject('embeddedDatabase');
const migrationsDir = path.join(repoRoot, 'prisma/migrations');
const migrations = readdirSync(migrationsDir)
  .filter((name) => /^\d{14}_/.test(name))
  .sort();
const sql = (name: string) => readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');

/**
 * A throwaway database migrated to just before the migration named by `suffix`: `work` gets a
 * client on it and `migrate()`, which applies that migration. Dropped afterwards.
 */
async function beforeMigration(
  suffix: string,
  work: (client: pg.Client, migrate: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const target = migrations.findIndex((name) => name.endsWith(suffix));
  expect(target, `no migration named *${suffix}`).toBeGreaterThan(0);
  const config = poolConfigFromUrl(inject('databaseUrl'));
  const admin = new pg.Client(config);
  await admin.connect();
  const database = `satark_data_mig_${randomUUID().replaceAll('-', '')}`;
  await admin.query(`CREATE DATABASE "${database}"`);
  const client = new pg.Client({ ...config, database });
  try {
    await client.connect();
    for (const name of migrations.slice(0, target)) await client.query(sql(name));
    await work(client, () => client.query(sql(migrations[target] as string)));
  } finally {
    await client.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

describe.runIf(realPostgres)('the one-report-per-reporter migration', () => {
  it('keeps each reporter’s latest report of a number, gives reporterless reports their own reporter and marks key reports', async () => {
    await beforeMigration('_reports_one_per_reporter', async (client, migrate) => {
      await client.query(`
        INSERT INTO "ApiKey" (id, name, role, prefix, hash) VALUES
          ('bank', 'bank', 'OPERATOR', 'sk_bank', 'h1'), ('desk', 'desk', 'ANALYST', 'sk_desk', 'h2');
        INSERT INTO "PhoneNumber" (number) VALUES ('+919812345678');
        INSERT INTO "Report" (id, number, category, reporter, "createdAt") VALUES
          ('old', '+919812345678', 'LOTTERY', 'anonymous:10.0.0.1', now() - interval '2 days'),
          ('new', '+919812345678', 'WANGIRI', 'anonymous:10.0.0.1', now() - interval '1 day'),
          ('orphan', '+919812345678', 'LOTTERY', NULL, now()),
          ('bank1', '+919812345678', 'LOTTERY', 'bank', now()),
          ('desk1', '+919812345678', 'LOTTERY', 'desk', now());`);
      await migrate();
      const { rows } = await client.query(
        `SELECT id, reporter, "reporterKind", "trustedReporter", "updatedAt" = "createdAt" AS same
         FROM "Report" ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: 'bank1', reporter: 'bank', reporterKind: 'KEY', trustedReporter: true, same: true },
        { id: 'desk1', reporter: 'desk', reporterKind: 'KEY', trustedReporter: false, same: true },
        {
          id: 'new',
          reporter: 'anonymous:10.0.0.1',
          reporterKind: 'ANONYMOUS',
          trustedReporter: false,
          same: true,
        },
        {
          id: 'orphan',
          reporter: 'unknown:orphan',
          reporterKind: 'ANONYMOUS',
          trustedReporter: false,
          same: true,
        },
      ]);
      await expect(
        client.query(
          `INSERT INTO "Report" (id, number, category, reporter) VALUES ('again', '+919812345678', 'OTHER', 'bank')`,
        ),
      ).rejects.toThrow(/Report_number_reporter_key/);
    });
  });
});

describe.runIf(realPostgres)('the case-timeline display-name migration', () => {
  it('replaces the emails earlier versions wrote in “Assigned to …” entries with display names, and nothing else', async () => {
    await beforeMigration('_case_timeline_display_names', async (client, migrate) => {
      await client.query(`
        INSERT INTO "Account" (id, email, "displayName", role, "updatedAt") VALUES
          ('a1', 'asha@bank.example', 'Asha R.', 'ANALYST', now()),
          ('a2', 'new-ravi@bank.example', 'Ravi K.', 'ANALYST', now());
        INSERT INTO "Case" (id, title, priority, "dueAt", "openedBy", "updatedAt")
          VALUES ('c1', 'case', 'HIGH', now(), 'system', now());
        INSERT INTO "CaseEvent" (id, "caseId", kind, actor, text, data) VALUES
          ('byEmail', 'c1', 'ASSIGNED', 'account:lead@bank.example', 'Assigned to asha@bank.example', '{"to":"a1"}'),
          ('emailChanged', 'c1', 'ASSIGNED', 'account:lead@bank.example', 'Assigned to ravi@bank.example', '{"to":"a2"}'),
          ('alreadyName', 'c1', 'ASSIGNED', 'account:lead@bank.example', 'Assigned to Asha R.', '{"to":"a1"}'),
          ('note', 'c1', 'NOTE', 'account:lead@bank.example', 'Assigned to asha@bank.example', null);`);
      await migrate();
      const { rows } = await client.query('SELECT id, actor, text FROM "CaseEvent" ORDER BY id');
      expect(rows).toEqual([
        { id: 'alreadyName', actor: 'account:lead@bank.example', text: 'Assigned to Asha R.' },
        { id: 'byEmail', actor: 'account:lead@bank.example', text: 'Assigned to Asha R.' },
        { id: 'emailChanged', actor: 'account:lead@bank.example', text: 'Assigned to Ravi K.' },
        // An analyst's note is their own words: left as written.
        { id: 'note', actor: 'account:lead@bank.example', text: 'Assigned to asha@bank.example' },
      ]);
    });
  });
});
