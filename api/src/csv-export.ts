// GET exports as CSV (the audit log, labels, a list), read with the same Authorization header
// as the GraphQL API. One way to sign the caller in, check the role, validate the query and
// stream the file with back-pressure; each export says only what differs (csv-exports.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, hasRole, type Viewer } from './auth';
import type { Db } from './db';
import type { Role } from './generated/prisma/client';
import { NotFoundError } from './services/errors';

export interface CsvFile {
  filename: string;
  chunks: AsyncIterable<string>;
}

export interface CsvExport {
  /** The request path; its groups are handed to `open`. */
  path: RegExp;
  /** The least role that may read it (hasRole decides: AUDITOR reads what ANALYST reads). */
  role: Role;
  /** What it is, for error messages: "the audit log". */
  subject: string;
  /** The file asked for: a RangeError is the caller's mistake (400), a NotFoundError a 404. */
  open(db: Db, request: { params: string[]; query: URLSearchParams }): Promise<CsvFile>;
}

export interface CsvDeps {
  db: Db;
  /** Who the request acts for, from its Authorization header. */
  viewer(): Promise<Viewer>;
}

/** The export whose path this is, with the path's groups. */
export function matchCsvExport(
  exports: readonly CsvExport[],
  path: string,
): { csvExport: CsvExport; params: string[] } | null {
  for (const csvExport of exports) {
    const match = csvExport.path.exec(path);
    if (match) return { csvExport, params: match.slice(1) };
  }
  return null;
}

export async function serveCsvExport(
  req: IncomingMessage,
  res: ServerResponse,
  csvExport: CsvExport,
  params: string[],
  deps: CsvDeps,
): Promise<void> {
  if (req.method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
  let viewer: Viewer;
  try {
    viewer = await deps.viewer();
  } catch (error) {
    if (error instanceof AuthenticationError) return sendError(res, 401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
  if (viewer.role === 'ANONYMOUS')
    return sendError(res, 401, 'UNAUTHENTICATED', `Reading ${csvExport.subject} needs a sign-in or a key`);
  if (!hasRole(viewer, csvExport.role))
    return sendError(res, 403, 'FORBIDDEN', `Role ${viewer.role} may not read ${csvExport.subject}`);
  let file: CsvFile;
  try {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    file = await csvExport.open(deps.db, { params, query });
  } catch (error) {
    if (error instanceof RangeError) return sendError(res, 400, 'BAD_USER_INPUT', error.message);
    if (error instanceof NotFoundError) return sendError(res, 404, 'NOT_FOUND', error.message);
    throw error;
  }
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file.filename}"`,
    'cache-control': 'no-store',
  });
  for await (const chunk of file.chunks) {
    if (!res.write(chunk)) await drainedOrClosed(res);
    // The client went away: stop reading pages for nobody.
    if (res.destroyed) return;
  }
  res.end();
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

/** An optional ISO-8601 date-time query parameter; anything else is a RangeError (400). */
export function dateParam(query: URLSearchParams, name: string): Date | null {
  const value = query.get(name);
  if (value === null || value === '') return null;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new RangeError(`${name} must be an ISO-8601 date-time such as 2026-11-23T10:00:00Z`);
  }
  return date;
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { code, message } }));
}
