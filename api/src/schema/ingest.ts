import { builder } from '../builder';
import type { CallRejection, IngestResult } from '../pipeline';
import { ValidationError } from '../services/errors';

const CallRecordInput = builder.inputType('CallRecordInput', {
  fields: (t) => ({
    callId: t.string({ required: true, description: 'Unique per call; a call sent twice is stored once.' }),
    caller: t.string({ required: true }),
    receiver: t.string({ required: true }),
    startedAt: t.field({ type: 'DateTime', required: true }),
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
    accepted: t.exposeInt('accepted'),
    duplicate: t.exposeInt('duplicate'),
    rejected: t.exposeInt('rejected'),
    rejections: t.field({ type: [CallRejectionRef], resolve: (result) => result.rejections }),
  }),
});

builder.mutationField('ingestCalls', (t) =>
  t.field({
    type: IngestResultRef,
    authScopes: { operator: true },
    description:
      'A batch of call-detail records, idempotent by callId. Invalid records are rejected one by one with a reason; a batch over the size cap is rejected whole.',
    args: { calls: t.arg({ type: [CallRecordInput], required: true }) },
    errors: { types: [ValidationError] },
    complexity: 10,
    resolve: (_root, args, context) => context.app.ingest(args.calls),
  }),
);
