import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputFileError } from './csv-errors';

/** Header-keyed records of a CSV file; clear errors for a missing file, bad CSV or missing columns. */
export function readCsvRecords(file: string, requiredColumns: readonly string[]): Record<string, string>[] {
  if (!existsSync(file)) throw new InputFileError(`file not found: ${file}`);
  let records: Record<string, string>[];
  try {
    records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new InputFileError(`${file} is not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new InputFileError(`${file} has no data rows`);
  const header = Object.keys(records[0]);
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputFileError(
      `${file} is missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    );
  }
  return records;
}
