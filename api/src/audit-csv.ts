// GET /audit.csv?actor=&action=&targetType=&targetId=&from=&to= — the audit log as CSV, oldest
// first, for ADMIN and AUDITOR (same Authorization header as the GraphQL API). Streamed in pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, hasRole, viewerFromAuthorization } from './auth';
import type { Db } from './db';
import type { AuditEntry } from './generated/prisma/client';
import { type AuditFilter, auditWhere } from './services/audit';
import type { SessionPolicy } from './services/sessions';

const columns = [
  'seq',
  'at',
  'actor',
  'actorRole',
  'accountId',
  'keyId',
  'client',
  'action',
  'targetType',
  'targetId',
  'before',
  'after',
  'requestId',
  'hash',
  'prevHash',
] as const satisfies readonly (keyof AuditEntry)[];

/** One CSV cell: quoted, and a leading = + - @ neutralised so spreadsheets do not run it as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

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

export async function serveAuditCsv(
  req: IncomingMessage,
  res: ServerResponse,
  db: Db,
  sessions: SessionPolicy,
  client: string,
) {
  if (req.method !== 'GET') {
    sendError(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
    return;
  }
  let viewer: Awaited<ReturnType<typeof viewerFromAuthorization>>;
  try {
    viewer = await viewerFromAuthorization(db, req.headers.authorization, client, { sessions });
  } catch (error) {
    if (error instanceof AuthenticationError) return sendError(res, 401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
  if (viewer.role === 'ANONYMOUS')
    return sendError(res, 401, 'UNAUTHENTICATED', 'The audit log needs a sign-in or a key');
  if (!hasRole(viewer, 'AUDITOR'))
    return sendError(res, 403, 'FORBIDDEN', `The audit log is not for role ${viewer.role}`);
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  let filter: AuditFilter;
  try {
    filter = {
      actor: params.get('actor'),
      action: params.get('action'),
      targetType: params.get('targetType'),
      targetId: params.get('targetId'),
      from: parseDate(params.get('from'), 'from'),
      to: parseDate(params.get('to'), 'to'),
    };
  } catch (error) {
    return sendError(res, 400, 'BAD_USER_INPUT', (error as Error).message);
  }
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="satark-audit.csv"',
    'cache-control': 'no-store',
  });
  res.write(`${columns.join(',')}\n`);
  let afterSeq = 0;
  for (;;) {
    const page = await db.auditEntry.findMany({
      where: { ...auditWhere(filter), seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: 1000,
    });
    if (page.length === 0) break;
    const chunk = page.map((entry) => columns.map((column) => csvCell(entry[column])).join(',')).join('\n');
    if (!res.write(`${chunk}\n`)) await new Promise((resolve) => res.once('drain', resolve));
    afterSeq = page[page.length - 1]?.seq ?? afterSeq;
  }
  res.end();
}
