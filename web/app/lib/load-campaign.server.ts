import type { ApiClient } from './api.server';
import type { CampaignDetail } from './graphql/campaigns';
import { campaignQuery, GRAPH_MAX_TARGETS } from './graphql/campaigns';

/** The campaign, or a 404 response the route's error boundary shows. */
export async function loadCampaign(api: ApiClient, id: string | undefined): Promise<CampaignDetail> {
  const { campaign } = id
    ? await api.query(campaignQuery, { id, maxTargets: GRAPH_MAX_TARGETS })
    : { campaign: null };
  if (!campaign) {
    throw new Response(
      JSON.stringify({ message: 'There is no campaign with this id. It may have been merged.' }),
      {
        status: 404,
        headers: { 'content-type': 'application/json' },
      },
    );
  }
  return campaign;
}
