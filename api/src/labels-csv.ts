// GET /labels.csv?source=&from=&to= — the desk's labels as the label-first CSV the ml CLI reads
// (`npm run ml -- evaluate --csv labels.csv`), for ANALYST and above (same Authorization header
// as the GraphQL API). One row per number: its latest FRAUD (1) or NOT_FRAUD (0) label.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, hasRole, viewerFromAuthorization } from './auth';
import type { Db } from './db';
import type { LabelSource } from './generated/prisma/client';
import { type LabelFilter, labelFirstCsvLines } from './services/labels';
import type { SessionPolicy } from './services/sessions';

const SOURCES: readonly LabelSource[] = ['CASE', 'REPORT', 'LIST'];

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { code, message } }));
}

function parseDate(value: string | null, name: string): Date | null {
  if (value === null || value === '') return null;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new RangeError(`${name} must be an ISO-8601 date-time such as 2026-11-23T10:00:00Z`);
  }
  return date;
}

function parseFilter(params: URLSearchParams): LabelFilter {
  const source = params.get('source');
  if (source && !SOURCES.includes(source as LabelSource)) {
    throw new RangeError(`source must be one of ${SOURCES.join(', ')}`);
  }
  return {
    source: (source as LabelSource | null) || null,
    from: parseDate(params.get('from'), 'from'),
    to: parseDate(params.get('to'), 'to'),
  };
}

export async function serveLabelsCsv(
  req: IncomingMessage,
  res: ServerResponse,
  db: Db,
  sessions: SessionPolicy,
  client: string,
) {
  if (req.method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
  let viewer: Awaited<ReturnType<typeof viewerFromAuthorization>>;
  try {
    viewer = await viewerFromAuthorization(db, req.headers.authorization, client, { sessions });
  } catch (error) {
    if (error instanceof AuthenticationError) return sendError(res, 401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
  if (viewer.role === 'ANONYMOUS')
    return sendError(res, 401, 'UNAUTHENTICATED', 'Labels need a sign-in or a key');
  // AUDITOR ranks with ANALYST: it reads what an analyst reads.
  if (!hasRole(viewer, 'ANALYST'))
    return sendError(res, 403, 'FORBIDDEN', `Labels are not for role ${viewer.role}`);
  let filter: LabelFilter;
  try {
    filter = parseFilter(new URL(req.url ?? '/', 'http://localhost').searchParams);
  } catch (error) {
    return sendError(res, 400, 'BAD_USER_INPUT', (error as Error).message);
  }
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="satark-labels.csv"',
    'cache-control': 'no-store',
  });
  for await (const line of labelFirstCsvLines(db, filter)) {
    if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}
