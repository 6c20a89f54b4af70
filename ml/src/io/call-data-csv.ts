import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { type CallRecord, isFraudCategory } from '../call-record';
import { cellError } from './csv-errors';
import { readCsvRecords } from './read-csv';

/** PRODUCT.md's CDR columns, then the record id and the generator's campaign ground truth. */
export const CALL_DATA_COLUMNS = [
  'caller_id',
  'receiver_id',
  'call_duration',
  'timestamp',
  'origin_region',
  'target_region',
  'true_label',
  'call_id',
  'campaign_id',
  'fraud_category',
] as const;

const REQUIRED = CALL_DATA_COLUMNS.slice(0, 6);

export function writeCallDataCsv(file: string, calls: readonly CallRecord[]): void {
  const rows = calls.map((c) => [
    c.callerId,
    c.receiverId,
    c.durationSec,
    new Date(c.timestamp).toISOString(),
    c.originRegion,
    c.targetRegion,
    c.trueLabel ?? '',
    c.callId,
    c.campaignId ?? '',
    c.category ?? '',
  ]);
  writeFileSync(file, stringify(rows, { header: true, columns: [...CALL_DATA_COLUMNS] }));
}

/** Reads call_data.csv; timestamps may be ISO 8601 or epoch milliseconds. */
export function readCallDataCsv(file: string): CallRecord[] {
  const records = readCsvRecords(file, REQUIRED);
  return records.map((record, index) => {
    const row = index + 1;
    const text = (column: string) => {
      const value = record[column] ?? '';
      if (value === '') throw cellError(file, row, column, 'is empty');
      return value;
    };
    const duration = Number(text('call_duration'));
    if (!Number.isFinite(duration) || duration < 0) {
      throw cellError(file, row, 'call_duration', `"${record.call_duration}" is not a duration in seconds`);
    }
    const rawTime = text('timestamp');
    const timestamp = /^\d+$/.test(rawTime) ? Number(rawTime) : Date.parse(rawTime);
    if (!Number.isFinite(timestamp)) throw cellError(file, row, 'timestamp', `"${rawTime}" is not a time`);
    const call: CallRecord = {
      callId: record.call_id || `row-${row}`,
      callerId: text('caller_id'),
      receiverId: text('receiver_id'),
      durationSec: duration,
      timestamp,
      originRegion: text('origin_region'),
      targetRegion: text('target_region'),
    };
    const label = record.true_label ?? '';
    if (label !== '') {
      if (label !== '0' && label !== '1')
        throw cellError(file, row, 'true_label', `"${label}" is not 0 or 1`);
      call.trueLabel = label === '1' ? 1 : 0;
    }
    if (record.campaign_id) call.campaignId = record.campaign_id;
    const category = record.fraud_category ?? '';
    if (category !== '') {
      if (!isFraudCategory(category))
        throw cellError(file, row, 'fraud_category', `"${category}" is not a fraud category`);
      call.category = category;
    }
    return call;
  });
}
