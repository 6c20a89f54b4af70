import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { applyMigrations } from './database/migrations';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;
export { Prisma } from './generated/prisma/client';

const pools = new WeakMap<Db, pg.Pool>();

export function createDb(connectionString: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle connection that breaks is reported by the next statement on it; not a crash.
  pool.on('error', () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The pg pool under a Db from createDb (Prisma's own), for the hot path that writes batches of
 * thousands of rows without Prisma's per-argument work (see docs/decisions/025).
 */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('This Db was not made by createDb, so it has no pg pool');
  return pool;
}

const connectionNumbers = new WeakMap<pg.PoolClient, number>();
let connectionsNumbered = 0;

/**
 * One statement on the pg pool under a Db as a named prepared statement: each connection parses
 * and plans it once, and the query skips Prisma's per-query work (the hot read paths, see
 * docs/decisions/026-number-lookup-cost.md). The name carries the connection's own number:
 * the embedded PostgreSQL (PGlite) serves every connection from one session, where a statement
 * a closed connection prepared under the same name would still exist. Like pg's `pool.query`, a
 * connection whose statement failed is not reused.
 */
export async function queryPrepared<Row extends pg.QueryResultRow>(
  db: Db,
  statement: { name: string; text: string; values: unknown[]; types?: pg.CustomTypesConfig },
): Promise<pg.QueryResult<Row>> {
  const client = await poolOf(db).connect();
  let number = connectionNumbers.get(client);
  if (number === undefined) {
    number = ++connectionsNumbered;
    connectionNumbers.set(client, number);
  }
  try {
    const result = await client.query<Row>({ ...statement, name: `${statement.name}_${number}` });
    client.release();
    return result;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

export interface Database {
  db: Db;
  connectionString: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** The configured PostgreSQL, or the embedded one under DATA_DIR; migrated to the latest schema. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let connectionString = config.DATABASE_URL;
  let stopEmbedded = async () => {};
  if (!connectionString) {
    const dataDir = `${config.DATA_DIR}/pglite`;
    logger.info({ dataDir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL (PGlite)');
    const embedded = await startEmbeddedPostgres({ dataDir });
    connectionString = embedded.connectionString;
    stopEmbedded = embedded.stop;
    logger.info({ connectionString }, 'embedded PostgreSQL is up');
  }
  const applied = await applyMigrations(connectionString);
  logger.info({ applied }, applied.length ? 'applied migrations' : 'database schema is up to date');
  // PGlite is one session behind its socket: connections sharing it would interleave their
  // statements ("unnamed prepared statement does not exist"), so the embedded one gets one.
  const db = createDb(connectionString, config.DATABASE_URL ? config.DATABASE_POOL_SIZE : 1);
  return {
    db,
    connectionString,
    embedded: !config.DATABASE_URL,
    async close() {
      await db.$disconnect();
      await stopEmbedded();
    },
  };
}
