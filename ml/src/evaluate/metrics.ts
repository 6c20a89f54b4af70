export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface Metrics {
  /** Recall: flagged anomalies / all anomalies. */
  detectionRate: number;
  precision: number;
  falsePositiveRate: number;
  rocAuc: number;
  /** Average precision (area under the precision–recall curve, step-wise as scikit-learn). */
  prAuc: number;
  confusion: ConfusionMatrix;
  /** The anomaly-score threshold the predictions came from, when known. */
  threshold: number | null;
}

function checkLengths(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) {
    throw new RangeError(`got ${scores.length} scores but ${labels.length} labels`);
  }
}

function countPositives(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  return positives;
}

/** Indices ordered by descending score. */
function byDescendingScore(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a]);
}

/** ROC-AUC as the Mann–Whitney statistic, ties counting one half. Labels: 1 anomaly, 0 normal. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(scores, labels);
  const positives = countPositives(labels);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const order = byDescendingScore(scores);
  let area = 0;
  let negativesAbove = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let tiedPositives = 0;
    let tiedNegatives = 0;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] === 1) tiedPositives++;
      else tiedNegatives++;
      j++;
    }
    area += tiedPositives * (negatives - negativesAbove - tiedNegatives / 2);
    negativesAbove += tiedNegatives;
    i = j;
  }
  return area / (positives * negatives);
}

/** Average precision: sum over distinct thresholds of (recall gain) x precision. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(scores, labels);
  const positives = countPositives(labels);
  if (positives === 0) return Number.NaN;
  const order = byDescendingScore(scores);
  let truePositives = 0;
  let seen = 0;
  let previousRecall = 0;
  let sum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] === 1) truePositives++;
      seen++;
      j++;
    }
    const recall = truePositives / positives;
    sum += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
    i = j;
  }
  return sum;
}

export interface RocPoint {
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** The ROC curve's corner points, one per distinct score, from (0,0) to (1,1). */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  checkLengths(scores, labels);
  const positives = countPositives(labels);
  const negatives = labels.length - positives;
  const order = byDescendingScore(scores);
  const points: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0 }];
  let tp = 0;
  let fp = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] === 1) tp++;
      else fp++;
      j++;
    }
    points.push({
      falsePositiveRate: negatives === 0 ? 0 : fp / negatives,
      truePositiveRate: positives === 0 ? 0 : tp / positives,
    });
    i = j;
  }
  return points;
}

export function confusionMatrix(
  labels: ArrayLike<number>,
  predictedAnomaly: ArrayLike<boolean | number>,
): ConfusionMatrix {
  checkLengths(labels, predictedAnomaly as ArrayLike<number>);
  const confusion: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const flagged = predictedAnomaly[i] === true || predictedAnomaly[i] === 1;
    if (labels[i] === 1) {
      if (flagged) confusion.tp++;
      else confusion.fn++;
    } else if (flagged) confusion.fp++;
    else confusion.tn++;
  }
  return confusion;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Metrics of anomaly scores (higher = more anomalous) against labels (1 anomaly, 0 normal)
 * and the model's decisions: a prediction is flagged when it is true, 1, or -1 with the
 * scikit-learn convention given as an Int8Array from predict().
 */
export function evaluate(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  predictions: ArrayLike<boolean | number>,
  threshold: number | null = null,
): Metrics {
  const flagged: boolean[] = [];
  const sklearnStyle = predictions instanceof Int8Array;
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i];
    flagged.push(sklearnStyle ? p === -1 : p === true || p === 1);
  }
  const confusion = confusionMatrix(labels, flagged);
  return {
    detectionRate: ratio(confusion.tp, confusion.tp + confusion.fn),
    precision: ratio(confusion.tp, confusion.tp + confusion.fp),
    falsePositiveRate: ratio(confusion.fp, confusion.fp + confusion.tn),
    rocAuc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
    confusion,
    threshold,
  };
}
