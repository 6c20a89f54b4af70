import { builder } from '../builder';
import { COST } from '../guard/field-costs';
import type { CallRejection, IngestResult } from '../pipeline';
import { ValidationError } from '../services/errors';
import { storedCallEvents } from '../services/threat-events';
import { ThreatEventRef } from './stream';

const CallRecordInput = builder.inputType('CallRecordInput', {
  fields: (t) => ({
    callId: t.string({ required: true, description: 'Unique per call; a call sent twice is stored once.' }),
    caller: t.string({ required: true }),
    receiver: t.string({ required: true }),
    startedAt: t.field({ type: 'CallTime', required: true }),
    durationSec: t.float({ required: true }),
    originRegion: t.string(),
    targetRegion: t.string(),
  }),
});

const CallRejectionRef = builder.objectRef<CallRejection>('CallRejection').implement({
  fields: (t) => ({
    index: t.exposeInt('index'),
    callId: t.exposeString('callId', { nullable: true }),
    reason: t.exposeString('reason'),
  }),
});

const IngestResultRef = builder.objectRef<IngestResult>('IngestResult').implement({
  fields: (t) => ({
    accepted: t.exposeInt('accepted', {
      description:
        'Calls taken: stored now, or (queued true) appended to the workers’ stream, each to be stored once by a worker.',
    }),
    duplicate: t.exposeInt('duplicate', {
      description: 'Calls already stored, or repeated within the batch; not stored again.',
    }),
    queued: t.boolean({
      description:
        'False: the accepted calls are stored and scored when this answer comes. True (an API-only instance of a grid, INSTANCE_ROLE=api with Redis): they were validated and appended to the partitioned stream the workers read, and are stored and scored within moments; a call sent again before a worker stored it is accepted again and still stored once.',
      resolve: (result) => result.queued ?? false,
    }),
    rejected: t.exposeInt('rejected'),
    rejections: t.field({ type: [CallRejectionRef], resolve: (result) => result.rejections }),
    calls: t.field({
      type: [ThreatEventRef],
      description:
        'The calls this request stored, one each, with the verdict they show everywhere (threatStream, Query.calls, recentEvents): the model’s score, with a block list’s caller DANGEROUS and flagged and an allow list’s SAFE and not flagged (riskScore null: the caller has too few calls yet). Empty when queued is true, and for duplicates: read those back with Query.calls.',
      resolve: (result) => result.events,
    }),
  }),
});

builder.mutationField('ingestCalls', (t) =>
  t.field({
    type: IngestResultRef,
    authScopes: { operator: true },
    description:
      'A batch of call-detail records, idempotent by callId. Invalid records are rejected one by one with a reason; a batch over the size cap is rejected whole. On an API-only instance of a grid the valid calls are queued for the workers instead of stored before the answer (see IngestResult.queued).',
    args: { calls: t.arg({ type: [CallRecordInput], required: true }) },
    errors: { types: [ValidationError] },
    complexity: 10,
    resolve: (_root, args, context) => context.app.ingest(args.calls),
  }),
);

builder.queryField('calls', (t) =>
  t.field({
    type: [ThreatEventRef],
    nullable: { list: false, items: true },
    authScopes: { analyst: true },
    description:
      'Stored calls by callId, in the order asked, each with the verdict its ingestCalls answer gave (the model’s score and a list’s decision, as IngestResult.calls); null where no call with that id is stored (yet: a call queued by an API-only instance appears once a worker has stored it). What an integrator reads back after a retry answered duplicate, or after a queued ingestCalls. At most MAX_INGEST_BATCH ids.',
    args: { ids: t.arg({ type: ['ID'], required: true }) },
    errors: { types: [ValidationError] },
    // Priced by the ids asked for: 5,000 ids (the default cap) cost about 1,500 of the 2,500 a
    // query may spend, so aliases cannot multiply a full read-back.
    complexity: (args) => ({
      field: COST.lookup + Math.ceil(args.ids.length / 5),
      multiplier: Math.max(1, Math.ceil(args.ids.length / 50)),
    }),
    resolve: async (_root, args, context) => {
      const max = context.app.config.MAX_INGEST_BATCH;
      if (args.ids.length > max) {
        throw new ValidationError(`At most ${max} ids at a time; this request has ${args.ids.length}`, [
          { path: 'ids', message: `at most ${max} items` },
        ]);
      }
      return storedCallEvents(context.app.db, args.ids.map(String));
    },
  }),
);
