// GET /audit.csv?actor=&action=&targetType=&targetId=&from=&to= — the audit log as CSV, oldest
// first, for ADMIN and AUDITOR. Streamed in pages.
import { type CsvExport, dateParam } from './csv-export';
import type { Db } from './db';
import type { AuditEntry } from './generated/prisma/client';
import { type AuditFilter, auditWhere } from './services/audit';
import { csvCell } from './services/csv-cell';

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

const PAGE = 1000;

async function* auditCsvChunks(db: Db, filter: AuditFilter): AsyncGenerator<string> {
  yield `${columns.join(',')}\n`;
  let afterSeq = 0;
  for (;;) {
    const page = await db.auditEntry.findMany({
      where: { ...auditWhere(filter), seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: PAGE,
    });
    if (page.length === 0) return;
    yield `${page.map((entry) => columns.map((column) => csvCell(entry[column])).join(',')).join('\n')}\n`;
    afterSeq = page[page.length - 1]?.seq ?? afterSeq;
  }
}

export const auditCsv: CsvExport = {
  path: /^\/audit\.csv$/,
  role: 'AUDITOR',
  subject: 'the audit log',
  async open(db, { query }) {
    const filter: AuditFilter = {
      actor: query.get('actor'),
      action: query.get('action'),
      targetType: query.get('targetType'),
      targetId: query.get('targetId'),
      from: dateParam(query, 'from'),
      to: dateParam(query, 'to'),
    };
    return { filename: 'satark-audit.csv', chunks: auditCsvChunks(db, filter) };
  },
};
