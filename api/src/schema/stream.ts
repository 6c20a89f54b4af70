import { builder } from '../builder';
import { COST } from '../guard/field-costs';
import { seesFullNumbers } from '../services/masking';
import {
  selectEvents,
  type ThreatBatch,
  type ThreatEvent,
  threatEventFromCall,
} from '../services/threat-events';
import { FraudCategoryEnum, VerdictEnum } from './common';
import { clampCount, countArg, pageSize } from './pages';
import { StatsRef } from './stats';

const RECENT_EVENTS = pageSize(50, 500);

export const ThreatEventRef = builder.objectRef<ThreatEvent>('ThreatEvent').implement({
  fields: (t) => ({
    id: t.exposeID('id', {
      description:
        'The callId; for anonymous subscribers an opaque digest of it ("call-" and 20 hex digits, the same for the same call on one API instance).',
    }),
    timestamp: t.field({ type: 'DateTime', resolve: (event) => event.timestamp }),
    caller: t.exposeString('caller', {
      description: 'Masked (e.g. +91 98XXXXX321) for anonymous subscribers.',
    }),
    receiver: t.exposeString('receiver', { description: 'Masked like caller for anonymous subscribers.' }),
    durationSec: t.exposeFloat('durationSec'),
    riskScore: t.exposeFloat('riskScore', {
      nullable: true,
      description: 'null: not scored yet (too few calls from this caller, or no model).',
    }),
    verdict: t.field({
      type: VerdictEnum,
      nullable: true,
      description:
        'The model’s verdict (null: not scored yet); a list decides first: DANGEROUS for a caller on a block list, SAFE on an allow list (riskScore stays the model’s).',
      resolve: (event) => event.verdict,
    }),
    category: t.field({ type: FraudCategoryEnum, nullable: true, resolve: (event) => event.category }),
    region: t.exposeString('region', { description: 'Digits shown as X for anonymous subscribers.' }),
    targetRegion: t.exposeString('targetRegion', { description: 'Like region.' }),
    flagged: t.exposeBoolean('flagged'),
  }),
});

const ThreatBatchRef = builder.objectRef<ThreatBatch>('ThreatBatch').implement({
  fields: (t) => ({
    events: t.field({ type: [ThreatEventRef], resolve: (batch) => batch.events }),
    stats: t.field({ type: StatsRef, resolve: (batch) => batch.stats }),
  }),
});

builder.queryField('recentEvents', (t) =>
  t.field({
    type: [ThreatEventRef],
    authScopes: { analyst: true },
    description: 'The most recently ingested calls, newest first.',
    complexity: COST.page,
    args: { last: t.arg.int(countArg(RECENT_EVENTS)) },
    resolve: async (_root, args, context) => {
      const calls = await context.app.db.callRecord.findMany({
        orderBy: [{ ingestedAt: 'desc' }, { startedAt: 'desc' }],
        take: clampCount(args.last, RECENT_EVENTS),
      });
      return calls.map(threatEventFromCall);
    },
  }),
);

builder.subscriptionField('threatStream', (t) =>
  t.field({
    type: ThreatBatchRef,
    description:
      'A batch about once a second: the calls ingested since the last batch (numbers masked without an API key) and current stats.',
    args: {
      minRisk: t.arg.float({ description: 'Only events scored at least this risk (0–100).' }),
      region: t.arg.string({ description: 'Only events from this origin region.' }),
    },
    subscribe: (_root, _args, context) => context.app.pubsub.subscribe('threatBatch'),
    resolve: (batch, args, context) => ({
      stats: batch.stats,
      events: selectEvents(batch.events, {
        minRisk: args.minRisk,
        region: args.region,
        masked: !seesFullNumbers(context.viewer),
      }),
    }),
  }),
);
