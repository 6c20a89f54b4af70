import type { LoaderFunctionArgs } from '@remix-run/node';
import { campaignCsv, exportFileName } from '~/lib/campaign-export.server';
import { loadCampaign } from '~/lib/load-campaign.server';

export async function loader({ params, context }: LoaderFunctionArgs) {
  const campaign = await loadCampaign(context.api, params.id);
  return new Response(campaignCsv(campaign), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(campaign, 'csv')}"`,
      'cache-control': 'no-store',
    },
  });
}
