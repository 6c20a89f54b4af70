// The baselines bench:pipeline measures its figures against, in the same run on the same data:
// what the database can load at all (COPY into a bare table) and what the model alone scores.
import { type CallRecord, FEATURE_NAMES, type FraudModel, OnlineFeatureStore } from '@satark/ml';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { MIN_CALLS_TO_SCORE } from '../src/services/live-scorer';
import { round } from './bench-support';

/**
 * The calls' stored rows loaded with COPY into a table of the same columns with no key and no
 * index: the most this database takes in on this machine. The rows are the ones the pipeline
 * stored (read back with COPY TO, outside the timing), so both figures are for the same bytes.
 */
export async function measureCopy(databaseUrl: string, callIdPrefix: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_copy');
    await client.query('CREATE TABLE bench_copy (LIKE "CallRecord" INCLUDING DEFAULTS)');
    const chunks: Buffer[] = [];
    const prefix = callIdPrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const out = client.query(
      copyTo(`COPY (SELECT * FROM "CallRecord" WHERE "callId" LIKE '${prefix}%') TO STDOUT`),
    );
    for await (const chunk of out) chunks.push(chunk as Buffer);
    const bytes = chunks.reduce((n, chunk) => n + chunk.length, 0);
    const started = performance.now();
    const copy = client.query(copyFrom('COPY bench_copy FROM STDIN'));
    await new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
      for (const chunk of chunks) copy.write(chunk);
      copy.end();
    });
    const ms = performance.now() - started;
    const rows = copy.rowCount;
    await client.query('DROP TABLE bench_copy');
    return { copyPerSec: round(rows / (ms / 1000)), rows, megabytes: round(bytes / 2 ** 20, 1) };
  } finally {
    await client.end();
  }
}

/** Timed passes of scoring and of the model alone, after one untimed pass each. */
export const TIMED_PASSES = 3;

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The model's batch scoring of the feature vectors the live scorer judged the calls on (every
 * call from a caller's MIN_CALLS_TO_SCORE-th in the window on), computed beforehand with the same
 * online feature store: the ceiling for scoring, with no feature upkeep, verdicts or checkpoints.
 */
export function measureModelOnly(model: FraudModel, calls: readonly CallRecord[]) {
  const store = new OnlineFeatureStore();
  const width = FEATURE_NAMES.length;
  const vectors = new Float64Array(calls.length * width);
  let rows = 0;
  for (const call of calls) {
    store.update(call);
    if (store.callCount(call.callerId, call.timestamp) < MIN_CALLS_TO_SCORE) continue;
    store.featuresInto(call.callerId, vectors.subarray(rows * width, (rows + 1) * width), call.timestamp);
    rows++;
  }
  const matrix = vectors.subarray(0, rows * width);
  // As the scorer is measured: one untimed pass, then TIMED_PASSES timed ones; the median counts.
  let risks = model.risks(matrix);
  const times: number[] = [];
  for (let i = 0; i < TIMED_PASSES; i++) {
    const started = performance.now();
    risks = model.risks(matrix);
    times.push(performance.now() - started);
  }
  const ms = medianOf(times);
  return {
    modelOnlyPerSec: round(rows / (ms / 1000)),
    passesPerSec: times.map((t) => round(rows / (t / 1000))),
    vectors: rows,
    meanRisk: round(risks.reduce((sum, risk) => sum + risk, 0) / Math.max(1, rows), 1),
  };
}
