// GET /lists/<id>.csv — a list's entries as CSV (the import's columns, so it imports again), for
// ANALYST and above (same Authorization header as the GraphQL API). Streamed in pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, hasRole, viewerFromAuthorization } from './auth';
import type { Db } from './db';
import { listCsvChunks } from './services/list-csv';
import type { SessionPolicy } from './services/sessions';

export const LIST_CSV_PATH = /^\/lists\/([\w-]{1,64})\.csv$/;

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { code, message } }));
}

export async function serveListCsv(
  req: IncomingMessage,
  res: ServerResponse,
  listId: string,
  db: Db,
  sessions: SessionPolicy,
  client: string,
): Promise<void> {
  if (req.method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
  let viewer: Awaited<ReturnType<typeof viewerFromAuthorization>>;
  try {
    viewer = await viewerFromAuthorization(db, req.headers.authorization, client, { sessions });
  } catch (error) {
    if (error instanceof AuthenticationError) return sendError(res, 401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
  if (viewer.role === 'ANONYMOUS')
    return sendError(res, 401, 'UNAUTHENTICATED', 'Lists need a sign-in or a key');
  if (!hasRole(viewer, 'ANALYST'))
    return sendError(res, 403, 'FORBIDDEN', `Lists are not for role ${viewer.role}`);
  const list = await db.numberList.findUnique({ where: { id: listId } });
  if (!list) return sendError(res, 404, 'NOT_FOUND', `List ${listId} was not found`);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="satark-list-${list.id}.csv"`,
    'cache-control': 'no-store',
  });
  for await (const chunk of listCsvChunks(db, list.id)) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}
