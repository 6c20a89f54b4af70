// One database for the API tests: DATABASE_URL when set (CI points it at a fresh database),
// otherwise an in-memory embedded PostgreSQL. Migrated once here.
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { prepareTestDatabase } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    embeddedDatabase: boolean;
  }
}

export default async function setup(project: TestProject) {
  let databaseUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres();
    databaseUrl = embedded.connectionString;
    stop = embedded.stop;
  }
  await prepareTestDatabase(databaseUrl);
  project.provide('databaseUrl', databaseUrl);
  project.provide('embeddedDatabase', !process.env.DATABASE_URL);
  return stop;
}
