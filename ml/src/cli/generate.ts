import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { writeCallDataCsv } from '../io/call-data-csv';
import { generateDataset } from '../simulate/generate';
import { integer, positiveInteger, ratio } from './options';
import { emit, Progress, summaryTable } from './output';

interface GenerateCliOptions {
  out: string;
  callers: number;
  days: number;
  fraudRatio: number;
  seed: number;
  json: boolean;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'write a reproducible synthetic CDR data set (call_data.csv, subscribers.csv, campaigns.json)',
    )
    .requiredOption('--out <dir>', 'output directory')
    .option('--callers <n>', 'subscribers, fraudsters included', positiveInteger('--callers'), 800)
    .option('--days <d>', 'days of traffic', positiveInteger('--days'), 30)
    .option(
      '--fraud-ratio <r>',
      'share of callers who are fraudsters',
      ratio('--fraud-ratio', 0, 1, false),
      0.05,
    )
    .option('--seed <s>', 'random seed', integer('--seed'), 42)
    .option('--json', 'print one JSON object', false)
    .action((options: GenerateCliOptions) => {
      const output = { json: options.json };
      const progress = new Progress(output, 'Generating');
      const started = performance.now();
      const dataset = generateDataset({
        callers: options.callers,
        days: options.days,
        fraudRatio: options.fraudRatio,
        seed: options.seed,
        onDay: (done, total) => progress.update(done, total),
      });
      mkdirSync(options.out, { recursive: true });
      const callsFile = path.join(options.out, 'call_data.csv');
      writeCallDataCsv(callsFile, dataset.calls);
      writeFileSync(
        path.join(options.out, 'campaigns.json'),
        `${JSON.stringify(dataset.campaigns, null, 2)}\n`,
      );
      writeFileSync(
        path.join(options.out, 'subscribers.csv'),
        stringify(
          dataset.subscribers.map((s) => [
            s.number,
            s.name,
            s.region,
            new Date(s.activatedAt).toISOString(),
            s.isFraud ? 1 : 0,
            s.campaignId ?? '',
            s.category ?? '',
          ]),
          {
            header: true,
            columns: [
              'number',
              'name',
              'region',
              'activated_at',
              'is_fraud',
              'campaign_id',
              'fraud_category',
            ],
          },
        ),
      );
      const fraudsters = dataset.subscribers.filter((s) => s.isFraud).length;
      const fraudCalls = dataset.calls.filter((c) => c.trueLabel === 1).length;
      const summary = {
        command: 'generate',
        out: callsFile,
        callers: dataset.subscribers.length,
        fraudsters,
        campaigns: dataset.campaigns.length,
        calls: dataset.calls.length,
        fraudCalls,
        days: options.days,
        seed: options.seed,
        ms: Math.round(performance.now() - started),
      };
      emit(
        output,
        summary,
        summaryTable('Generated synthetic CDRs', [
          ['file', callsFile],
          ['callers', summary.callers],
          ['fraudsters', fraudsters],
          [
            'campaigns',
            `${dataset.campaigns.length} (${[...new Set(dataset.campaigns.map((c) => c.category))].join(', ')})`,
          ],
          ['calls', summary.calls],
          ['fraud calls', fraudCalls],
          ['days', options.days],
          ['seed', options.seed],
          ['time (ms)', summary.ms],
        ]),
      );
    });
}
