// What signing in needs at run time, built once per server: the throttle, the session policy,
// open sockets (closed on revocation on every instance via the pub/sub) and lookup retention.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db';
import { LiveSockets, type ViewersRevoked } from '../live-sockets';
import type { PubSubHandle } from '../pubsub';
import { LoginThrottle } from './accounts';
import { deleteOldLookups } from './lookups';
import { deleteEndedSessions, type SessionPolicy } from './sessions';

export class People {
  readonly throttle: LoginThrottle;
  readonly sessions: SessionPolicy;
  readonly sockets = new LiveSockets();
  private listening: AsyncIterator<ViewersRevoked> | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly pubsub: PubSubHandle['pubsub'],
    readonly config: Config,
    private readonly logger: Logger,
  ) {
    this.throttle = new LoginThrottle(
      config.LOGIN_FAILURES_PER_ACCOUNT,
      config.LOGIN_FAILURES_PER_CLIENT,
      config.LOGIN_THROTTLE_MINUTES * 60_000,
    );
    this.sessions = {
      ttlMs: config.SESSION_TTL_HOURS * 3600_000,
      idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    };
  }

  /** Closes the sockets at once here, and tells the other instances. */
  revoke(event: ViewersRevoked): void {
    if (!event.accountId && !event.sessionIds?.length) return;
    this.sockets.closeMatching(event);
    this.pubsub.publish('viewersRevoked', event);
  }

  /**
   * Closes the sockets whose session reached its absolute expiry (or was revoked) since they
   * connected. An open live view counts as activity, so the idle timeout does not close sockets.
   */
  async closeEndedSessions(now = new Date()): Promise<number> {
    const ids = this.sockets.sessionIds();
    if (ids.length === 0) return 0;
    const sessions = await this.db.session.findMany({
      where: { id: { in: ids } },
      select: { id: true, expiresAt: true, revokedAt: true },
    });
    const live = new Set(
      sessions
        .filter((session) => !session.revokedAt && session.expiresAt > now)
        .map((session) => session.id),
    );
    const ended = ids.filter((id) => !live.has(id));
    return ended.length ? this.sockets.closeMatching({ sessionIds: ended, reason: 'Session ended' }) : 0;
  }

  start(): void {
    const iterator = this.pubsub.subscribe('viewersRevoked')[Symbol.asyncIterator]();
    this.listening = iterator;
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        this.sockets.closeMatching(next.value);
      }
    })().catch((error: unknown) => this.logger.error({ err: error }, 'revocation listener stopped'));
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
    this.expiryTimer = setInterval(
      () =>
        void this.closeEndedSessions().catch((error: unknown) =>
          this.logger.warn({ err: error }, 'could not check open sockets for ended sessions'),
        ),
      60_000,
    );
    this.expiryTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    if (this.expiryTimer) clearInterval(this.expiryTimer);
    await this.listening?.return?.();
    this.listening = null;
  }
}

/** A client's x-request-id when it looks like one (so logs can be joined), else a new UUID. */
export function requestIdOf(header: string | null | undefined): string {
  return header && /^[\w.:-]{8,100}$/.test(header) ? header : randomUUID();
}
