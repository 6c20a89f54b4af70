import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { apiErrorResponse } from '~/lib/api.server';
import { auditCsvParams, auditFilterFromParams } from '~/lib/audit-filter';
import { loginPath } from '~/lib/auth/next-path';
import { requirePermission } from '~/lib/auth/require.server';

const EXPORT_TIMEOUT_MS = 60_000;

/** The API's /audit.csv, fetched as the signed-in person and streamed to the browser as a download. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context, 'readAuditLog');
  const { filter } = auditFilterFromParams(new URL(request.url).searchParams);
  const url = new URL('/audit.csv', context.apiOrigin);
  url.search = auditCsvParams(filter).toString();
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      headers: {
        authorization: `Bearer ${context.sessionToken}`,
        ...(context.clientAddress ? { 'x-forwarded-for': context.clientAddress } : {}),
      },
      signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS),
    });
  } catch {
    throw apiErrorResponse(503, {
      kind: 'api-unavailable',
      message: 'The Satark API is not reachable right now.',
    });
  }
  if (upstream.status === 401) throw redirect(loginPath('/dashboard/audit', 'expired'));
  if (!upstream.ok) {
    throw apiErrorResponse(upstream.status === 403 ? 403 : 502, {
      kind: upstream.status === 403 ? 'forbidden' : 'api-error',
      message: (await upstream.text()).slice(0, 500) || `The export failed with status ${upstream.status}.`,
    });
  }
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  return new Response(upstream.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="satark-audit-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
