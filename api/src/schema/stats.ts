import { builder } from '../builder';
import { COST } from '../guard/field-costs';
import type { RegionStat, StatsSnapshot, TrafficPoint } from '../services/stats';
import { clampCount, countArg, pageSize } from './pages';

const TRAFFIC_MINUTES = pageSize(10, 60);

export const StatsRef = builder.objectRef<StatsSnapshot>('Stats').implement({
  description: 'Live figures, computed from ingested and scored calls. Formulas: docs/decisions/003.',
  fields: (t) => ({
    totalCalls: t.exposeFloat('totalCalls'),
    flaggedCalls: t.exposeFloat('flaggedCalls'),
    blockedThreats: t.exposeFloat('blockedThreats', {
      description: 'Numbers whose verdict is DANGEROUS now: the numbers an operator would block.',
    }),
    activeCampaigns: t.exposeInt('activeCampaigns'),
    callsPerSecond: t.exposeFloat('callsPerSecond', {
      description: 'Calls ingested per second over the last 10 s.',
    }),
    flaggedPerSecond: t.exposeFloat('flaggedPerSecond'),
    threatIndex: t.exposeFloat('threatIndex', {
      description: '0–10 from the flagged share and active campaigns.',
    }),
    victimsProtected: t.exposeFloat('victimsProtected', {
      description: 'Estimate: distinct receivers reached by flagged calls.',
    }),
    networkLoad: t.exposeFloat('networkLoad', {
      description: '0–100: calls per second against the pipeline capacity.',
    }),
    trackedNumbers: t.exposeInt('trackedNumbers'),
    modelVersion: t.exposeString('modelVersion', { nullable: true }),
    updatedAt: t.field({ type: 'DateTime', resolve: (stats) => stats.updatedAt }),
  }),
});

const TrafficPointRef = builder.objectRef<TrafficPoint>('TrafficPoint').implement({
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    calls: t.exposeInt('calls'),
    flagged: t.exposeInt('flagged'),
  }),
});

const RegionStatRef = builder.objectRef<RegionStat>('RegionStat').implement({
  fields: (t) => ({
    region: t.exposeString('region'),
    calls: t.exposeFloat('calls'),
    flaggedCalls: t.exposeFloat('flaggedCalls'),
    flaggedRatio: t.exposeFloat('flaggedRatio'),
    threatLevel: t.exposeFloat('threatLevel', { description: '0–10' }),
    activeCampaigns: t.exposeInt('activeCampaigns'),
  }),
});

builder.queryFields((t) => ({
  stats: t.field({
    type: StatsRef,
    complexity: COST.cached,
    resolve: (_root, _args, context) => context.app.stats.snapshot(),
  }),
  traffic: t.field({
    type: [TrafficPointRef],
    description: 'Calls and flagged calls per second over the last `minutes`.',
    args: { minutes: t.arg.int(countArg(TRAFFIC_MINUTES, 'Minutes back from now')) },
    complexity: COST.lookup,
    resolve: (_root, args, context) => context.app.stats.traffic(clampCount(args.minutes, TRAFFIC_MINUTES)),
  }),
  regions: t.field({
    type: [RegionStatRef],
    description: 'Per origin region over the last 24 hours.',
    complexity: COST.aggregate,
    resolve: (_root, _args, context) => context.app.stats.regions(),
  }),
}));
