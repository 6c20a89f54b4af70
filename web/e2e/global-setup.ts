// Once per e2e run: a fresh database of its own and a production build of the dashboard,
// which every test serves and the bundle budget test measures. The database lives on the
// server DATABASE_URL points at (CI), or on the local PostgreSQL; it is never the API tests'
// database, whose row counts the dashboard's tests would disturb.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../api/src/database/embedded-postgres';
import { createDb } from '../../api/src/db';
import { prepareTestDatabase } from '../../api/test/test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    embeddedDatabase: boolean;
  }
}

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL_DATABASE = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server and credentials as `url`, another database. */
function onSameServer(url: string, database: string): string {
  const other = new URL(url);
  other.pathname = `/${database}`;
  return other.toString();
}

async function administer(serverUrl: string, statement: string): Promise<void> {
  const admin = createDb(onSameServer(serverUrl, 'postgres'), 1);
  try {
    await admin.$executeRawUnsafe(statement);
  } finally {
    await admin.$disconnect();
  }
}

async function reachable(serverUrl: string): Promise<boolean> {
  try {
    await administer(serverUrl, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject) {
  // Vitest sets NODE_ENV=test; the build must be the production one users get.
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: webRoot,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error('The dashboard did not build');

  const server = process.env.DATABASE_URL ?? LOCAL_DATABASE;
  if (!process.env.DATABASE_URL && !(await reachable(server))) {
    // A machine with no PostgreSQL at all: the embedded one, as `npm start` would use.
    console.warn(`No PostgreSQL at ${server}: the browser tests use an embedded one`);
    const embedded = await startEmbeddedPostgres();
    await prepareTestDatabase(embedded.connectionString);
    project.provide('databaseUrl', embedded.connectionString);
    project.provide('embeddedDatabase', true);
    return embedded.stop;
  }
  project.provide('embeddedDatabase', false);
  const name = `satark_web_e2e_${process.pid}`;
  await administer(server, `DROP DATABASE IF EXISTS "${name}"`);
  await administer(server, `CREATE DATABASE "${name}"`);
  // The model is trained here once, not in a test worker (see api/test/trained-model.ts).
  await prepareTestDatabase(onSameServer(server, name));
  project.provide('databaseUrl', onSameServer(server, name));
  return () => administer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
