// Step 1 of the pipeline: every record is hostile until checked. A bad record is rejected on
// its own, with a reason; it never fails its batch.
import { z } from 'zod';
import { InvalidNumberError, toE164 } from '../services/phone-numbers';
import type { ValidCall } from '../services/scoring';

/**
 * A call record as GraphQL and the simulator hand it over. The pipeline takes anything (a
 * stream's JSON may hold any type) and checks every field; `startedAt` may also be an ISO 8601
 * string with a time zone, or epoch milliseconds.
 */
export interface CallRecordInput {
  callId: string;
  caller: string;
  receiver: string;
  startedAt: Date;
  durationSec: number;
  originRegion?: string | null;
  targetRegion?: string | null;
}

export interface CallRejection {
  index: number;
  callId: string | null;
  reason: string;
}

/** A valid call and its place in the batch it came in. */
export interface IndexedCall extends ValidCall {
  index: number;
}

const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const OLDEST_ACCEPTED_MS = 366 * 24 * 3600_000;
/** How much of a bad value a rejection repeats back. */
const ECHO_CHARACTERS = 40;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** PostgreSQL refuses NUL in text, and a lone surrogate is not a character at all. */
function storable(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, `${field} is longer than ${max} characters`)
    .refine(storable, `${field} holds a character that cannot be stored (NUL or a lone surrogate)`);

const region = (field: string) =>
  text(field, 64)
    .transform((value) => value.trim())
    .nullish();

// A time stamp without a zone would be read in the server's zone: refuse it instead.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Whether the date and time as written exist: JavaScript reads "2026-02-30" as 2 March, which
 * would store a call on a day nobody sent.
 */
function onTheCalendar(iso: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/i.exec(iso);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts
    .slice(1)
    .map((part) => Number(part ?? 0)) as number[] as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59
  );
}

/** Epoch milliseconds, or why the value is not a time. */
function timeOf(value: unknown): number | string {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value : 'startedAt in epoch milliseconds must be a whole number';
  }
  if (typeof value === 'string') {
    if (value.length > 40 || !ISO_WITH_ZONE.test(value)) {
      return 'startedAt must be ISO 8601 with a time zone (Z or ±hh:mm)';
    }
    if (!onTheCalendar(value)) return `startedAt ${value.slice(0, 19)} is not a date and time that exists`;
    return new Date(value).getTime();
  }
  return 'startedAt must be a time: ISO 8601 with a time zone, or epoch milliseconds';
}

const recordSchema = z.object({
  callId: text('callId', 128)
    .min(1, 'callId is empty')
    .regex(/^[\w.:-]+$/, 'callId may hold only letters, digits and . : _ -'),
  caller: text('caller', 40),
  receiver: text('receiver', 40),
  startedAt: z.unknown(),
  durationSec: z
    .number({ error: 'durationSec must be a number' })
    .min(0, 'durationSec is negative')
    .max(86_400, 'durationSec is over a day'),
  originRegion: region('originRegion'),
  targetRegion: region('targetRegion'),
});

/** A bad value as a rejection may quote it: short, and only printable. */
export function echo(value: unknown): string {
  const shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const printable = [...shown.slice(0, ECHO_CHARACTERS * 2)]
    .map((ch) => (/[\p{Cc}\p{Cs}]/u.test(ch) ? '\uFFFD' : ch))
    .join('');
  return printable.length > ECHO_CHARACTERS ? `${printable.slice(0, ECHO_CHARACTERS)}…` : printable;
}

function validateCall(input: unknown, now: number): ValidCall | string {
  if (typeof input !== 'object' || input === null) return 'a call record must be an object';
  const checked = recordSchema.safeParse(input);
  if (!checked.success) return checked.error.issues.map((issue) => issue.message).join('; ');
  const record = checked.data;
  const time = timeOf(record.startedAt);
  if (typeof time === 'string') return time;
  if (Number.isNaN(time)) return 'startedAt is not a valid time';
  if (time > now + MAX_CLOCK_SKEW_MS) return 'startedAt is in the future';
  if (time < now - OLDEST_ACCEPTED_MS) return 'startedAt is more than a year ago';
  let callerId: string;
  let receiverId: string;
  try {
    callerId = toE164(record.caller);
    receiverId = toE164(record.receiver);
  } catch (error) {
    if (error instanceof InvalidNumberError) return error.message;
    throw error;
  }
  return {
    callId: record.callId,
    callerId,
    receiverId,
    durationSec: record.durationSec,
    timestamp: time,
    originRegion: record.originRegion || 'Unknown',
    targetRegion: record.targetRegion || 'Unknown',
  };
}

/** Splits a batch into valid calls (keeping their places) and per-record rejections. */
export function validateCalls(
  inputs: readonly unknown[],
  now = Date.now(),
): { valid: IndexedCall[]; rejections: CallRejection[] } {
  const valid: IndexedCall[] = [];
  const rejections: CallRejection[] = [];
  inputs.forEach((input, index) => {
    const result = validateCall(input, now);
    if (typeof result === 'string') {
      const callId = (input as { callId?: unknown } | null)?.callId;
      const quoted =
        typeof callId === 'string' && callId.length <= 128 && storable(callId) ? callId : echo(callId);
      rejections.push({ index, callId: callId == null ? null : quoted, reason: result });
    } else {
      valid.push({ ...result, index });
    }
  });
  return { valid, rejections };
}
