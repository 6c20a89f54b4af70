import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
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
