// API keys are random secrets shown once; only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { Account, ApiKey, Role } from '../generated/prisma/client';
import type { Tx } from './audit';

const KEY_PREFIX = 'sk_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createApiKey(
  db: Tx,
  input: { name: string; role: Role; ownerId?: string | null },
): Promise<{ key: string; apiKey: ApiKey }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new RangeError('An API key needs a name of 1 to 100 characters');
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const apiKey = await db.apiKey.create({
    data: {
      name,
      role: input.role,
      prefix: key.slice(0, 10),
      hash: hashApiKey(key),
      ownerId: input.ownerId ?? null,
    },
  });
  return { key, apiKey };
}

export async function findActiveKey(
  db: Db,
  key: string,
): Promise<(ApiKey & { owner: Account | null }) | null> {
  const apiKey = await db.apiKey.findUnique({ where: { hash: hashApiKey(key) }, include: { owner: true } });
  return apiKey && !apiKey.revokedAt ? apiKey : null;
}

export async function revokeApiKey(db: Tx, id: string): Promise<ApiKey | null> {
  const existing = await db.apiKey.findUnique({ where: { id } });
  if (!existing) return null;
  return db.apiKey.update({ where: { id }, data: { revokedAt: existing.revokedAt ?? new Date() } });
}

export function listApiKeys(db: Db): Promise<(ApiKey & { owner: Account | null })[]> {
  return db.apiKey.findMany({ orderBy: { createdAt: 'desc' }, include: { owner: true } });
}

/** Makes sure a key handed in by configuration (the dashboard's) exists, as an ANALYST key. */
export async function registerConfiguredKey(db: Db, key: string, name: string): Promise<void> {
  const hash = hashApiKey(key);
  await db.apiKey.upsert({
    where: { hash },
    create: { name, role: 'ANALYST', prefix: key.slice(0, 10), hash },
    update: {},
  });
}

/**
 * Keys' lastUsedAt without a write per request: the ids used are gathered in memory and
 * written every KEY_USAGE_FLUSH_MS (and on close) in one UPDATE, so lastUsedAt is at most
 * that much late.
 */
export class KeyUsageRecorder {
  private used = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly flushMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  touch(keyId: string): void {
    this.used.add(keyId);
  }

  start(): void {
    this.timer = setInterval(() => {
      void this.flush().catch(this.onError);
    }, this.flushMs);
    this.timer.unref();
  }

  /** Writes the pending uses; returns how many keys were updated. */
  async flush(): Promise<number> {
    const ids = [...this.used];
    this.used = new Set();
    if (!ids.length) return 0;
    const write = this.flushing.then(() =>
      this.db.apiKey.updateMany({ where: { id: { in: ids } }, data: { lastUsedAt: new Date() } }),
    );
    this.flushing = write.then(
      () => undefined,
      () => undefined,
    );
    return (await write).count;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush().catch(this.onError);
  }
}
