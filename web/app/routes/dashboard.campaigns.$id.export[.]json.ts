import type { LoaderFunctionArgs } from '@remix-run/node';
import { campaignJson, exportFileName } from '~/lib/campaign-export.server';
import { loadCampaign } from '~/lib/load-campaign.server';

export async function loader({ params, context }: LoaderFunctionArgs) {
  const campaign = await loadCampaign(context.api, params.id);
  return new Response(campaignJson(campaign, new Date()), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(campaign, 'json')}"`,
      'cache-control': 'no-store',
    },
  });
}
