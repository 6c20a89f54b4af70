// What signing in needs at run time, built once per server: the throttle, the session policy,
// and the hourly deletion of old lookups and ended sessions. Open sockets are closed on
// revocation by live-sockets.ts.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db';
import { hashTagged } from '../redis/hash-tag';
import { type LoginThrottle, MemoryLoginThrottle, RedisLoginThrottle } from './accounts';
import { deleteOldLookups } from './lookups';
import { deleteEndedSessions, type SessionPolicy } from './sessions';

export class People {
  readonly throttle: LoginThrottle;
  readonly sessions: SessionPolicy;
  private retentionTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    readonly config: Config,
    private readonly logger: Logger,
    /** With Redis the sign-in throttle is shared by every instance. */
    redis?: Redis | null,
  ) {
    const windowMs = config.LOGIN_THROTTLE_MINUTES * 60_000;
    let warned = 0;
    this.throttle = redis
      ? new RedisLoginThrottle(
          redis,
          // One hash tag for all its counters: a check reads an account's and a client's in one script.
          hashTagged(`${config.REDIS_PREFIX}:login-failures`),
          config.LOGIN_FAILURES_PER_ACCOUNT,
          config.LOGIN_FAILURES_PER_CLIENT,
          windowMs,
          (error) => {
            // At most once a minute: a Redis outage must not flood the log.
            if (Date.now() - warned < 60_000) return;
            warned = Date.now();
            logger.warn({ err: error }, 'sign-in throttle: Redis did not answer; counting in memory');
          },
        )
      : new MemoryLoginThrottle(
          config.LOGIN_FAILURES_PER_ACCOUNT,
          config.LOGIN_FAILURES_PER_CLIENT,
          windowMs,
        );
    this.sessions = {
      ttlMs: config.SESSION_TTL_HOURS * 3600_000,
      idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    };
  }

  start(): void {
    const prune = async () => {
      try {
        if (this.config.LOOKUP_HISTORY_DAYS > 0)
          await deleteOldLookups(this.db, this.config.LOOKUP_HISTORY_DAYS);
        await deleteEndedSessions(this.db);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not delete old lookups or ended sessions');
      }
    };
    void prune();
    this.retentionTimer = setInterval(prune, 3600_000);
    this.retentionTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
  }
}

/** A client's x-request-id when it looks like one (so logs can be joined), else a new UUID. */
export function requestIdOf(header: string | null | undefined): string {
  return header && /^[\w.:-]{8,100}$/.test(header) ? header : randomUUID();
}
