import { builder } from '../builder';
import type { Campaign } from '../generated/prisma/client';
import { COST } from '../guard/field-costs';
import { audited } from '../services/audit';
import {
  type CampaignGraph,
  type CampaignMemberView,
  campaignGraph,
  campaignMembersOf,
  countCampaigns,
  listCampaigns,
  updateCampaignStatus,
} from '../services/campaigns';
import { NotFoundError } from '../services/errors';
import { maskNumbersIn, seesFullNumbers } from '../services/masking';
import { CampaignStatusEnum, FraudCategoryEnum } from './common';
import { batchOnly, byKey } from './loaders';
import {
  clampCount,
  countArg,
  countedConnection,
  countedConnectionType,
  pagedDescription,
  pageSize,
} from './pages';

/** Fields returning a Campaign may return its id: the ids of one tick are read in one statement. */
export const CampaignRef = builder.loadableNodeRef('Campaign', {
  id: { resolve: (campaign: Campaign) => campaign.id },
  load: async (ids: string[], context) =>
    byKey(ids, await context.app.db.campaign.findMany({ where: { id: { in: ids } } }), (row) => row.id),
  loaderOptions: batchOnly,
});

const CAMPAIGNS_PAGE = pageSize(20, 100);
const GRAPH_TARGETS = pageSize(200, 2000);

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

CampaignRef.implement({
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
    members: t.loadableList({
      type: CampaignMemberRef,
      authScopes: { analyst: true },
      complexity: 20,
      load: (ids: string[], context) => campaignMembersOf(context.app.db, ids),
      loaderOptions: batchOnly,
      resolve: (campaign) => campaign.id,
    }),
    graph: t.field({
      type: CampaignGraphRef,
      authScopes: { analyst: true },
      complexity: 50,
      args: { maxTargets: t.arg.int(countArg(GRAPH_TARGETS, 'Receivers shown')) },
      resolve: (campaign, args, context) =>
        campaignGraph(context.app.db, campaign.id, clampCount(args.maxTargets, GRAPH_TARGETS)),
    }),
  }),
});

builder.queryField('campaigns', (t) =>
  t.connection(
    {
      type: CampaignRef,
      authScopes: { analyst: true },
      complexity: COST.page,
      description: pagedDescription('Campaigns, most recently active first.', CAMPAIGNS_PAGE),
      args: { status: t.arg({ type: CampaignStatusEnum }), type: t.arg({ type: FraudCategoryEnum }) },
      resolve: (_root, args, context) => {
        const filter = { status: args.status, type: args.type };
        return countedConnection(
          args,
          CAMPAIGNS_PAGE,
          (page) => listCampaigns(context.app.db, filter, page),
          () => countCampaigns(context.app.db, filter),
        );
      },
    },
    countedConnectionType('CampaignConnection'),
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
    resolve: (_root, args) => (args.id.typename === 'Campaign' ? args.id.id : null),
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
      const id = args.id.id;
      const { campaign } = await audited(
        context,
        async (tx) => {
          const before = await tx.campaign.findUnique({ where: { id }, select: { status: true } });
          return { before, campaign: await updateCampaignStatus(tx, id, args.status) };
        },
        ({ before, campaign }) => ({
          action: 'campaign.status',
          targetType: 'Campaign',
          targetId: campaign.id,
          before,
          after: { status: campaign.status },
        }),
      );
      return campaign;
    },
  }),
);
