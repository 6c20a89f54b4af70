// GET /lists/<id>.csv — a list's entries as CSV (the import's columns, so it imports again), for
// ANALYST and above. Streamed in pages.
import type { CsvExport } from './csv-export';
import { NotFoundError } from './services/errors';
import { listCsvChunks } from './services/list-csv';

export const listCsv: CsvExport = {
  path: /^\/lists\/([\w-]{1,64})\.csv$/,
  role: 'ANALYST',
  subject: 'lists',
  async open(db, { params: [listId = ''] }) {
    const list = await db.numberList.findUnique({ where: { id: listId } });
    if (!list) throw new NotFoundError('List', listId);
    return { filename: `satark-list-${list.id}.csv`, chunks: listCsvChunks(db, list.id) };
  },
};
