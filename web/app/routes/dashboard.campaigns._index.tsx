import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { CampaignTable } from '~/components/campaigns/campaign-table';
import { EmptyState } from '~/components/feedback/empty-state';
import { FilterForm } from '~/components/filters/filter-form';
import { useRevalidateEvery } from '~/components/live/use-revalidate-every';
import { formatCount } from '~/lib/format';
import { CAMPAIGNS_PAGE_SIZE, campaignsQuery } from '~/lib/graphql/campaigns';
import { campaignStatuses, fraudCategories } from '~/lib/graphql/enums';
import { oneOf } from '~/lib/search-params';

export const meta: MetaFunction = () => [{ title: 'Campaigns — Satark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const status = oneOf(params.get('status'), campaignStatuses);
  const type = oneOf(params.get('type'), fraudCategories);
  const after = params.get('after') || null;
  const { campaigns } = await context.api.query(campaignsQuery, {
    status,
    type,
    after,
    first: CAMPAIGNS_PAGE_SIZE,
  });
  return { campaigns, status, type, paged: after !== null };
}

export default function Campaigns() {
  const { campaigns, status, type, paged } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  useRevalidateEvery(20_000);
  const nextPage = new URLSearchParams(searchParams);
  if (campaigns.pageInfo.endCursor) nextPage.set('after', campaigns.pageInfo.endCursor);
  const firstPage = new URLSearchParams(searchParams);
  firstPage.delete('after');

  return (
    <div className="stack">
      <header className="page-header">
        <div>
          <h1>Campaigns</h1>
          <p>Groups of numbers run by one operation, found from who calls whom and how.</p>
        </div>
      </header>
      <section className="panel">
        <FilterForm
          idPrefix="campaign"
          label="Filter campaigns"
          fields={[
            {
              kind: 'select',
              name: 'status',
              label: 'Status',
              value: status,
              any: 'Any status',
              choices: campaignStatuses,
            },
            {
              kind: 'select',
              name: 'type',
              label: 'Fraud type',
              value: type,
              any: 'Any type',
              choices: fraudCategories,
            },
          ]}
        />
      </section>
      <section className="panel" aria-label="Campaign list">
        <div className="panel__header">
          <h2>
            {formatCount(campaigns.totalCount)} {campaigns.totalCount === 1 ? 'campaign' : 'campaigns'}
          </h2>
        </div>
        {campaigns.edges.length === 0 ? (
          <EmptyState
            title={status || type ? 'No campaign matches these filters' : 'No campaigns detected yet'}
          >
            <p>
              {status || type
                ? 'Try another status or fraud type.'
                : 'Campaigns appear when flagged numbers are found working together.'}
            </p>
          </EmptyState>
        ) : (
          <CampaignTable campaigns={campaigns.edges.map((edge) => edge.node)} />
        )}
        <nav className="pagination" aria-label="Pages">
          {paged ? <Link to={`?${firstPage}`}>First page</Link> : <span />}
          {campaigns.pageInfo.hasNextPage ? <Link to={`?${nextPage}`}>Next page</Link> : null}
        </nav>
      </section>
    </div>
  );
}
