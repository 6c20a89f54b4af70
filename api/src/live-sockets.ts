// Open graphql-ws connections by who they act for (API key, session, account), so that taking
// access away closes them at once on every instance. `revoke` closes this instance's matching
// sockets and broadcasts the revocation on the (namespaced) `viewersRevoked` topic; every other
// instance closes its own with 4403 Forbidden. One supervised re-check every KEY_RECHECK_MS is
// the safety net for a missed broadcast or a change made outside the API (the CLI, an expiry):
// sockets whose key is revoked, whose session ended or whose account is disabled close, and the
// keys still live are marked used. An open live view counts as activity: the idle timeout does
// not close sockets, the absolute expiry does.
import { CloseCode } from 'graphql-ws';
import type { Logger } from 'pino';
import type { Viewer } from './auth';
import type { Db } from './db';
import type { PubSubHandle } from './pubsub';
import { type Component, pause } from './supervision';

/** Access taken away: every socket acting for one of these closes, on every instance. */
export interface ViewersRevoked {
  keyIds?: string[];
  sessionIds?: string[];
  /** Every socket of the account: its sessions and the keys it owns. */
  accountId?: string | null;
  reason: string;
}

export interface ClosableSocket {
  close(code: number, reason: string): void;
}

export interface KeyUse {
  touch(keyId: string): void;
}

interface Tracked {
  keyId: string | null;
  sessionId: string | null;
  accountId: string | null;
  socket: ClosableSocket;
}

/** A WebSocket close reason is at most 123 bytes. */
const MAX_REASON_CHARS = 120;

export class LiveSockets {
  private readonly open = new Set<Tracked>();
  private subscription: AsyncIterator<unknown> | null = null;
  private running: Promise<unknown> | null = null;
  private stopping = false;
  private readonly revocationListeners: ((event: ViewersRevoked) => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly pubsub: PubSubHandle['pubsub'],
    private readonly logger: Logger,
    private readonly options: { recheckMs: number; usage?: KeyUse },
    private readonly health: Component,
  ) {}

  /** Remembers a socket; returns the function that forgets it (call it when it closes). */
  track(viewer: Viewer, socket: ClosableSocket): () => void {
    if (!viewer.keyId && !viewer.sessionId && !viewer.accountId) return () => {};
    const tracked: Tracked = {
      keyId: viewer.keyId,
      sessionId: viewer.sessionId,
      accountId: viewer.accountId,
      socket,
    };
    this.open.add(tracked);
    return () => this.open.delete(tracked);
  }

  get size(): number {
    return this.open.size;
  }

  /** Also tells `listener` of every revocation, this instance's and the others' (caches forget). */
  onRevoked(listener: (event: ViewersRevoked) => void): void {
    this.revocationListeners.push(listener);
  }

  /** Closes the matching sockets here at once, and tells the other instances to close theirs. */
  revoke(event: ViewersRevoked): void {
    if (!event.accountId && !event.keyIds?.length && !event.sessionIds?.length) return;
    this.apply(event);
    this.pubsub.publish('viewersRevoked', event);
  }

  private apply(event: ViewersRevoked): void {
    for (const listener of this.revocationListeners) listener(event);
    this.closeMatching(event);
  }

  /** Closes this instance's sockets acting for a named key, session or account; returns how many. */
  closeMatching(event: ViewersRevoked): number {
    const keys = new Set(event.keyIds ?? []);
    const sessions = new Set(event.sessionIds ?? []);
    const reason = event.reason.slice(0, MAX_REASON_CHARS);
    let closed = 0;
    for (const tracked of this.open) {
      const matches =
        (tracked.keyId !== null && keys.has(tracked.keyId)) ||
        (tracked.sessionId !== null && sessions.has(tracked.sessionId)) ||
        (Boolean(event.accountId) && tracked.accountId === event.accountId);
      if (!matches) continue;
      this.open.delete(tracked);
      // graphql-ws sends nothing more on a closing socket.
      tracked.socket.close(CloseCode.Forbidden, reason);
      closed += 1;
    }
    if (closed) this.logger.info({ closed, reason }, 'closed the WebSockets of revoked access');
    return closed;
  }

  /**
   * Asks the database whether the open sockets' keys, sessions and accounts still give access;
   * closes those that do not (returns how many) and marks the live keys used.
   */
  async recheck(now = new Date()): Promise<number> {
    const ids = (pick: (tracked: Tracked) => string | null) => [
      ...new Set([...this.open].map(pick).filter((id): id is string => id !== null)),
    ];
    const keyIds = ids((tracked) => tracked.keyId);
    const sessionIds = ids((tracked) => tracked.sessionId);
    const accountIds = ids((tracked) => tracked.accountId);
    const select = { id: true } as const;
    const [keys, sessions, accounts] = await Promise.all([
      keyIds.length
        ? this.db.apiKey.findMany({ where: { id: { in: keyIds }, revokedAt: null }, select })
        : [],
      sessionIds.length
        ? this.db.session.findMany({
            where: { id: { in: sessionIds }, revokedAt: null, expiresAt: { gt: now } },
            select,
          })
        : [],
      accountIds.length
        ? this.db.account.findMany({ where: { id: { in: accountIds }, enabled: true }, select })
        : [],
    ]);
    const lost = (all: string[], live: { id: string }[]) => {
      const stillLive = new Set(live.map((row) => row.id));
      return all.filter((id) => !stillLive.has(id));
    };
    for (const key of keys) this.options.usage?.touch(key.id);
    return (
      this.closeMatching({ keyIds: lost(keyIds, keys), reason: 'API key revoked' }) +
      this.closeMatching({ sessionIds: lost(sessionIds, sessions), reason: 'Session ended' }) +
      lost(accountIds, accounts).reduce(
        (closed, accountId) => closed + this.closeMatching({ accountId, reason: 'Account disabled' }),
        0,
      )
    );
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = Promise.all([this.listen(), this.recheckEvery()]);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.return?.();
    await this.running;
    this.running = null;
    this.health.stopped();
  }

  /** Closes what other instances revoke; a failed subscription is made again after a back-off. */
  private async listen(): Promise<void> {
    while (!this.stopping) {
      try {
        const iterator = this.pubsub.subscribe('viewersRevoked')[Symbol.asyncIterator]();
        this.subscription = iterator;
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          const event = parseRevocation(next.value);
          if (event) this.apply(event);
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'socket revocations: subscription failed');
        await pause(this.health.failed(error), () => this.stopping);
      }
    }
  }

  private async recheckEvery(): Promise<void> {
    let wait = this.options.recheckMs;
    while (!this.stopping) {
      await pause(wait, () => this.stopping);
      if (this.stopping) return;
      try {
        await this.recheck();
        this.health.succeeded();
        wait = this.options.recheckMs;
      } catch (error) {
        this.logger.warn({ err: error }, 'socket revocations: re-check failed');
        wait = Math.max(this.options.recheckMs, this.health.failed(error));
      }
    }
  }
}

const stringArray = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

/** A revocation as broadcast by another instance; anything else is ignored. */
export function parseRevocation(value: unknown): ViewersRevoked | null {
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  return {
    keyIds: stringArray(event.keyIds),
    sessionIds: stringArray(event.sessionIds),
    accountId: typeof event.accountId === 'string' ? event.accountId : null,
    reason: typeof event.reason === 'string' ? event.reason : 'Access revoked',
  };
}
