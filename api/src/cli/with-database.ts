// CLIs work on DATABASE_URL, or on the embedded database `npm start` uses.
import { loadConfig } from '../config';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

export async function withDatabaseUrl<T>(
  work: (connectionString: string, embedded: boolean) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  if (config.DATABASE_URL) return work(config.DATABASE_URL, false);
  const dataDir = `${config.DATA_DIR}/pglite`;
  console.error(`DATABASE_URL is not set: using the embedded PostgreSQL in ${dataDir}`);
  const embedded = await startEmbeddedPostgres({ dataDir });
  try {
    return await work(embedded.connectionString, true);
  } finally {
    await embedded.stop();
  }
}

export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}
