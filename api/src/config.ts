// Configuration is read and validated once, then passed down.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((value) => value === 'on' || value === 'true' || value === '1');

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  /** Connections to DATABASE_URL; 1 for PGlite (the embedded database or one like it). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATA_DIR: z.string().default(path.join(repoRoot, '.data')),
  REDIS_URL: z.string().url().optional(),
  /** Namespace of every Redis key and channel: deployments sharing one Redis stay apart. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, '1 to 64 letters, digits or . : _ -')
    .default('satark'),
  /** Default `<REDIS_PREFIX>:cdr` and `<REDIS_PREFIX>` (filled in by loadConfig). */
  REDIS_STREAM: z.string().min(1).optional(),
  REDIS_GROUP: z.string().min(1).optional(),
  /** A record delivered this often without being stored goes to the dead-letter stream. */
  REDIS_MAX_DELIVERIES: z.coerce.number().int().min(1).max(1000).default(5),
  REDIS_DEAD_LETTER_MAXLEN: z.coerce.number().int().min(100).default(100_000),
  /** Acknowledged records are trimmed from the CDR streams every REDIS_TRIM_INTERVAL_MS. */
  REDIS_TRIM: onOff.default(true),
  REDIS_TRIM_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** Open WebSockets re-check their API key this often (revocations are also pushed at once). */
  KEY_RECHECK_MS: z.coerce.number().int().min(100).default(5000),
  /** How often an instance checks that it scores with the grid's active model (a missed announcement). */
  MODEL_SYNC_MS: z.coerce.number().int().min(100).default(30_000),
  /** Keys' lastUsedAt is written in one UPDATE this often. */
  KEY_USAGE_FLUSH_MS: z.coerce.number().int().min(100).default(30_000),
  WORKER_ID: z.string().min(1).optional(),
  /**
   * What this instance does in a grid: `all` serves the API and reads the CDR stream; `api` serves
   * the API only (no stream reading); `worker` reads the stream and runs no simulator.
   */
  INSTANCE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** >1: CDRs are partitioned by caller over `<REDIS_STREAM>:<p>` and workers lease partitions. */
  REDIS_PARTITIONS: z.coerce.number().int().min(1).max(1024).default(1),
  REDIS_LEASE_MS: z.coerce.number().int().min(300).default(6000),
  REDIS_CLAIM_IDLE_MS: z.coerce.number().int().positive().default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default('http://localhost:3000,http://127.0.0.1:3000'),
  MAX_INGEST_BATCH: z.coerce.number().int().positive().default(5000),
  /** 15: GraphiQL's introspection query is 15 levels deep; the dashboard's deepest query is 5. */
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(15),
  /** Weighted cost (api/src/guard/field-costs.ts); the dashboard's overview query costs ~1,200. */
  MAX_QUERY_COMPLEXITY: z.coerce.number().int().positive().default(2500),
  /** Hostile-request limits, checked before anything runs (api/src/guard, SECURITY.md). */
  MAX_QUERY_TOKENS: z.coerce.number().int().positive().default(1000),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  MAX_WS_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /**
   * Operations in flight on one graphql-ws socket (the dashboard holds at most two per tab); a
   * subscribe past it is answered with a TOO_MANY_SUBSCRIPTIONS error and the socket stays open.
   */
  MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().positive().default(20),
  ANON_MUTATIONS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** checkNumber fields (each alias counts) a minute an anonymous client may resolve. */
  ANON_CHECKS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Distinct trusted reporters (OPERATOR+ keys, analyst-verified reports) for reports to make a number DANGEROUS. */
  TRUSTED_REPORTERS_NEEDED: z.coerce.number().int().min(1).default(3),
  REPORT_DESCRIPTION_MAX: z.coerce.number().int().positive().default(1000),
  PIPELINE_CAPACITY_PER_SEC: z.coerce.number().positive().default(20000),
  STREAM_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  DASHBOARD_API_KEY: z.string().min(20).optional(),
  SIMULATOR: onOff.default(true),
  SIMULATOR_RATE: z.coerce.number().positive().max(100_000).default(300),
  SIMULATOR_CALLERS: z.coerce.number().int().min(10).max(2_000_000).default(20_000),
  SIMULATOR_FRAUD_RATIO: z.coerce.number().min(0).max(0.5).default(0.005),
  SIMULATOR_HISTORY_DAYS: z.coerce.number().positive().max(365).default(30),
  SIMULATOR_WARMUP_HOURS: z.coerce.number().min(0).max(720).default(24),
  SIMULATOR_SEED: z.coerce.number().int().nonnegative().optional(),
  MIN_CALLS_TO_SCORE: z.coerce.number().int().min(1).default(5),
  CAMPAIGN_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  CAMPAIGN_QUIET_MS: z.coerce.number().int().positive().default(600_000),
  /** With Redis, one instance leads campaign detection; a dead leader is replaced within this long. */
  CAMPAIGN_LEASE_MS: z.coerce.number().int().min(300).default(15_000),
  /** Calls ingested longer ago than this are deleted; 0 keeps them. Default: 6 with the simulator on, else 0. */
  CALL_RETENTION_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 3650)
    .optional(),
  MAX_TRACKED_CALLERS: z.coerce.number().int().positive().default(1_000_000),
  // People, sessions and the audit trail (docs/decisions/009-people-sessions-audit.md).
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60 * 90)
    .default(30),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_FAILURES_PER_CLIENT: z.coerce.number().int().positive().default(20),
  LOGIN_THROTTLE_MINUTES: z.coerce.number().positive().default(15),
  LOOKUP_HISTORY_DAYS: z.coerce.number().min(0).max(3650).default(90),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_ROLE_CLAIM: z.string().min(1).default('satark_role'),
  /** Allow/block lists: how often each instance polls for changed lists (pub/sub announces them at once too). */
  LIST_POLL_MS: z.coerce.number().int().min(100).default(1000),
  /** Allow/block lists: a full reload (drops expired entries) this often. */
  LIST_RELOAD_MS: z.coerce.number().int().min(1000).default(300_000),
  /** Peers whose X-Forwarded-For names the real client (addresses or CIDR ranges, comma-separated). */
  TRUSTED_PROXIES: z.string().default('127.0.0.1,::1'),
  // Cases (docs/decisions/015-cases.md): new alerts join the open case of their campaign or number.
  CASE_AUTO_GROUP: onOff.default(true),
  /** How often members' number cases are gathered into their campaign's case (0: never). */
  CASE_GROUP_SWEEP_MS: z.coerce.number().int().min(0).default(15_000),
  CASE_SLA_HOURS_CRITICAL: z.coerce.number().positive().max(8760).default(4),
  CASE_SLA_HOURS_HIGH: z.coerce.number().positive().max(8760).default(24),
  CASE_SLA_HOURS_MEDIUM: z.coerce.number().positive().max(8760).default(72),
  CASE_SLA_HOURS_LOW: z.coerce.number().positive().max(8760).default(168),
});

export type Config = Omit<z.infer<typeof configSchema>, 'REDIS_STREAM' | 'REDIS_GROUP'> & {
  REDIS_STREAM: string;
  REDIS_GROUP: string;
  corsOrigins: string[];
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  return {
    ...parsed.data,
    SIMULATOR: parsed.data.SIMULATOR && parsed.data.INSTANCE_ROLE !== 'worker',
    REDIS_STREAM: parsed.data.REDIS_STREAM ?? `${parsed.data.REDIS_PREFIX}:cdr`,
    REDIS_GROUP: parsed.data.REDIS_GROUP ?? parsed.data.REDIS_PREFIX,
    corsOrigins: parsed.data.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
}
