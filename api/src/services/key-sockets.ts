// Open WebSockets by API key, so that revoking a key ends its live feeds at once on every
// instance: a revocation is published on the (namespaced) `keysRevoked` topic and each instance
// closes that key's sockets with 4403 Forbidden. As a safety net (a revocation made from the CLI,
// or a missed message) the keys of open sockets are re-checked against the database every
// KEY_RECHECK_MS; the same check marks them used.
import { CloseCode } from 'graphql-ws';
import type { Logger } from 'pino';
import type { Db } from '../db';
import type { PubSubHandle } from '../pubsub';

export interface ClosableSocket {
  close(code: number, reason: string): void;
}

export interface KeyUse {
  touch(keyId: string): void;
}

export class KeySockets {
  private readonly byKey = new Map<string, Set<ClosableSocket>>();
  private timer: NodeJS.Timeout | null = null;
  private listening: AsyncIterator<unknown> | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly pubsub: PubSubHandle['pubsub'],
    private readonly logger: Logger,
    private readonly options: { recheckMs: number; usage?: KeyUse },
  ) {}

  get openSockets(): number {
    let count = 0;
    for (const sockets of this.byKey.values()) count += sockets.size;
    return count;
  }

  track(keyId: string, socket: ClosableSocket): void {
    let sockets = this.byKey.get(keyId);
    if (!sockets) {
      sockets = new Set();
      this.byKey.set(keyId, sockets);
    }
    sockets.add(socket);
  }

  untrack(keyId: string, socket: ClosableSocket): void {
    const sockets = this.byKey.get(keyId);
    if (!sockets) return;
    sockets.delete(socket);
    if (!sockets.size) this.byKey.delete(keyId);
  }

  /** Tells every instance (this one included) to close these keys' sockets. */
  async announce(keyIds: string[], reason: string): Promise<void> {
    this.closeKeys(keyIds, reason);
    this.pubsub.publish('keysRevoked', { keyIds, reason });
  }

  /** Closes this instance's sockets of these keys; returns how many. */
  closeKeys(keyIds: string[], reason: string): number {
    let closed = 0;
    for (const keyId of keyIds) {
      const sockets = this.byKey.get(keyId);
      if (!sockets) continue;
      this.byKey.delete(keyId);
      for (const socket of sockets) {
        // graphql-ws sends nothing more on a closing socket.
        socket.close(CloseCode.Forbidden, reason.slice(0, 120));
        closed += 1;
      }
    }
    if (closed) this.logger.info({ keyIds, closed }, 'closed the WebSockets of revoked keys');
    return closed;
  }

  start(): void {
    const iterator = this.pubsub.subscribe('keysRevoked')[Symbol.asyncIterator]();
    this.listening = iterator;
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        const event = next.value;
        if (Array.isArray(event?.keyIds))
          this.closeKeys(event.keyIds.map(String), String(event.reason ?? ''));
      }
    })().catch((error) => this.logger.error({ err: error }, 'key revocations: listener failed'));
    this.timer = setInterval(() => {
      this.checking ??= this.recheck()
        .catch((error) => this.logger.warn({ err: error }, 'key revocations: re-check failed'))
        .finally(() => {
          this.checking = null;
        });
    }, this.options.recheckMs);
    this.timer.unref();
  }

  /** Closes the sockets whose key is revoked or gone; marks the others used. */
  async recheck(): Promise<void> {
    const keyIds = [...this.byKey.keys()];
    if (!keyIds.length) return;
    const active = await this.db.apiKey.findMany({
      where: { id: { in: keyIds }, revokedAt: null },
      select: { id: true },
    });
    const stillActive = new Set(active.map((key) => key.id));
    for (const id of stillActive) this.options.usage?.touch(id);
    this.closeKeys(
      keyIds.filter((id) => !stillActive.has(id)),
      'API key revoked',
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.listening?.return?.();
    await this.checking;
  }
}
