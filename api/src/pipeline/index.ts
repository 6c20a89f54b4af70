// The one way calls enter the grid, whatever their source (the simulator, ingestCalls, the
// Redis stream): validate -> deduplicate -> score -> commit -> publish.
//
// Exactly once: a batch is scored before its transaction (a call is judged together with the
// caller's earlier calls in the same batch), and the feature store then keeps exactly the
// calls the transaction inserted. Batches of one process go through score and commit one at
// a time, so a duplicate check always sees what the batch before it stored; ON CONFLICT
// settles races with other instances. See docs/decisions/014-exactly-once-scoring.md.
import type { Db } from '../db';
import type { AlertRaiser } from '../services/alerts';
import { ValidationError } from '../services/errors';
import type { CallerScore, CallScorer, ScoredBatch } from '../services/scoring';
import type { ThreatEvent } from '../services/threat-events';
import { commitCalls } from './commit';
import { dropDuplicates, storedCallIds } from './deduplicate';
import { committedEvents, raiseDangerAlerts } from './publish';
import { type CallRejection, type IndexedCall, validateCalls } from './validate';

export type { CallRecordInput, CallRejection } from './validate';

export interface IngestResult {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejections: CallRejection[];
  /** The events of the calls stored now, for the live stream. */
  events: ThreatEvent[];
}

export type IngestOutcome = 'accepted' | 'duplicate' | 'rejected';

export interface PipelineDeps {
  db: Db;
  scorer: CallScorer;
  alerts: AlertRaiser;
  maxBatch: number;
  /** Where the committed calls' events go (the live stream, campaign detection). */
  publish(events: ThreatEvent[]): void;
  count?(outcome: IngestOutcome, calls: number): void;
}

interface Stored {
  scored: ScoredBatch | null;
  fresh: IndexedCall[];
  committed: ReadonlySet<string>;
  duplicates: number;
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
    const events = stored.scored ? committedEvents(stored.fresh, stored.scored.calls, stored.committed) : [];
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
    if (stored.scored) await raiseDangerAlerts(this.deps.alerts, committedCallers(stored));
    return result;
  }

  private async store(valid: IndexedCall[]): Promise<Stored> {
    const { db, scorer } = this.deps;
    const { fresh, duplicates } = await dropDuplicates(db, valid);
    if (fresh.length === 0) return { scored: null, fresh, committed: new Set(), duplicates };
    const scored = scorer.score(fresh);
    let committed: Set<string>;
    try {
      committed = await commitCalls(db, fresh, scored.calls, scored.callers);
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
    return { scored, fresh, committed, duplicates };
  }

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Callers with at least one committed call in the batch. */
function committedCallers(stored: Stored): CallerScore[] {
  const callers = new Set<string>();
  for (const call of stored.fresh) if (stored.committed.has(call.callId)) callers.add(call.callerId);
  return [...(stored.scored?.callers.values() ?? [])].filter((caller) => callers.has(caller.callerId));
}
