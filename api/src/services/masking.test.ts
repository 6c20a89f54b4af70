import { describe, expect, it } from 'vitest';
import { maskCallId, maskDigits, maskNumber, maskNumbersIn } from './masking';
import { maskEvent, type ThreatEvent } from './threat-events';

describe('maskCallId', () => {
  it('shows nothing of the id, in whatever shape it carries a number', () => {
    for (const id of [
      'cdr-919812345678-20261127-0001',
      'cdr-9198-1234-5678',
      '9198.1234.5678',
      '91_98123_45678',
      '919812:345678',
      'cdr-919-812-345-678',
    ]) {
      const masked = maskCallId(id);
      expect(masked).toMatch(/^call-[0-9a-f]{20}$/);
      for (const part of id.split(/[^0-9]+/).filter((digits) => digits.length >= 3)) {
        expect(masked).not.toContain(part);
      }
    }
  });

  it('is the same for the same id and differs between ids', () => {
    expect(maskCallId('cdr-1')).toBe(maskCallId('cdr-1'));
    const ids = Array.from({ length: 1000 }, (_, i) => `cdr-${i}`);
    expect(new Set(ids.map(maskCallId)).size).toBe(ids.length);
  });
});

describe('maskDigits', () => {
  it('hides every digit of free text, other scripts’ digits too', () => {
    expect(maskDigits('Delhi 919812345678')).toBe('Delhi XXXXXXXXXXXX');
    expect(maskDigits('Mumbai')).toBe('Mumbai');
    expect(maskDigits('٩١٩٨')).toBe('XXXX');
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
      id: maskCallId(event.id),
      caller: '+91 98XXXXX678',
      receiver: '+91 77XXXXX321',
    });
    expect(JSON.stringify(masked)).not.toContain('9812345678');
    expect(JSON.stringify(masked)).not.toContain('7700054321');
  });
});
