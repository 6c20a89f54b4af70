// A stored call (a CallRecord row) in the shape the model's code takes: the one conversion.
import type { CallRecord as ModelCall } from '@satark/ml';
import type { CallRecord } from '../generated/prisma/client';

/** The columns a stored call needs to be replayed through the features. */
export const CALL_ROW_COLUMNS = {
  callId: true,
  caller: true,
  receiver: true,
  durationSec: true,
  startedAt: true,
  originRegion: true,
  targetRegion: true,
} as const;

export type CallRow = Pick<CallRecord, keyof typeof CALL_ROW_COLUMNS>;

export function callFromRow(row: CallRow): ModelCall {
  return {
    callId: row.callId,
    callerId: row.caller,
    receiverId: row.receiver,
    durationSec: row.durationSec,
    timestamp: row.startedAt.getTime(),
    originRegion: row.originRegion ?? 'Unknown',
    targetRegion: row.targetRegion ?? 'Unknown',
  };
}
