import { describe, expect, it } from 'vitest';
import { validateCalls } from './validate';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const record = (startedAt: unknown) => ({
  callId: 'c-1',
  caller: '+919812345678',
  receiver: '+917700054321',
  startedAt,
  durationSec: 30,
});
const judged = (startedAt: unknown) => {
  const { valid, rejections } = validateCalls([record(startedAt)], NOW);
  return valid[0] ? valid[0].timestamp : rejections[0]?.reason;
};

describe("a call's start time", () => {
  it('takes ISO 8601 with a zone in its usual spellings, and epoch milliseconds', () => {
    const at = Date.parse('2026-11-27T01:41:00Z');
    expect(judged('2026-11-27T01:41:00Z')).toBe(at);
    expect(judged('2026-11-27T07:11:00+05:30')).toBe(at);
    expect(judged('2026-11-27T07:11+0530')).toBe(at);
    expect(judged('2026-11-27t01:41:00.123456789z')).toBe(at + 123);
    expect(judged(at)).toBe(at);
    expect(judged('2026-02-28T23:59:59Z')).toBe(Date.parse('2026-02-28T23:59:59Z'));
  });

  it('rejects a date or time that does not exist, which JavaScript would move to another day', () => {
    for (const startedAt of [
      '2026-02-29T10:00:00Z',
      '2026-02-30T10:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-00-10T10:00:00Z',
      '2026-11-00T10:00:00Z',
      '2026-11-27T24:00:00Z',
      '2026-11-27T10:60:00Z',
      '2026-11-27T10:00:60Z',
    ]) {
      expect(judged(startedAt), startedAt).toMatch(/is not a date and time that exists/);
    }
  });

  it('rejects one without a zone, of the wrong type, or outside the window, with the reason', () => {
    expect(judged('2026-11-27T10:00:00')).toMatch(/time zone/);
    expect(judged(null)).toMatch(/must be a time/);
    expect(judged(true)).toMatch(/must be a time/);
    expect(judged(1.5)).toMatch(/whole number/);
    expect(judged(NOW + 3_600_000)).toMatch(/future/);
  });
});
