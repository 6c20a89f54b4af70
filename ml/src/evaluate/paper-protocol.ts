import { IsolationForest } from '../forest/forest';
import type { LabelledDataset } from './label-first-csv';
import { averagePrecision, rocAuc } from './metrics';

export interface PaperProtocolOptions {
  nEstimators: number;
  maxSamples: number;
  seeds: number;
  /** The first seed; the others follow it. */
  firstSeed: number;
  onSeed?: (done: number, total: number) => void;
}

export const PAPER_PROTOCOL_DEFAULTS: PaperProtocolOptions = {
  nEstimators: 100,
  maxSamples: 256,
  seeds: 5,
  firstSeed: 0,
};

export interface PaperProtocolResult {
  dataset: string;
  rows: number;
  features: number;
  anomalies: number;
  imputedCells: number;
  trees: number;
  sample: number;
  seeds: number;
  rocAuc: number;
  prAuc: number;
  rocAucPerSeed: number[];
  /** Mean milliseconds per seed. */
  fitMs: number;
  scoreMs: number;
}

/** The paper's protocol: fit on all rows, score all rows, average over seeds. */
export function runPaperProtocol(
  dataset: LabelledDataset,
  options: Partial<PaperProtocolOptions> = {},
): PaperProtocolResult {
  const settings = { ...PAPER_PROTOCOL_DEFAULTS, ...options };
  if (!Number.isInteger(settings.seeds) || settings.seeds < 1) {
    throw new RangeError(`seeds must be a positive integer, got ${settings.seeds}`);
  }
  const rocAucs: number[] = [];
  const prAucs: number[] = [];
  let fitMs = 0;
  let scoreMs = 0;
  for (let s = 0; s < settings.seeds; s++) {
    const forest = new IsolationForest({
      nEstimators: settings.nEstimators,
      maxSamples: settings.maxSamples,
      contamination: 'auto',
      randomState: settings.firstSeed + s,
    });
    const fitStart = performance.now();
    forest.fit(dataset.data, dataset.columns);
    const scoreStart = performance.now();
    const scores = forest.anomalyScores(dataset.data, dataset.columns);
    const scoreEnd = performance.now();
    fitMs += scoreStart - fitStart;
    scoreMs += scoreEnd - scoreStart;
    rocAucs.push(rocAuc(scores, dataset.labels));
    prAucs.push(averagePrecision(scores, dataset.labels));
    settings.onSeed?.(s + 1, settings.seeds);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  let anomalies = 0;
  for (const label of dataset.labels) anomalies += label;
  return {
    dataset: dataset.name,
    rows: dataset.rows,
    features: dataset.columns,
    anomalies,
    imputedCells: dataset.imputedCells,
    trees: settings.nEstimators,
    sample: settings.maxSamples,
    seeds: settings.seeds,
    rocAuc: mean(rocAucs),
    prAuc: mean(prAucs),
    rocAucPerSeed: rocAucs,
    fitMs: fitMs / settings.seeds,
    scoreMs: scoreMs / settings.seeds,
  };
}
