import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { isFraudCategory } from '../call-record';
import type { CallerFeatureRow } from '../features/batch';
import { FEATURE_NAMES, featureRecord } from '../features/definitions';
import { cellError } from './csv-errors';
import { readCsvRecords } from './read-csv';

const COLUMNS = ['caller_id', ...FEATURE_NAMES, 'true_label', 'campaign_id', 'fraud_category'];

export function writeCallerFeaturesCsv(file: string, rows: readonly CallerFeatureRow[]): void {
  const records = rows.map((r) => [
    r.callerId,
    ...Array.from(r.vector),
    r.label ?? '',
    r.campaignId ?? '',
    r.category ?? '',
  ]);
  writeFileSync(file, stringify(records, { header: true, columns: COLUMNS }));
}

export function readCallerFeaturesCsv(file: string): CallerFeatureRow[] {
  const records = readCsvRecords(file, ['caller_id', ...FEATURE_NAMES]);
  return records.map((record, index) => {
    const row = index + 1;
    const vector = new Float64Array(FEATURE_NAMES.length);
    FEATURE_NAMES.forEach((name, c) => {
      const cell = record[name] ?? '';
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) throw cellError(file, row, name, `"${cell}" is not a number`);
      vector[c] = value;
    });
    const result: CallerFeatureRow = {
      callerId: record.caller_id ?? '',
      features: featureRecord(vector),
      vector,
    };
    const label = record.true_label ?? '';
    if (label !== '') {
      if (label !== '0' && label !== '1')
        throw cellError(file, row, 'true_label', `"${label}" is not 0 or 1`);
      result.label = label === '1' ? 1 : 0;
    }
    if (record.campaign_id) result.campaignId = record.campaign_id;
    const category = record.fraud_category ?? '';
    if (category !== '' && isFraudCategory(category)) result.category = category;
    return result;
  });
}
