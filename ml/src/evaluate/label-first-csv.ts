import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** A label-first data set: first column anomaly/nominal (or 1/0), the rest numeric. */
export interface LabelledDataset {
  name: string;
  featureNames: string[];
  data: Float64Array;
  rows: number;
  columns: number;
  labels: Uint8Array;
  /** Empty cells filled with their column's median. */
  imputedCells: number;
}

const ANOMALY_LABELS = new Set(['anomaly', '1', 'outlier', 'true']);
const NOMINAL_LABELS = new Set(['nominal', '0', 'normal', 'inlier', 'false']);

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export function readLabelFirstCsv(file: string, name = datasetName(file)): LabelledDataset {
  if (!existsSync(file)) throw new DatasetError(`file not found: ${file}`);
  let records: string[][];
  try {
    records = parse(readFileSync(file, 'utf8'), {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    });
  } catch (error) {
    throw new DatasetError(`${file} is not valid CSV: ${(error as Error).message}`);
  }
  const header = records[0];
  if (header === undefined || header.length < 2) {
    throw new DatasetError(`${file} needs a header with a label column and at least one feature column`);
  }
  const featureNames = header.slice(1);
  const columns = featureNames.length;
  const rows = records.length - 1;
  if (rows < 1) throw new DatasetError(`${file} has a header but no rows`);
  const data = new Float64Array(rows * columns);
  const labels = new Uint8Array(rows);
  const missing: number[] = [];
  for (let r = 0; r < rows; r++) {
    const record = records[r + 1];
    const line = r + 2;
    const label = record[0].toLowerCase();
    if (ANOMALY_LABELS.has(label)) labels[r] = 1;
    else if (!NOMINAL_LABELS.has(label)) {
      throw new DatasetError(
        `${file} row ${r + 1} (line ${line}), column "${header[0]}": label "${record[0]}" is not anomaly/nominal or 1/0`,
      );
    }
    for (let c = 0; c < columns; c++) {
      const cell = record[c + 1];
      if (cell === '') {
        missing.push(r * columns + c);
        data[r * columns + c] = Number.NaN;
        continue;
      }
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new DatasetError(
          `${file} row ${r + 1} (line ${line}), column "${featureNames[c]}": "${cell}" is not a number`,
        );
      }
      data[r * columns + c] = value;
    }
  }
  imputeColumnMedians(data, columns, missing, featureNames, file);
  return { name, featureNames, data, rows, columns, labels, imputedCells: missing.length };
}

function imputeColumnMedians(
  data: Float64Array,
  columns: number,
  missing: number[],
  featureNames: string[],
  file: string,
): void {
  if (missing.length === 0) return;
  const medians = new Map<number, number>();
  for (const index of missing) {
    const column = index % columns;
    let median = medians.get(column);
    if (median === undefined) {
      const present: number[] = [];
      for (let i = column; i < data.length; i += columns) if (!Number.isNaN(data[i])) present.push(i);
      if (present.length === 0)
        throw new DatasetError(`${file} column "${featureNames[column]}" has no values`);
      const values = Float64Array.from(present, (i) => data[i]).sort();
      const mid = values.length >> 1;
      median = values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
      medians.set(column, median);
    }
    data[index] = median;
  }
}

export function datasetName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.csv$/i, '');
}
