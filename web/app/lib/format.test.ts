import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatContribution,
  formatCount,
  formatDateTime,
  formatDecimal,
  formatEnumLabel,
  formatQuantity,
  formatShare,
} from './format';

describe('format', () => {
  it('groups large counts the Indian way', () => {
    expect(formatCount(12_345_678)).toBe('1,23,45,678');
    expect(formatCount(999.6)).toBe('1,000');
  });

  it('shows rates with exactly one decimal and shares as percentages', () => {
    expect(formatDecimal(3)).toBe('3.0');
    expect(formatDecimal(2.46)).toBe('2.5');
    expect(formatShare(0.0523)).toBe('5.2%');
  });

  it('shows times in Indian Standard Time whatever the machine’s zone', () => {
    expect(formatDateTime('2026-11-24T00:58:00Z')).toBe('24 Nov 2026, 06:28 IST');
    expect(formatClock('2026-11-24T00:58:09Z')).toBe('06:28:09');
  });

  it('writes the hour after midnight as 00, as browsers do (else the page fails to hydrate)', () => {
    expect(formatClock('2026-11-26T18:50:00Z')).toBe('00:20:00');
    expect(formatDateTime('2026-11-26T18:50:00Z')).toBe('27 Nov 2026, 00:20 IST');
  });

  it('turns enum values into words and keeps acronyms upper-case', () => {
    expect(formatEnumLabel('KYC_PHISHING')).toBe('KYC phishing');
    expect(formatEnumLabel('SIM_BOX')).toBe('SIM box');
    expect(formatEnumLabel('WANGIRI')).toBe('Wangiri');
  });

  it('signs contributions and keeps small ones readable', () => {
    expect(formatContribution(0.043)).toBe('+0.04');
    expect(formatContribution(-1.26)).toBe('-1.3');
    expect(formatContribution(0)).toBe('0.00');
  });

  it('says one campaign but two campaigns', () => {
    expect(formatQuantity(1, 'active campaign')).toBe('1 active campaign');
    expect(formatQuantity(1200, 'active campaign')).toBe('1,200 active campaigns');
    expect(formatQuantity(2, 'person', 'people')).toBe('2 people');
  });
});
