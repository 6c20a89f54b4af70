import { percentile } from '../forest/forest';
import { DANGEROUS_FROM } from './verdict';

/** Risk the contamination threshold maps to: "the model flags it" is exactly "DANGEROUS". */
export const THRESHOLD_RISK = DANGEROUS_FROM;
/** Risk of the median training caller. */
const MEDIAN_RISK = 20;

/**
 * A monotone piecewise-linear map from the anomaly score s(x) in (0, 1] to a 0–100 risk,
 * fixed at training and saved with the model, so a caller's risk never depends on the batch
 * it is scored in. Knots: s = 0 -> 0, the median training score -> 20, the threshold -> 70,
 * s = 1 -> 100.
 */
export interface RiskCalibration {
  method: 'piecewise-linear';
  scores: number[];
  risks: number[];
}

export function fitCalibration(trainingScores: ArrayLike<number>, threshold: number): RiskCalibration {
  if (!(threshold > 0 && threshold < 1))
    throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  const median = percentile(trainingScores, 0.5);
  const scores = [0];
  const risks = [0];
  if (median > 0 && median < threshold) {
    scores.push(median);
    risks.push(MEDIAN_RISK);
  }
  scores.push(threshold, 1);
  risks.push(THRESHOLD_RISK, 100);
  return { method: 'piecewise-linear', scores, risks };
}

export function validateCalibration(calibration: RiskCalibration): RiskCalibration {
  const { scores, risks } = calibration;
  if (calibration.method !== 'piecewise-linear' || scores.length < 2 || scores.length !== risks.length) {
    throw new RangeError('calibration must be piecewise-linear with as many scores as risks (at least two)');
  }
  for (let i = 1; i < scores.length; i++) {
    if (!(scores[i] > scores[i - 1]) || !(risks[i] > risks[i - 1])) {
      throw new RangeError('calibration knots must increase strictly in both score and risk');
    }
  }
  return calibration;
}

/** Risk for an anomaly score; allocates nothing. */
export function riskFromScore(calibration: RiskCalibration, score: number): number {
  const { scores, risks } = calibration;
  const last = scores.length - 1;
  if (score <= scores[0]) return risks[0];
  if (score >= scores[last]) return risks[last];
  let i = 0;
  while (score >= scores[i + 1]) i++;
  return risks[i] + ((risks[i + 1] - risks[i]) * (score - scores[i])) / (scores[i + 1] - scores[i]);
}
