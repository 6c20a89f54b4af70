import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { readLabelFirstCsv } from '../evaluate/label-first-csv';
import { evaluate, rocCurve } from '../evaluate/metrics';
import { runPaperProtocol } from '../evaluate/paper-protocol';
import { rocCurveSvg } from '../evaluate/roc-svg';
import { readCallerFeaturesCsv } from '../io/caller-features-csv';
import { FraudModel } from '../model/fraud-model';
import { ODDS_DIR } from '../paths';
import { integer, positiveInteger, UsageError } from './options';
import { emit, gridTable, Progress, summaryTable } from './output';

interface EvaluateCliOptions {
  model?: string;
  in?: string;
  outDir?: string;
  csv?: string;
  trees: number;
  sample: number;
  seeds: number;
  seed: number;
  json: boolean;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'score labelled caller features with a model (--model, --in), or run the paper protocol on a label-first CSV (--csv)',
    )
    .option('--model <file>', 'model.json')
    .option('--in <file>', 'caller_features.csv with true_label')
    .option('--out-dir <dir>', 'where to write evaluation.json and roc-curve.svg (default: beside --in)')
    .option('--csv <file>', `label-first CSV, or the name of a set in ${ODDS_DIR}`)
    .option('--trees <n>', 'trees (with --csv)', positiveInteger('--trees'), 100)
    .option('--sample <n>', 'subsample size psi (with --csv)', positiveInteger('--sample'), 256)
    .option('--seeds <n>', 'seeds to average over (with --csv)', positiveInteger('--seeds'), 5)
    .option('--seed <s>', 'first seed (with --csv)', integer('--seed'), 0)
    .option('--json', 'print one JSON object', false)
    .action((options: EvaluateCliOptions) => {
      if (options.csv !== undefined) {
        if (options.model !== undefined || options.in !== undefined) {
          throw new UsageError('use either --csv FILE, or --model and --in, not both');
        }
        evaluateCsv(options.csv, options);
        return;
      }
      if (options.model === undefined || options.in === undefined) {
        throw new UsageError('evaluate needs --model and --in (or --csv FILE)');
      }
      evaluateModel(options.model, options.in, options);
    });
}

function resolveCsv(csv: string): string {
  if (existsSync(csv)) return csv;
  const named = path.join(ODDS_DIR, `${csv}.csv`);
  return existsSync(named) ? named : csv;
}

function evaluateCsv(csv: string, options: EvaluateCliOptions): void {
  const output = { json: options.json };
  const dataset = readLabelFirstCsv(resolveCsv(csv));
  const progress = new Progress(output, 'Seeds');
  const result = runPaperProtocol(dataset, {
    nEstimators: options.trees,
    maxSamples: options.sample,
    seeds: options.seeds,
    firstSeed: options.seed,
    onSeed: (done, total) => progress.update(done, total),
  });
  const json = {
    dataset: result.dataset,
    rows: result.rows,
    features: result.features,
    anomalies: result.anomalies,
    imputedCells: result.imputedCells,
    rocAuc: result.rocAuc,
    prAuc: result.prAuc,
    seeds: result.seeds,
    trees: result.trees,
    sample: result.sample,
    fitMs: result.fitMs,
    scoreMs: result.scoreMs,
  };
  emit(
    output,
    json,
    summaryTable(`Paper protocol on ${result.dataset} (fit and score all rows)`, [
      ['rows x features', `${result.rows} x ${result.features}`],
      ['anomalies', result.anomalies],
      ['empty cells imputed', result.imputedCells],
      ['trees / psi / seeds', `${result.trees} / ${result.sample} / ${result.seeds}`],
      ['ROC-AUC (mean)', result.rocAuc],
      ['PR-AUC (mean)', result.prAuc],
      ['fit ms (mean)', result.fitMs],
      ['score ms (mean)', result.scoreMs],
    ]),
  );
}

function evaluateModel(modelFile: string, featuresFile: string, options: EvaluateCliOptions): void {
  const output = { json: options.json };
  if (!existsSync(modelFile)) throw new UsageError(`model file not found: ${modelFile}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(modelFile, 'utf8'));
  } catch (error) {
    throw new UsageError(`${modelFile} is not JSON: ${(error as Error).message}`);
  }
  const model = FraudModel.fromArtifact(json);
  const rows = readCallerFeaturesCsv(featuresFile);
  if (rows.some((r) => r.label === undefined)) {
    throw new UsageError(`${featuresFile} needs a true_label (0/1) on every row to be evaluated`);
  }
  const scores = rows.map((r) => model.anomalyScore(r.vector));
  const labels = rows.map((r) => r.label ?? 0);
  const metrics = evaluate(
    scores,
    labels,
    scores.map((s) => s > model.threshold),
    model.threshold,
  );
  const outDir = options.outDir ?? path.dirname(featuresFile);
  mkdirSync(outDir, { recursive: true });
  const reportFile = path.join(outDir, 'evaluation.json');
  const svgFile = path.join(outDir, 'roc-curve.svg');
  const report = {
    command: 'evaluate',
    model: modelFile,
    modelVersion: model.version,
    in: featuresFile,
    rows: rows.length,
    anomalies: labels.filter((l) => l === 1).length,
    metrics,
    report: reportFile,
    rocCurve: svgFile,
  };
  writeFileSync(reportFile, `${JSON.stringify({ ...report, roc: rocCurve(scores, labels) }, null, 2)}\n`);
  writeFileSync(svgFile, rocCurveSvg(rocCurve(scores, labels), metrics.rocAuc, `Model ${model.version}`));
  const { tp, fp, tn, fn } = metrics.confusion;
  emit(
    output,
    report,
    [
      summaryTable(`Evaluation of model ${model.version} on ${featuresFile}`, [
        ['rows', rows.length],
        ['anomalies', report.anomalies],
        ['detection rate (recall)', metrics.detectionRate],
        ['precision', metrics.precision],
        ['false-positive rate', metrics.falsePositiveRate],
        ['ROC-AUC', metrics.rocAuc],
        ['PR-AUC', metrics.prAuc],
        ['report', reportFile],
        ['ROC curve', svgFile],
      ]),
      '',
      gridTable(
        ['', 'flagged', 'not flagged'],
        [
          ['fraud', tp, fn],
          ['normal', fp, tn],
        ],
      ),
    ].join('\n'),
  );
}
