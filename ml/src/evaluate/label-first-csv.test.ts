import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelFirstCsv } from './label-first-csv';

const dir = mkdtempSync(path.join(tmpdir(), 'satark-odds-'));
function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('label-first CSV reader', () => {
  it('reads anomaly/nominal and 1/0 labels and numeric features', () => {
    const data = readLabelFirstCsv(csv('mixed.csv', 'label,a,b\nanomaly,1,2\nnominal,3,4\n1,5,6\n0,7,8\n'));
    expect(data.name).toBe('mixed');
    expect(Array.from(data.labels)).toEqual([1, 0, 1, 0]);
    expect(Array.from(data.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(data.featureNames).toEqual(['a', 'b']);
  });

  it('fills empty cells with the column median and counts them', () => {
    const data = readLabelFirstCsv(
      csv('gaps.csv', 'label,a,b\nnominal,1,\nnominal,,10\nanomaly,3,20\nnominal,5,40\n'),
    );
    expect(data.imputedCells).toBe(2);
    expect(data.data[1]).toBe(20);
    expect(data.data[2]).toBe(3);
  });

  it('names the row and column of a non-numeric cell', () => {
    const file = csv('bad.csv', 'label,a,b\nnominal,1,2\nnominal,1,two\n');
    expect(() => readLabelFirstCsv(file)).toThrow(/row 2 \(line 3\), column "b": "two" is not a number/);
  });

  it('names an unknown label and a missing file', () => {
    expect(() => readLabelFirstCsv(csv('label.csv', 'label,a\nweird,1\n'))).toThrow(/label "weird"/);
    expect(() => readLabelFirstCsv(path.join(dir, 'absent.csv'))).toThrow(/file not found/);
  });
});
