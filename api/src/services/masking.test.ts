import { describe, expect, it } from 'vitest';
import { maskCallId, maskNumber, maskNumbersIn } from './masking';
import { maskEvent, type ThreatEvent } from './threat-events';

describe('maskCallId', () => {
  it('masks every run of seven or more digits in a call id, "+" or not', () => {
    // The ids a viewer was sent in full: the numbers in them carry no "+" (validate.ts refuses one).
    expect(maskCallId('cdr-919812345678-20261127-0001')).toBe('cdr-91XXXXXXX678-20XXX127-0001');
    expect(maskCallId('919800012345:917700054321:1795744800')).toBe('91XXXXXXX345:91XXXXXXX321:17XXXXX800');
    // A national number, a run of exactly seven, one past fifteen digits, digits against letters.
    expect(maskCallId('call_9812345678')).toBe('call_98XXXXX678');
    expect(maskCallId('a1234567b')).toBe('a12XX567b');
    expect(maskCallId('x12345678901234567890')).toBe(`x12${'X'.repeat(15)}890`);
    expect(maskCallId('+919812345678')).toBe(maskNumber('+919812345678'));
  });

  it('never shows more of a number than maskNumber shows of it', () => {
    const number = '+919812345678';
    const shown = (masked: string) => masked.replace(/[^0-9]/g, '');
    expect(shown(maskCallId(number.slice(1))).length).toBeLessThanOrEqual(shown(maskNumber(number)).length);
    expect(maskCallId(`id-${number.slice(1)}`)).not.toContain(number.slice(3));
  });

  it('leaves runs of up to six digits, and ids without digits, alone', () => {
    expect(maskCallId('t-3f2a91bc-0001-123456')).toBe('t-3f2a91bc-0001-123456');
    expect(maskCallId('blocked-call')).toBe('blocked-call');
  });
});

describe('maskNumbersIn (free text such as campaign names) is unchanged', () => {
  it('masks "+" numbers and number series, and leaves a campaign id’s hex, digits or not, alone', () => {
    expect(maskNumbersIn('Wangiri ring +918716315xxx')).toBe('Wangiri ring +91 87XXXXXxxx');
    expect(maskNumbersIn('+918716315xxx ring')).toBe('+91 87XXXXXxxx ring');
    expect(maskNumbersIn('Lottery ring 3f2a91bc')).toBe('Lottery ring 3f2a91bc');
    expect(maskNumbersIn('Lottery ring 20261127')).toBe('Lottery ring 20261127');
  });
});

describe('maskEvent', () => {
  const event: ThreatEvent = {
    id: 'cdr-919812345678-20261127-0001',
    timestamp: new Date(1_700_000_000_000).toISOString(),
    caller: '+919812345678',
    receiver: '+917700054321',
    durationSec: 30,
    riskScore: 42,
    verdict: 'SUSPICIOUS',
    category: null,
    region: 'Delhi',
    targetRegion: 'Mumbai',
    flagged: false,
  };

  it('masks the id, caller and receiver and keeps the rest', () => {
    const masked = maskEvent(event);
    expect(masked).toEqual({
      ...event,
      id: 'cdr-91XXXXXXX678-20XXX127-0001',
      caller: '+91 98XXXXX678',
      receiver: '+91 77XXXXX321',
    });
    expect(JSON.stringify(masked)).not.toContain('9812345678');
    expect(JSON.stringify(masked)).not.toContain('7700054321');
  });
});
