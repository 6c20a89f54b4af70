import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DAY_MS, DEFAULT_MAX_CALLS_PER_CALLER, HOUR_MS } from '../features/definitions';
import { readCallerFeaturesCsv } from '../io/caller-features-csv';
import { trainModel } from '../model/train';
import { integer, positiveInteger, ratio } from './options';
import { emit, Progress, summaryTable } from './output';

interface TrainCliOptions {
  in: string;
  out: string;
  trees: number;
  sample: number;
  contamination: number;
  seed: number;
  windowHours: number;
  json: boolean;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('fit the isolation forest on caller features and save the model artifact')
    .requiredOption('--in <file>', 'caller_features.csv')
    .requiredOption('--out <file>', 'model.json to write')
    .option('--trees <n>', 'number of trees', positiveInteger('--trees'), 200)
    .option('--sample <n>', 'subsample size psi', positiveInteger('--sample'), 256)
    .option(
      '--contamination <r>',
      'share of callers flagged',
      ratio('--contamination', 0.0001, 0.5, true),
      0.05,
    )
    .option('--seed <s>', 'random seed', integer('--seed'), 42)
    .option(
      '--window-hours <h>',
      'window the features were computed over',
      ratio('--window-hours', 0.001, 1e7, true),
      DAY_MS / HOUR_MS,
    )
    .option('--json', 'print one JSON object', false)
    .action((options: TrainCliOptions) => {
      const output = { json: options.json };
      const rows = readCallerFeaturesCsv(options.in);
      const progress = new Progress(output, 'Growing trees');
      const { model, artifact, metrics } = trainModel(
        rows,
        {
          nEstimators: options.trees,
          maxSamples: options.sample,
          contamination: options.contamination,
          randomState: options.seed,
        },
        {
          featureWindow: {
            windowMs: options.windowHours * HOUR_MS,
            maxCallsPerCaller: DEFAULT_MAX_CALLS_PER_CALLER,
          },
          onTree: (done, total) => progress.update(done, total),
        },
      );
      writeFileSync(options.out, `${JSON.stringify(artifact)}\n`);
      const summary = {
        command: 'train',
        in: options.in,
        out: options.out,
        version: model.version,
        rows: artifact.training.rows,
        trees: artifact.params.nEstimators,
        subsampleSize: artifact.training.subsampleSize,
        threshold: artifact.threshold,
        fitMs: Math.round(artifact.training.fitMs),
        topFeatures: artifact.featureImportances.slice(0, 3),
        trainingMetrics: metrics ?? null,
      };
      emit(
        output,
        summary,
        summaryTable('Trained isolation forest', [
          ['model', options.out],
          ['version', model.version],
          ['rows', summary.rows],
          ['trees / psi', `${summary.trees} / ${summary.subsampleSize}`],
          ['threshold s(x)', artifact.threshold],
          ['fit (ms)', summary.fitMs],
          [
            'top features',
            artifact.featureImportances
              .slice(0, 3)
              .map((f) => f.feature)
              .join(', '),
          ],
          ['training detection rate', metrics?.detectionRate],
          ['training precision', metrics?.precision],
        ]),
      );
    });
}
