import type { LoaderFunctionArgs } from '@remix-run/node';
import { csvDownloadStamp, forwardCsv } from '~/lib/csv-forward.server';

/** The API's /lists/<id>.csv (the import's columns), as the signed-in person, as a download. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = params.id ?? '';
  if (!/^[\w-]{1,64}$/.test(id)) throw new Response('There is no such list.', { status: 404 });
  return forwardCsv(context, `/lists/${id}.csv`, {
    filename: `satark-list-${id.slice(0, 8)}-${csvDownloadStamp()}.csv`,
    page: `/dashboard/lists/${id}`,
  });
}
