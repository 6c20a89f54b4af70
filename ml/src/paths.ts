import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is ml/src/paths.ts). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The ODDS benchmark sets, kept in the repository (ml/datasets/odds/README.md says what they are). */
export const ODDS_DIR = path.resolve(REPO_ROOT, 'ml/datasets/odds');

/** The paper's Table 3 (Liu, Ting & Zhou 2008): ROC-AUC with t = 100, psi = 256. */
export const PAPER_ROC_AUC: Record<string, number> = {
  shuttle: 1.0,
  mammography: 0.86,
  annthyroid: 0.82,
  satellite: 0.71,
  pima: 0.67,
  breastw: 0.99,
  arrhythmia: 0.8,
  ionosphere: 0.85,
};
