import { describe, expect, it } from 'vitest';
import { looksTransient, parseStreamCall } from './redis-cdr-consumer';
import { partitionOf, partitionStream } from './redis-partitions';

const cdr = (value: unknown) => ['cdr', JSON.stringify(value)];

describe('parseStreamCall', () => {
  it('reads the call record in the "cdr" field', () => {
    const call = parseStreamCall([
      'source',
      'switch-7',
      ...cdr({
        callId: 'c1',
        caller: '+919800000001',
        receiver: '+919800000002',
        startedAt: '2026-01-01T10:00:00Z',
        durationSec: 42,
        originRegion: 'Delhi',
        targetRegion: 'Mumbai',
      }),
    ]);
    expect(call).toEqual({
      callId: 'c1',
      caller: '+919800000001',
      receiver: '+919800000002',
      startedAt: new Date('2026-01-01T10:00:00Z'),
      durationSec: 42,
      originRegion: 'Delhi',
      targetRegion: 'Mumbai',
    });
  });

  it('accepts epoch milliseconds for startedAt and leaves regions out when absent', () => {
    const call = parseStreamCall(
      cdr({ callId: 'c', caller: 'a', receiver: 'b', startedAt: 1_767_261_600_000, durationSec: 1 }),
    );
    expect(call).toMatchObject({
      startedAt: new Date(1_767_261_600_000),
      originRegion: null,
      targetRegion: null,
    });
  });

  it('names what is wrong with an entry it cannot read', () => {
    expect(parseStreamCall(['other', 'x'])).toBe('entry has no "cdr" field');
    expect(parseStreamCall(['cdr'])).toBe('entry has no "cdr" field');
    expect(parseStreamCall(['cdr', '{not json'])).toBe('"cdr" is not valid JSON');
    expect(parseStreamCall(['cdr', '42'])).toBe('"cdr" is not a JSON object');
    expect(parseStreamCall(['cdr', 'null'])).toBe('"cdr" is not a JSON object');
  });

  it('takes "cdr" only as a field name, never as a value', () => {
    expect(parseStreamCall(['note', 'cdr', 'x', '{}'])).toBe('entry has no "cdr" field');
  });

  it('turns fields of the wrong type into values validation refuses, never into a throw', () => {
    const call = parseStreamCall(
      cdr({ callId: 7, startedAt: { at: 1 }, durationSec: '30', originRegion: 5 }),
    );
    if (typeof call === 'string') throw new Error(call);
    expect(call.callId).toBe('7');
    expect(call.caller).toBe('');
    expect(Number.isNaN(call.startedAt.getTime())).toBe(true);
    expect(Number.isNaN(call.durationSec)).toBe(true);
    expect(call.originRegion).toBeNull();
  });
});

describe('looksTransient', () => {
  const coded = (code: string) => Object.assign(new Error('x'), { code });

  it('blames the infrastructure for connection and pool errors', () => {
    for (const code of ['P1001', 'P1017', 'P2024', 'ECONNREFUSED', '57P01'])
      expect(looksTransient(coded(code))).toBe(true);
    expect(looksTransient(new Error("Can't reach database server at 127.0.0.1"))).toBe(true);
    expect(
      looksTransient(Object.assign(new Error('init'), { name: 'PrismaClientInitializationError' })),
    ).toBe(true);
  });

  it('blames the records for anything else', () => {
    expect(looksTransient(coded('P2002'))).toBe(false);
    expect(looksTransient(new Error('value too long for type'))).toBe(false);
    expect(looksTransient('ECONNREFUSED')).toBe(false);
  });
});

describe('partitionOf', () => {
  it('puts a caller in the same partition every time, within range', () => {
    const partitions = 8;
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const caller = `+9198000${String(i).padStart(5, '0')}`;
      const p = partitionOf(caller, partitions);
      expect(p).toBe(partitionOf(caller, partitions));
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(partitions);
      seen.add(p);
    }
    expect(seen.size).toBe(partitions);
  });

  it('is FNV-1a, so producers in any language agree', () => {
    // FNV-1a 32-bit of "a" is 0xe40c292c.
    expect(partitionOf('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(partitionStream('satark:cdr', 3)).toBe('satark:cdr:3');
  });
});
