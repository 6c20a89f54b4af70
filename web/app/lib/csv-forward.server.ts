// A CSV export of the API (GET <path>.csv), fetched as the signed-in person and streamed to the
// browser as a download.
import type { AppLoadContext } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { apiErrorResponse } from './api.server';
import { loginPath } from './auth/next-path';

const EXPORT_TIMEOUT_MS = 60_000;

/** Now, as a file-name-safe UTC stamp (2026-11-26T17-13-34). */
export function csvDownloadStamp(now = new Date()): string {
  return now.toISOString().slice(0, 19).replaceAll(':', '-');
}

export async function forwardCsv(
  context: AppLoadContext,
  apiPath: string,
  { filename, page }: { filename: string; page: string },
): Promise<Response> {
  let upstream: Response;
  try {
    upstream = await fetch(new URL(apiPath, context.apiOrigin), {
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
  if (upstream.status === 401) throw redirect(loginPath(page, 'expired'));
  if (!upstream.ok) {
    const status = upstream.status === 403 ? 403 : upstream.status === 404 ? 404 : 502;
    throw apiErrorResponse(status, {
      kind: status === 403 ? 'forbidden' : 'api-error',
      message: (await upstream.text()).slice(0, 500) || `The export failed with status ${upstream.status}.`,
    });
  }
  return new Response(upstream.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
