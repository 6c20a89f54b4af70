// The one way calls enter the grid, whatever their source (the simulator, ingestCalls, the
// Redis stream): validate -> deduplicate -> score -> commit -> publish.
//
// Exactly once: a batch is scored before its transaction (a call is judged together with the
// caller's earlier calls in the same batch), and the feature store then keeps exactly the
// calls the transaction inserted. Batches of one process go through score and commit one at
// a time, so a duplicate check always sees what the batch before it stored; ON CONFLICT
// settles races with other instances. See docs/decisions/014-exactly-once-scoring.md.

import type { Alerts } from '../alerts';
import type { Db } from '../db';
import { ValidationError } from '../services/errors';
import type { ListMatcher } from '../services/list-matcher';
import type { CallScorer, ScoredBatch } from '../services/scoring';
import type { ThreatEvent } from '../services/threat-events';
import { commitCalls } from './commit';
import { dropDuplicates, storedCallIds } from './deduplicate';
import { decideByLists, type ListDecisions } from './lists';
import { callsCommitted, committedEvents } from './publish';
import { type CallRejection, type IndexedCall, validateCalls } from './validate';

export type { CallRecordInput, CallRejection } from './validate';

export interface IngestResult {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejections: CallRejection[];
  /** The events of the calls stored now, for the live stream. */
  events: ThreatEvent[];
  /**
   * True when the calls were appended to the workers' stream rather than stored here (an API-only
   * instance of a grid: redis/cdr-forwarder.ts): `accepted` counts calls queued, not yet stored.
   */
  queued?: boolean;
}

export type IngestOutcome = 'accepted' | 'duplicate' | 'rejected';
export type PipelineStep = 'deduplicate' | 'score' | 'commit' | 'alerts';

export interface PipelineDeps {
  db: Db;
  scorer: CallScorer;
  /** The alert rules, told of every committed batch. */
  alerts: Alerts;
  maxBatch: number;
  /** Where the committed calls' events go (the live stream, campaign detection). */
  publish(events: ThreatEvent[]): void;
  count?(outcome: IngestOutcome, calls: number): void;
  /** How long a batch spent in a step (satark_pipeline_step_seconds). */
  timed?(step: PipelineStep, seconds: number): void;
  /** Allow and block lists (services/list-sync.ts); without them no list decides anything. */
  lists?: ListMatcher;
}

interface Stored {
  scored: ScoredBatch | null;
  fresh: IndexedCall[];
  committed: ReadonlySet<string>;
  duplicates: number;
  lists: ListDecisions | null;
}

export class CallPipeline {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PipelineDeps) {}

  async ingest(inputs: readonly unknown[]): Promise<IngestResult> {
    const { maxBatch } = this.deps;
    if (inputs.length > maxBatch) {
      throw new ValidationError(`A batch holds at most ${maxBatch} calls; this one has ${inputs.length}`, [
        { path: 'calls', message: `at most ${maxBatch} items` },
      ]);
    }
    const { valid, rejections } = validateCalls(inputs);
    const stored = await this.oneAtATime(() => this.store(valid));
    const events = stored.scored
      ? committedEvents(
          stored.fresh,
          stored.lists?.scores ?? stored.scored.calls,
          stored.committed,
          stored.lists?.hits,
        )
      : [];
    const result: IngestResult = {
      accepted: stored.committed.size,
      duplicate: stored.duplicates + stored.fresh.length - stored.committed.size,
      rejected: rejections.length,
      rejections,
      events,
    };
    this.deps.count?.('accepted', result.accepted);
    this.deps.count?.('duplicate', result.duplicate);
    this.deps.count?.('rejected', result.rejected);
    if (events.length) this.deps.publish(events);
    if (stored.scored) {
      const scored = stored.scored;
      await this.step('alerts', () =>
        this.deps.alerts.consider(
          'callsCommitted',
          callsCommitted(stored.fresh, stored.committed, scored.callers, stored.lists?.listed),
        ),
      );
    }
    return result;
  }

  private async store(valid: IndexedCall[]): Promise<Stored> {
    const { db, scorer } = this.deps;
    const { fresh, duplicates } = await this.step('deduplicate', () => dropDuplicates(db, valid));
    if (fresh.length === 0) return { scored: null, fresh, committed: new Set(), duplicates, lists: null };
    const started = performance.now();
    const scored = scorer.score(fresh);
    // The lists decide flags after the model (whose own score stays on the rows): see ./lists.ts.
    const lists = this.deps.lists ? decideByLists(fresh, scored.calls, this.deps.lists) : null;
    this.deps.timed?.('score', (performance.now() - started) / 1000);
    let committed: Set<string>;
    try {
      committed = await this.step('commit', () =>
        commitCalls(db, fresh, lists?.scores ?? scored.calls, scored.callers, lists?.hits),
      );
    } catch (error) {
      // Failed, or lost at COMMIT with its outcome unknown: count what the database holds.
      const held = await storedCallIds(
        db,
        fresh.map((call) => call.callId),
      ).catch(() => new Set<string>());
      scored.settle(held);
      throw error;
    }
    scored.settle(committed);
    return { scored, fresh, committed, duplicates, lists };
  }

  private async step<T>(step: PipelineStep, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.deps.timed?.(step, (performance.now() - started) / 1000);
    }
  }

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
