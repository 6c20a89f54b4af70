import type { LoaderFunctionArgs } from '@remix-run/node';
import { auditCsvParams, auditFilterFromParams } from '~/lib/audit-filter';
import { requirePermission } from '~/lib/auth/require.server';
import { csvDownloadStamp, forwardCsv } from '~/lib/csv-forward.server';

/** The API's /audit.csv, fetched as the signed-in person and streamed to the browser as a download. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context, 'readAuditLog');
  const { filter } = auditFilterFromParams(new URL(request.url).searchParams);
  return forwardCsv(context, `/audit.csv?${auditCsvParams(filter).toString()}`, {
    filename: `satark-audit-${csvDownloadStamp()}.csv`,
    page: '/dashboard/audit',
  });
}
