import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ODDS_DIR, PAPER_ROC_AUC } from '../paths';
import { readLabelFirstCsv } from './label-first-csv';
import { runPaperProtocol } from './paper-protocol';

describe("the paper's Table 3 (t = 100, psi = 256, mean of 5 seeds, fit and score all rows)", () => {
  it('finds the ODDS sets beside the repository', () => {
    expect(existsSync(path.join(ODDS_DIR, 'pima.csv'))).toBe(true);
  });

  for (const [name, paper] of Object.entries(PAPER_ROC_AUC)) {
    it(`reaches the paper's ROC-AUC of ${paper.toFixed(2)} on ${name} within 0.02`, () => {
      const result = runPaperProtocol(readLabelFirstCsv(path.join(ODDS_DIR, `${name}.csv`)));
      expect(result.seeds).toBe(5);
      expect(Math.abs(result.rocAuc - paper)).toBeLessThanOrEqual(0.02);
    });
  }
});
