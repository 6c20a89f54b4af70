import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { CampaignFacts } from '~/components/campaigns/campaign-facts';
import { CampaignGraph } from '~/components/campaigns/campaign-graph';
import { CampaignLiveView } from '~/components/campaigns/campaign-live-view';
import { CampaignMembers } from '~/components/campaigns/campaign-members';
import { CampaignStatusBadge } from '~/components/campaigns/campaign-status-badge';
import { CampaignStatusForm } from '~/components/campaigns/campaign-status-form';
import { OpenCaseForm } from '~/components/cases/open-case-form';
import { readCheckedForm } from '~/lib/auth/csrf.server';
import { requirePermission } from '~/lib/auth/require.server';
import { useCan } from '~/lib/auth/use-account';
import { formatEnumLabel } from '~/lib/format';
import { GRAPH_MAX_TARGETS, updateCampaignStatusMutation } from '~/lib/graphql/campaigns';
import { campaignStatuses } from '~/lib/graphql/enums';
import { loadCampaign } from '~/lib/load-campaign.server';
import { oneOf } from '~/lib/search-params';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.campaign.name} — Satark` : 'Campaign — Satark' },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return { campaign: await loadCampaign(context.api, params.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readCheckedForm(request);
  await requirePermission(context, 'changeCampaignStatus');
  const status = oneOf(String(form.get('status') ?? ''), campaignStatuses);
  if (form.get('intent') !== 'status' || !status || !params.id) {
    return { error: 'Choose a status: active, contained or closed.' };
  }
  const { updateCampaignStatus } = await context.api.mutation(updateCampaignStatusMutation, {
    id: params.id,
    status,
  });
  if (updateCampaignStatus.__typename !== 'MutationUpdateCampaignStatusSuccess') {
    return { error: updateCampaignStatus.message };
  }
  return { error: undefined };
}

export default function CampaignPage() {
  const { campaign } = useLoaderData<typeof loader>();
  const mayChangeStatus = useCan('changeCampaignStatus');
  const exportBase = `/dashboard/campaigns/${encodeURIComponent(campaign.id)}/export`;
  return (
    <div className="stack">
      <p>
        <Link to="/dashboard/campaigns">← All campaigns</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>{campaign.name}</h1>
          <p>
            {formatEnumLabel(campaign.type)} campaign · <CampaignStatusBadge status={campaign.status} />
          </p>
        </div>
        <CampaignLiveView memberNumbers={campaign.members.map((member) => member.number)} />
      </header>

      <section className="panel" aria-label="Key figures">
        <CampaignFacts campaign={campaign} />
      </section>

      <div className="grid grid--main">
        <section className="panel" aria-labelledby="graph-heading">
          <div className="panel__header">
            <h2 id="graph-heading">Call graph</h2>
            <p className="panel__note">
              {campaign.graph.nodes.length} nodes, {campaign.graph.links.length} links (at most{' '}
              {GRAPH_MAX_TARGETS} people called)
            </p>
          </div>
          <CampaignGraph graph={campaign.graph} />
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="actions-heading">
            <h2 id="actions-heading">Actions</h2>
            {mayChangeStatus ? <CampaignStatusForm status={campaign.status} /> : null}
            <OpenCaseForm
              from={{ campaignId: campaign.id }}
              title={`Campaign: ${campaign.name}`}
              priority="HIGH"
              idPrefix="campaign"
            />
            <h3 className="stat-tile__label" style={{ marginTop: '1rem' }}>
              Export
            </h3>
            <div className="button-row">
              <a className="button button--secondary" href={`${exportBase}.csv`} download>
                Download CSV
              </a>
              <a className="button button--secondary" href={`${exportBase}.json`} download>
                Download JSON
              </a>
            </div>
          </section>
          <section className="panel" aria-labelledby="members-heading">
            <h2 id="members-heading">Numbers</h2>
            <CampaignMembers members={campaign.members} />
          </section>
        </div>
      </div>
    </div>
  );
}
