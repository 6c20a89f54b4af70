// API keys that were found active, remembered for a few seconds so that a key's every request
// does not cost a database read. Revocation is honoured at once: revoking a key, disabling its
// owner or changing the owner's role is broadcast to every instance (`viewersRevoked`, see
// live-sockets.ts), whose socket tracker hands it here, and each forgets those keys. A key revoked
// behind the API's back (the CLI) still works for at most `ttlMs`, the same bound open WebSockets
// have (KEY_RECHECK_MS). Unknown and revoked keys are never remembered: they are read each time.

import { LRUCache } from 'lru-cache';
import type { Db } from '../db';
import type { Account, ApiKey } from '../generated/prisma/client';
import type { ViewersRevoked } from '../live-sockets';
import { findActiveKey, hashApiKey } from './api-keys';

export type ActiveKey = ApiKey & { owner: Account | null };

export class ActiveKeys {
  private readonly byHash: LRUCache<string, ActiveKey>;
  /** Bumped by every revocation: a read that began before one is not remembered. */
  private generation = 0;
  /** Reads in flight by key hash, with the generation they began in. */
  private readonly reading = new Map<string, { generation: number; read: Promise<ActiveKey | null> }>();

  constructor(
    private readonly db: Db,
    options: { ttlMs: number; max?: number },
  ) {
    this.byHash = new LRUCache({ max: options.max ?? 10_000, ttl: options.ttlMs });
  }

  /**
   * The key if it is active (its owner may be disabled: the caller decides). Requests with the
   * same key while it is being read share that read: when a busy key's entry expires, its
   * concurrent requests cost one read, not one each. A read that began before a revocation is
   * shared with no request that arrives after it.
   */
  async find(key: string): Promise<ActiveKey | null> {
    const hash = hashApiKey(key);
    const remembered = this.byHash.get(hash);
    if (remembered) return remembered;
    const generation = this.generation;
    const shared = this.reading.get(hash);
    if (shared && shared.generation === generation) return shared.read;
    const read = findActiveKey(this.db, key);
    const entry = { generation, read };
    this.reading.set(hash, entry);
    try {
      const found = await read;
      if (found && generation === this.generation) this.byHash.set(hash, found);
      return found;
    } finally {
      if (this.reading.get(hash) === entry) this.reading.delete(hash);
    }
  }

  forgetKeys(keyIds: readonly string[]): void {
    this.generation += 1;
    const revoked = new Set(keyIds);
    for (const [hash, key] of this.byHash.entries()) if (revoked.has(key.id)) this.byHash.delete(hash);
  }

  forgetAccount(accountId: string): void {
    this.generation += 1;
    for (const [hash, key] of this.byHash.entries()) if (key.ownerId === accountId) this.byHash.delete(hash);
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Forgets the keys a revocation names, and those of the account it names. */
  forget(event: ViewersRevoked): void {
    if (event.keyIds?.length) this.forgetKeys(event.keyIds);
    if (event.accountId) this.forgetAccount(event.accountId);
  }
}
