import { describe, expect, it } from 'vitest';
import { decodeDeadLetter, isStreamId, payloadOf } from './dead-letters';
import { compareStreamIds } from './stream-trim';

describe('isStreamId', () => {
  it('accepts <ms>-<seq> of two unsigned 64-bit numbers, nothing else', () => {
    expect(isStreamId('1700000000000-0')).toBe(true);
    expect(isStreamId('18446744073709551615-18446744073709551615')).toBe(true);
    expect(isStreamId('18446744073709551616-0')).toBe(false);
    for (const id of ['', '1', '1-', '-1', '1-2-3', 'a-1', '+', '-', '1-1 ', '(1-1'])
      expect(isStreamId(id)).toBe(false);
  });
});

describe('compareStreamIds', () => {
  it('compares numerically, time first, then sequence', () => {
    expect(compareStreamIds('9-0', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('10-10', '10-2')).toBe(1);
    expect(compareStreamIds('10-1', '10-1')).toBe(0);
  });
});

describe('decodeDeadLetter', () => {
  it('reads back what append writes', () => {
    const letter = decodeDeadLetter('1700000000001-0', [
      'kind',
      'rejected',
      'stream',
      'satark:cdr:2',
      'streamId',
      '1699999999999-3',
      'reason',
      'caller: not a phone number',
      'deliveries',
      '1',
      'at',
      '1700000000000',
      'fields',
      JSON.stringify(['cdr', '{}']),
    ]);
    expect(letter).toEqual({
      id: '1700000000001-0',
      kind: 'rejected',
      stream: 'satark:cdr:2',
      streamId: '1699999999999-3',
      reason: 'caller: not a phone number',
      deliveries: 1,
      fields: ['cdr', '{}'],
      at: new Date(1_700_000_000_000),
    });
  });

  it('reads an entry written by hand as well as it can, never throwing', () => {
    const letter = decodeDeadLetter('1700000000001-0', [
      'kind',
      'weird',
      'fields',
      '{broken',
      'deliveries',
      'many',
    ]);
    expect(letter).toMatchObject({ kind: 'failing', fields: [], deliveries: 0, stream: '', reason: '' });
    expect(letter.at).toEqual(new Date(1_700_000_000_001));
    expect(decodeDeadLetter('5-0', ['fields', '{"not":"a list"}']).fields).toEqual([]);
  });
});

describe('payloadOf', () => {
  const letter = (fields: string[]) => decodeDeadLetter('1-0', ['fields', JSON.stringify(fields)]);

  it('shows the record’s "cdr" field, or all its fields when it has none', () => {
    expect(payloadOf(letter(['cdr', '{"callId":"c1"}']))).toBe('{"callId":"c1"}');
    expect(payloadOf(letter(['a', 'b']))).toBe('["a","b"]');
  });

  it('truncates past 2000 characters', () => {
    expect(payloadOf(letter(['cdr', 'x'.repeat(2000)]))).toBe('x'.repeat(2000));
    expect(payloadOf(letter(['cdr', 'x'.repeat(2001)]))).toBe(`${'x'.repeat(2000)}…`);
    const payload = payloadOf(letter(['cdr', 'x'.repeat(5000)]));
    expect(payload).toHaveLength(2001);
    expect(payload.endsWith('…')).toBe(true);
  });
});
