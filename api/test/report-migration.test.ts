// The migration that made reports one per (number, reporter) must keep an upgraded database's
// reports: each reporter's duplicates become its latest report, and key reports learn their kind.
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
const target = migrations.findIndex((name) => name.endsWith('_reports_one_per_reporter'));
const sql = (name: string) => readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');

describe.runIf(realPostgres)('the one-report-per-reporter migration', () => {
  it('keeps each reporter’s latest report of a number, gives reporterless reports their own reporter and marks key reports', async () => {
    expect(target).toBeGreaterThan(0);
    const config = poolConfigFromUrl(inject('databaseUrl'));
    const admin = new pg.Client(config);
    await admin.connect();
    const database = `satark_reports_mig_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const client = new pg.Client({ ...config, database });
    try {
      await client.connect();
      for (const name of migrations.slice(0, target)) await client.query(sql(name));
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
      await client.query(sql(migrations[target] as string));
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
    } finally {
      await client.end().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
