// One model for the whole grid: a retrain on any instance stores the new version as the only
// active one and announces it on the `modelSwapped` topic (Redis when configured); every
// instance then loads the active version from the database and swaps it in between batches.
// A periodic check covers an announcement missed while Redis was away.
import type { Logger } from 'pino';
import type { Db } from '../db';
import type { PubSubHandle } from '../pubsub';
import type { Component } from '../supervision';
import { loadActiveModel, type ModelRegistry } from './model-registry';

export interface ModelSwapped {
  version: string;
}

export class ModelSync {
  private listening: AsyncIterator<ModelSwapped> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly models: ModelRegistry,
    private readonly pubsub: PubSubHandle['pubsub'],
    private readonly logger: Logger,
    private readonly options: { checkMs: number },
    private readonly health?: Component,
  ) {}

  /** Tells every instance that `version` is now the active model. */
  announce(version: string): void {
    this.pubsub.publish('modelSwapped', { version });
  }

  start(): void {
    const iterator = this.pubsub.subscribe('modelSwapped')[Symbol.asyncIterator]();
    this.listening = iterator;
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        if (next.value?.version !== this.models.version) await this.loadActive();
      }
    })().catch((error) => this.logger.error({ err: error }, 'model sync: listener failed'));
    this.timer = setInterval(() => void this.loadActive(), this.options.checkMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.listening?.return?.();
    await this.loading;
  }

  /** Swaps in the database's active model when it is not the one in use. */
  loadActive(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const active = await this.db.modelVersion.findFirst({
          where: { active: true },
          orderBy: { createdAt: 'desc' },
          select: { version: true },
        });
        if (active && active.version !== this.models.version) {
          const model = await loadActiveModel(this.db);
          if (model) {
            this.models.swap(model);
            this.logger.info({ modelVersion: model.version }, 'model sync: swapped in the active model');
          }
        }
        this.health?.succeeded();
      } catch (error) {
        this.health?.failed(error);
        this.logger.warn({ err: error }, 'model sync: could not load the active model');
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
