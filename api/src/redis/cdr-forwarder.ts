// `ingestCalls` on an API-only instance (INSTANCE_ROLE=api with Redis): the calls are not scored
// here (this instance holds no caller's feature window; the workers do, by partition) but
// validated, checked against the calls already stored, and appended to the stream the workers
// read, each to its caller's partition (./cdr-producer.ts). The answer says what was queued, not
// what was stored: a worker stores each queued call once (exactly once by callId, decision 014),
// so a call queued twice before either is stored is answered as accepted twice and stored once.
import type { Redis } from 'ioredis';
import type { Db } from '../db';
import type { IngestOutcome, IngestResult } from '../pipeline';
import { storedCallIds } from '../pipeline/deduplicate';
import { type IndexedCall, validateCalls } from '../pipeline/validate';
import { ValidationError } from '../services/errors';
import { produceCdrs } from './cdr-producer';

export interface CdrForwarderDeps {
  db: Db;
  redis: Redis;
  /** Where the workers read: `<REDIS_STREAM>`, partitioned into `:<p>` when partitions > 1. */
  target: { stream: string; partitions: number };
  maxBatch: number;
  count?(outcome: IngestOutcome | 'queued', calls: number): void;
}

/** A validated call as it goes on the stream: numbers in E.164, so it lands on its caller's partition. */
function onTheWire(call: IndexedCall) {
  return {
    callId: call.callId,
    caller: call.callerId,
    receiver: call.receiverId,
    startedAt: new Date(call.timestamp).toISOString(),
    durationSec: call.durationSec,
    originRegion: call.originRegion,
    targetRegion: call.targetRegion,
  };
}

export class CdrForwarder {
  constructor(private readonly deps: CdrForwarderDeps) {}

  async ingest(inputs: readonly unknown[]): Promise<IngestResult> {
    const { db, redis, target, maxBatch } = this.deps;
    if (inputs.length > maxBatch) {
      throw new ValidationError(`A batch holds at most ${maxBatch} calls; this one has ${inputs.length}`, [
        { path: 'calls', message: `at most ${maxBatch} items` },
      ]);
    }
    const { valid, rejections } = validateCalls(inputs);
    const seen = new Set<string>();
    const unique = valid.filter((call) => !seen.has(call.callId) && seen.add(call.callId));
    const stored = unique.length ? await storedCallIds(db, [...seen]) : new Set<string>();
    const fresh = unique.filter((call) => !stored.has(call.callId));
    // A failed append answers an error: the client sends the batch again (idempotent by callId).
    if (fresh.length) await produceCdrs(redis, target, fresh.map(onTheWire));
    const result: IngestResult = {
      accepted: fresh.length,
      duplicate: valid.length - fresh.length,
      rejected: rejections.length,
      rejections,
      events: [],
      queued: true,
    };
    this.deps.count?.('queued', result.accepted);
    this.deps.count?.('duplicate', result.duplicate);
    this.deps.count?.('rejected', result.rejected);
    return result;
  }
}
