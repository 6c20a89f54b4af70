import { describe, expect, it } from 'vitest';
import { maskNumber, maskNumbersIn } from '../src/services/masking';

describe('masking', () => {
  it('keeps the country code, the first two and the last three digits of a number', () => {
    expect(maskNumber('+919912345080')).toBe('+91 99XXXXX080');
  });

  it('masks a number series in a campaign name to no more than the mask shows', () => {
    expect(maskNumbersIn('Wangiri ring +918716315xxx')).toBe('Wangiri ring +91 87XXXXXxxx');
    expect(maskNumbersIn('calls from +919912345080 and +918716315101')).toBe(
      'calls from +91 99XXXXX080 and +91 87XXXXX101',
    );
  });

  it('leaves text without numbers alone', () => {
    expect(maskNumbersIn('Lottery ring 3f2a91bc')).toBe('Lottery ring 3f2a91bc');
  });
});
