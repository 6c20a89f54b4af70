import { describe, expect, it } from 'vitest';
import { normaliseCaseNumber, reasonTexts } from './case-reasons';

describe('reasonTexts', () => {
  it('reads the sentences of a stored explanation', () => {
    expect(reasonTexts([{ feature: 'a', text: 'Calls last 2 s on average' }, { text: '' }, 7, null])).toEqual(
      ['Calls last 2 s on average'],
    );
  });

  it('shows nothing for a snapshot that is not a list', () => {
    expect(reasonTexts(null)).toEqual([]);
    expect(reasonTexts({ text: 'x' })).toEqual([]);
  });
});

describe('normaliseCaseNumber', () => {
  it('accepts a case number however the analyst types it', () => {
    expect(normaliseCaseNumber('CASE-000123')).toBe('CASE-000123');
    expect(normaliseCaseNumber('case-123')).toBe('CASE-000123');
    expect(normaliseCaseNumber(' 123 ')).toBe('CASE-000123');
  });

  it('refuses anything else', () => {
    expect(normaliseCaseNumber('CASE-12a')).toBeNull();
    expect(normaliseCaseNumber('')).toBeNull();
  });
});
