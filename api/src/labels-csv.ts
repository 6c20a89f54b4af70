// GET /labels.csv?source=&from=&to= — the desk's labels as the label-first CSV the ml CLI reads
// (`npm run ml -- evaluate --csv labels.csv`), for ANALYST and above. One row per number: its
// latest FRAUD (1) or NOT_FRAUD (0) label.
import { type CsvExport, dateParam } from './csv-export';
import type { LabelSource } from './generated/prisma/client';
import { labelFirstCsvLines } from './services/labels';

const SOURCES: readonly LabelSource[] = ['CASE', 'REPORT', 'LIST'];

export const labelsCsv: CsvExport = {
  path: /^\/labels\.csv$/,
  role: 'ANALYST',
  subject: 'labels',
  async open(db, { query }) {
    const source = query.get('source');
    if (source && !SOURCES.includes(source as LabelSource)) {
      throw new RangeError(`source must be one of ${SOURCES.join(', ')}`);
    }
    const filter = {
      source: (source as LabelSource | null) || null,
      from: dateParam(query, 'from'),
      to: dateParam(query, 'to'),
    };
    return { filename: 'satark-labels.csv', chunks: labelFirstCsvLines(db, filter) };
  },
};
