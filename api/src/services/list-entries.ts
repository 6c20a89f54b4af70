// What a list entry covers, and whether two entries overlap. Numbers are E.164 strings; numbers
// of one length compare as strings exactly as they compare as numbers, so a range or a prefix is
// an interval of strings of one length (a prefix: one interval per length it can reach).
import { echo } from './echo';
import { InvalidNumberError, toE164 } from './phone-numbers';

export type ListMatchKind = 'NUMBER' | 'PREFIX' | 'RANGE';

/** An entry as the matcher and the overlap check see it. */
export interface EntrySpan {
  match: ListMatchKind;
  /** NUMBER: the number; PREFIX: the prefix; RANGE: the first number. */
  value: string;
  /** RANGE: the last number (same length as value); otherwise null. */
  rangeTo: string | null;
}

/** E.164 numbers have at most 15 digits after the +. */
export const E164_MAX_LENGTH = 16;
/** The shortest E.164 number we accept in a range (+ and 7 digits). */
const RANGE_MIN_LENGTH = 8;
const PREFIX = /^\+[1-9]\d{0,13}$/;
const PLAIN_E164 = /^\+[1-9]\d{6,14}$/;

export class InvalidEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEntryError';
  }
}

/** The entry a row or an input names: exactly one of number, prefix, or from and to. */
export function parseSpan(input: {
  number?: string | null;
  prefix?: string | null;
  from?: string | null;
  to?: string | null;
}): EntrySpan {
  const number = input.number?.trim() || null;
  const prefix = input.prefix?.trim() || null;
  const from = input.from?.trim() || null;
  const to = input.to?.trim() || null;
  const given = [number, prefix, from ?? to].filter((v) => v !== null).length;
  if (given !== 1) throw new InvalidEntryError('give exactly one of number, prefix, or from and to');
  if (number !== null) {
    try {
      return { match: 'NUMBER', value: toE164(number), rangeTo: null };
    } catch (error) {
      if (error instanceof InvalidNumberError) throw new InvalidEntryError(error.message);
      throw error;
    }
  }
  if (prefix !== null) {
    if (!PREFIX.test(prefix)) {
      throw new InvalidEntryError(
        `prefix "${echo(prefix, 20)}" is not an E.164 prefix (+ and 1 to 14 digits, such as +91140)`,
      );
    }
    return { match: 'PREFIX', value: prefix, rangeTo: null };
  }
  if (from === null || to === null) throw new InvalidEntryError('a range needs both from and to');
  for (const end of [from, to]) {
    if (!PLAIN_E164.test(end) || end.length < RANGE_MIN_LENGTH) {
      throw new InvalidEntryError(
        `range end "${echo(end, 20)}" is not an E.164 number such as +919800000000`,
      );
    }
  }
  if (from.length !== to.length)
    throw new InvalidEntryError('from and to must have the same number of digits');
  if (from > to) throw new InvalidEntryError('from comes after to');
  return { match: 'RANGE', value: from, rangeTo: to };
}

/** How an entry is written for people: +9198..., +91140*, +919800000000..+919800000099. */
export function describeSpan(span: EntrySpan): string {
  if (span.match === 'PREFIX') return `${span.value}*`;
  if (span.match === 'RANGE') return `${span.value}..${span.rangeTo}`;
  return span.value;
}

/** How many numbers of the given length the entry covers: the fewer, the more specific. */
export function spanSize(span: EntrySpan, length: number): number {
  if (span.match === 'NUMBER') return 1;
  if (span.match === 'PREFIX') return 10 ** Math.max(0, length - span.value.length);
  return Number(BigInt((span.rangeTo as string).slice(1)) - BigInt(span.value.slice(1))) + 1;
}

/** The intervals [lo, hi] of same-length numbers an entry covers. */
export function intervalsOf(span: EntrySpan): { lo: string; hi: string }[] {
  if (span.match === 'NUMBER') return [{ lo: span.value, hi: span.value }];
  if (span.match === 'RANGE') return [{ lo: span.value, hi: span.rangeTo as string }];
  const intervals: { lo: string; hi: string }[] = [];
  for (let length = Math.max(span.value.length, RANGE_MIN_LENGTH); length <= E164_MAX_LENGTH; length++) {
    const pad = length - span.value.length;
    intervals.push({ lo: span.value + '0'.repeat(pad), hi: span.value + '9'.repeat(pad) });
  }
  return intervals;
}

/**
 * Every entry (by index) that overlaps another, with one entry it overlaps. O(n log n): each
 * entry becomes intervals, sorted by start within each length; an interval that starts before
 * the furthest end so far overlaps the interval reaching there, and both are reported, so every
 * entry of a group of overlapping entries is named.
 */
export function findOverlaps(spans: readonly EntrySpan[]): { index: number; other: number }[] {
  const byLength = new Map<number, { lo: string; hi: string; index: number }[]>();
  spans.forEach((span, index) => {
    for (const interval of intervalsOf(span)) {
      const list = byLength.get(interval.lo.length) ?? [];
      list.push({ ...interval, index });
      byLength.set(interval.lo.length, list);
    }
  });
  const overlaps = new Map<number, number>();
  for (const intervals of byLength.values()) {
    intervals.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.index - b.index));
    let reach: { hi: string; index: number } | null = null;
    for (const interval of intervals) {
      if (reach && interval.lo <= reach.hi && reach.index !== interval.index) {
        if (!overlaps.has(interval.index)) overlaps.set(interval.index, reach.index);
        if (!overlaps.has(reach.index)) overlaps.set(reach.index, interval.index);
      }
      if (!reach || interval.hi > reach.hi) reach = { hi: interval.hi, index: interval.index };
    }
  }
  return [...overlaps].map(([index, other]) => ({ index, other })).sort((a, b) => a.index - b.index);
}
