import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { builder } from '../builder';
import type { Campaign } from '../generated/prisma/client';
import { COST } from '../guard/field-costs';
import { recordAudit } from '../services/audit';
import {
  type CampaignGraph,
  type CampaignMemberView,
  campaignGraph,
  campaignMembers,
  countCampaigns,
  findCampaign,
  listCampaigns,
  updateCampaignStatus,
} from '../services/campaigns';
import { NotFoundError } from '../services/errors';
import { maskNumbersIn, seesFullNumbers } from '../services/masking';
import { CampaignStatusEnum, FraudCategoryEnum } from './common';

export const CampaignRef = builder.objectRef<Campaign>('Campaign');

const CampaignMemberRef = builder.objectRef<CampaignMemberView>('CampaignMember').implement({
  fields: (t) => ({
    number: t.exposeString('number'),
    riskScore: t.exposeFloat('riskScore', { nullable: true }),
    role: t.exposeString('role', { description: 'ORGANISER (most calls) or MEMBER' }),
    calls: t.exposeInt('calls'),
  }),
});

const GraphNodeRef = builder.objectRef<CampaignGraph['nodes'][number]>('GraphNode').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    riskScore: t.exposeFloat('riskScore', { nullable: true }),
    role: t.exposeString('role', { description: 'CALLER (campaign member) or TARGET (receiver)' }),
  }),
});

const GraphLinkRef = builder.objectRef<CampaignGraph['links'][number]>('GraphLink').implement({
  fields: (t) => ({
    source: t.exposeID('source'),
    target: t.exposeID('target'),
    calls: t.exposeInt('calls'),
  }),
});

const CampaignGraphRef = builder.objectRef<CampaignGraph>('CampaignGraph').implement({
  fields: (t) => ({
    nodes: t.field({ type: [GraphNodeRef], resolve: (graph) => graph.nodes }),
    links: t.field({ type: [GraphLinkRef], resolve: (graph) => graph.links }),
  }),
});

builder.node(CampaignRef, {
  id: { resolve: (campaign) => campaign.id },
  loadOne: (id, context) => findCampaign(context.app.db, id),
  description: 'Anyone checking a number sees its campaign; members and graph need an ANALYST key.',
  fields: (t) => ({
    name: t.string({
      description:
        'Analysts see the stored name; others see it with every number in it masked (e.g. "Wangiri ring +91 87XXXXXxxx").',
      resolve: (campaign, _args, context) =>
        seesFullNumbers(context.viewer) ? campaign.name : maskNumbersIn(campaign.name),
    }),
    type: t.field({ type: FraudCategoryEnum, resolve: (campaign) => campaign.type }),
    status: t.field({ type: CampaignStatusEnum, resolve: (campaign) => campaign.status }),
    firstSeen: t.expose('firstSeen', { type: 'DateTime' }),
    lastSeen: t.expose('lastSeen', { type: 'DateTime' }),
    affectedUsers: t.exposeInt('affectedUsers', { description: 'Distinct receivers the members called' }),
    regions: t.exposeStringList('regions'),
    nodeCount: t.exposeInt('nodeCount'),
    density: t.exposeFloat('density', {
      description: 'links / possible links among the graph’s nodes (0–1)',
    }),
    velocity: t.exposeFloat('velocity', {
      description: 'calls per minute over the campaign’s last hour of activity',
    }),
    totalCalls: t.exposeInt('totalCalls'),
    riskScore: t.exposeFloat('riskScore', { nullable: true }),
    members: t.field({
      type: [CampaignMemberRef],
      authScopes: { analyst: true },
      complexity: 20,
      resolve: (campaign, _args, context) => campaignMembers(context.app.db, campaign.id),
    }),
    graph: t.field({
      type: CampaignGraphRef,
      authScopes: { analyst: true },
      complexity: 50,
      args: { maxTargets: t.arg.int({ defaultValue: 200 }) },
      resolve: (campaign, args, context) =>
        campaignGraph(context.app.db, campaign.id, Math.min(Math.max(args.maxTargets ?? 200, 0), 2000)),
    }),
  }),
});

builder.queryField('campaigns', (t) =>
  t.connection(
    {
      type: CampaignRef,
      authScopes: { analyst: true },
      complexity: COST.page,
      args: { status: t.arg({ type: CampaignStatusEnum }), type: t.arg({ type: FraudCategoryEnum }) },
      resolve: async (_root, args, context) => {
        const filter = { status: args.status, type: args.type };
        const [connection, totalCount] = await Promise.all([
          resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, (page) =>
            listCampaigns(context.app.db, filter, page),
          ),
          countCampaigns(context.app.db, filter),
        ]);
        return { ...connection, totalCount };
      },
    },
    { name: 'CampaignConnection', fields: (c) => ({ totalCount: c.exposeInt('totalCount') }) },
    { name: 'CampaignEdge' },
  ),
);

builder.queryField('campaign', (t) =>
  t.field({
    type: CampaignRef,
    nullable: true,
    authScopes: { analyst: true },
    complexity: COST.lookup,
    description: 'A campaign by its id (the `id` field of Campaign).',
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (_root, args, context) =>
      args.id.typename === 'Campaign' ? findCampaign(context.app.db, args.id.id) : null,
  }),
);

builder.mutationField('updateCampaignStatus', (t) =>
  t.field({
    type: CampaignRef,
    authScopes: { writer: true },
    args: {
      id: t.arg.globalID({ required: true }),
      status: t.arg({ type: CampaignStatusEnum, required: true }),
    },
    errors: { types: [NotFoundError] },
    resolve: async (_root, args, context) => {
      if (args.id.typename !== 'Campaign') throw new NotFoundError('Campaign', args.id.id);
      const before = await context.app.db.campaign.findUnique({
        where: { id: args.id.id },
        select: { status: true },
      });
      const campaign = await updateCampaignStatus(context.app.db, args.id.id, args.status);
      await recordAudit(context, {
        action: 'campaign.status',
        targetType: 'Campaign',
        targetId: campaign.id,
        before,
        after: { status: campaign.status },
      });
      return campaign;
    },
  }),
);
