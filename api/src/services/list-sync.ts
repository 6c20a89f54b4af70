// Keeps this instance's ListMatcher current. A change is announced on the `listsChanged` topic
// (Redis pub/sub when configured, so every instance hears it) and the announced list is reloaded
// at once. A poll of the lists' changedAt (a few rows) every LIST_POLL_MS catches an
// announcement lost while Redis was away or made by a process without pub/sub (the CLI), and a
// full reload every LIST_RELOAD_MS drops expired entries and anything else that drifted.
import type { Logger } from 'pino';
import type { Db } from '../db';
import type { PubSubHandle } from '../pubsub';
import { ListMatcher, type MatchedEntry } from './list-matcher';
import { loadListEntries } from './lists';

export interface ListSyncOptions {
  pollMs: number;
  fullReloadMs: number;
}

export class ListSync {
  readonly matcher = new ListMatcher();
  /** changedAt of every list as last loaded. */
  private readonly loaded = new Map<string, number>();
  private pollTimer: NodeJS.Timeout | null = null;
  private fullTimer: NodeJS.Timeout | null = null;
  private subscription: AsyncIterator<unknown> | null = null;
  private work: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly pubsub: PubSubHandle['pubsub'],
    private readonly logger: Logger,
    private readonly options: ListSyncOptions,
  ) {}

  /**
   * Tells every instance that a list changed, and reloads it here before resolving: the instance
   * that made the change answers the next lookup with it (the others within LIST_POLL_MS at worst).
   */
  announce = async (listId: string): Promise<void> => {
    this.pubsub.publish('listsChanged', { listId });
    await this.serial(() => this.reloadList(listId));
  };

  async start(): Promise<void> {
    await this.reloadAll();
    const iterator = this.pubsub.subscribe('listsChanged')[Symbol.asyncIterator]();
    this.subscription = iterator;
    void (async () => {
      for (;;) {
        const next = await iterator.next().catch(() => ({ done: true, value: undefined }));
        if (next.done) return;
        const listId = (next.value as { listId?: unknown } | undefined)?.listId;
        if (typeof listId === 'string') void this.serial(() => this.reloadList(listId));
      }
    })();
    this.pollTimer = setInterval(() => void this.serial(() => this.poll()), this.options.pollMs);
    this.fullTimer = setInterval(() => void this.serial(() => this.reloadAll()), this.options.fullReloadMs);
    this.pollTimer.unref();
    this.fullTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.fullTimer) clearInterval(this.fullTimer);
    await this.subscription?.return?.();
    await this.work;
  }

  /** Reloads run one at a time, so an older load never overwrites a newer one. */
  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.work
      .then(task)
      .catch((error) => this.logger.warn({ err: error }, 'lists: reload failed'));
    this.work = run;
    return run;
  }

  async reloadAll(): Promise<void> {
    const lists = await this.db.numberList.findMany();
    const byList = new Map<string, MatchedEntry[]>();
    const now = new Date();
    for (const list of lists) byList.set(list.id, await loadListEntries(this.db, list, now));
    this.matcher.replaceAll(byList);
    this.loaded.clear();
    for (const list of lists) this.loaded.set(list.id, list.changedAt.getTime());
  }

  private async reloadList(listId: string): Promise<void> {
    const list = await this.db.numberList.findUnique({ where: { id: listId } });
    if (!list) {
      this.matcher.replaceList(listId, null);
      this.loaded.delete(listId);
      return;
    }
    this.matcher.replaceList(list.id, await loadListEntries(this.db, list));
    this.loaded.set(list.id, list.changedAt.getTime());
  }

  private async poll(): Promise<void> {
    const lists = await this.db.numberList.findMany({ select: { id: true, changedAt: true } });
    const present = new Set<string>();
    for (const list of lists) {
      present.add(list.id);
      if (this.loaded.get(list.id) !== list.changedAt.getTime()) await this.reloadList(list.id);
    }
    for (const listId of [...this.loaded.keys()]) if (!present.has(listId)) await this.reloadList(listId);
  }
}
