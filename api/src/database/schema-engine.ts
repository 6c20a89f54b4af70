// Prisma's official WebAssembly schema engine, driven through a driver adapter, so that
// migrations need no native engine download (docs/decisions/001-offline-migrations.md).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg, { type PoolConfig } from 'pg';

type SchemaEngine = engineBindings.SchemaEngine;

let wasmReady: Promise<void> | undefined;
let lastPanic = '';

// The engine reports a Rust panic's message here before it throws.
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message: string) {
    lastPanic = message;
  },
};

/** The message of the schema engine's last panic, for error reports. */
export function lastSchemaEnginePanic(): string {
  return lastPanic;
}

// Node 20 cannot `import` a .wasm module without a flag, so instantiate it by hand.
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const bytes = await readFile(wasmPath);
    const { instance } = await WebAssembly.instantiate(bytes, {
      './schema_engine_bg.js': engineBindings as unknown as WebAssembly.ModuleImports,
    });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/**
 * The adapter creates its shadow database with `CREATE DATABASE` on the same server and
 * reconnects with `{ ...config, database }`; that only works when the config has separate
 * fields (a connection string would win over `database`).
 */
export function poolConfigFromUrl(connectionString: string): PoolConfig {
  const url = new URL(connectionString);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password) || undefined,
    database: url.pathname.replace(/^\//, '') || 'postgres',
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

// The schema engine's introspection reads catalog columns of Postgres's one-byte "char" type,
// which @prisma/adapter-pg cannot map; they are plain strings, so report them as text.
class CatalogFriendlyClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // A connection still closing when its throwaway database is dropped WITH (FORCE) gets a
    // FATAL "terminating connection"; with no listener that would crash the process. Queries
    // report their own errors through their callbacks.
    this.on('error', () => {});
  }

  override query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: Error | null, result: pg.QueryResult | undefined) =>
        callback(error, result && relabelCharColumns(result));
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    if (returned instanceof Promise) return returned.then(relabelCharColumns) as never;
    return returned as never;
  }
}

function relabelCharColumns(result: pg.QueryResult): pg.QueryResult {
  for (const field of result.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

function catalogFriendlyPool(config: PoolConfig): pg.Pool {
  return new pg.Pool({ ...config, Client: CatalogFriendlyClient });
}

function adapterFactory(config: PoolConfig): PrismaPg {
  return new PrismaPg(catalogFriendlyPool(config));
}

// The adapter's own shadow database is dropped before its pool closes, which Postgres
// refuses; this one closes the pool first and drops with FORCE.
async function connectToThrowawayDatabase(config: PoolConfig) {
  const admin = new pg.Client(config);
  await admin.connect();
  const database = `satark_shadow_${randomUUID().replaceAll('-', '')}`;
  await admin.query(`CREATE DATABASE "${database}"`);
  const pool = catalogFriendlyPool({ ...config, database });
  const adapter = await new PrismaPg(pool).connect();
  const disposeAdapter = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await disposeAdapter();
    await pool.end();
    // A connection can still be closing after pool.end(): wait for the server to see it gone
    // (FORCE on a closing connection raised an error nobody could catch), then drop.
    for (let waited = 0; waited < 5000; waited += 50) {
      const open = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
        database,
      ]);
      if (open.rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  };
  return adapter;
}

/**
 * A schema engine on the database. `close()` frees it and ends its connections: an idle
 * connection left open would keep the engine's migration advisory lock, and the next engine
 * on the database would wait for the pool's 10 s idle timeout before it could migrate.
 */
export async function openSchemaEngine(
  connectionString: string,
  datamodel: { path: string; content: string },
  options: { shadowConnectionString?: string } = {},
): Promise<{ engine: SchemaEngine; close(): Promise<void> }> {
  await loadWasm();
  const config = poolConfigFromUrl(connectionString);
  const pool = catalogFriendlyPool(config);
  const factory = new PrismaPg(pool);
  const { shadowConnectionString } = options;
  factory.connectToShadowDb = shadowConnectionString
    ? // A server that cannot create databases (the embedded one) gets a separate shadow server.
      () => adapterFactory(poolConfigFromUrl(shadowConnectionString)).connect()
    : () => connectToThrowawayDatabase(config);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    () => {},
    adapter,
  );
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
