import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../src/config';
import { applyMigrations, isEmptyDiff, pendingSchemaChanges } from '../src/database/migrations';
import { poolConfigFromUrl } from '../src/database/schema-engine';

// The schema engine introspects the shadow database; it panics on PGlite's catalog, so this
// needs a real PostgreSQL server (CI and `DATABASE_URL=... npm test` have one).
const realPostgres = !inject('embeddedDatabase');

describe.runIf(realPostgres)('offline migrations', () => {
  it('a fresh database migrated from prisma/migrations matches schema.prisma, recorded like prisma migrate deploy', async () => {
    const config = poolConfigFromUrl(inject('databaseUrl'));
    const admin = new pg.Client(config);
    await admin.connect();
    const database = `satark_migrate_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = `postgresql://${config.user}${config.password ? `:${config.password}` : ''}@${config.host}:${config.port}/${database}`;
    try {
      const applied = await applyMigrations(url);
      expect(applied.length).toBeGreaterThan(0);
      expect(await applyMigrations(url)).toEqual([]);
      const diff = await pendingSchemaChanges(url);
      expect(isEmptyDiff(diff), `schema.prisma differs from the migrations:\n${diff}`).toBe(true);
      const client = new pg.Client({ ...config, database });
      await client.connect();
      const rows = await client.query('SELECT migration_name, finished_at FROM _prisma_migrations');
      await client.end();
      expect(rows.rows.map((row) => row.migration_name)).toEqual(applied);
      expect(rows.rows.every((row) => row.finished_at !== null)).toBe(true);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('migration files', () => {
  // The schema engine splits a migration into statements at every `;`, comments included: a
  // `;` in a `--` comment turns the rest of the comment into a statement, which fails to parse.
  it('have no semicolon inside a -- comment', () => {
    const dir = path.join(repoRoot, 'prisma/migrations');
    const offending: string[] = [];
    for (const name of readdirSync(dir).filter((entry) => /^\d{14}_/.test(entry))) {
      const lines = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8').split('\n');
      lines.forEach((line, index) => {
        const comment = line.indexOf('--');
        if (comment >= 0 && line.slice(comment).includes(';')) offending.push(`${name}:${index + 1}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
