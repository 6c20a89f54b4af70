import type { Command } from 'commander';
import { computeBatchFeatures } from '../features/batch';
import { DAY_MS, DEFAULT_MAX_CALLS_PER_CALLER, HOUR_MS } from '../features/definitions';
import { readCallDataCsv } from '../io/call-data-csv';
import { writeCallerFeaturesCsv } from '../io/caller-features-csv';
import { positiveInteger, ratio } from './options';
import { emit, summaryTable } from './output';

interface FeaturesCliOptions {
  in: string;
  out: string;
  windowHours: number;
  allHistory: boolean;
  maxCalls: number;
  json: boolean;
}

export function registerFeatures(program: Command): void {
  program
    .command('features')
    .description('compute one feature row per caller over the window ending at the last call')
    .requiredOption('--in <file>', 'call_data.csv')
    .requiredOption('--out <file>', 'caller_features.csv to write')
    .option(
      '--window-hours <h>',
      'sliding-window length in hours',
      ratio('--window-hours', 0.001, 1e7, true),
      DAY_MS / HOUR_MS,
    )
    .option('--all-history', 'use every call instead of a window', false)
    .option(
      '--max-calls <n>',
      'most recent calls per caller that count',
      positiveInteger('--max-calls'),
      DEFAULT_MAX_CALLS_PER_CALLER,
    )
    .option('--json', 'print one JSON object', false)
    .action((options: FeaturesCliOptions) => {
      const output = { json: options.json };
      const started = performance.now();
      const calls = readCallDataCsv(options.in);
      const windowMs = options.allHistory ? Number.POSITIVE_INFINITY : options.windowHours * HOUR_MS;
      const rows = computeBatchFeatures(calls, { windowMs, maxCallsPerCaller: options.maxCalls });
      writeCallerFeaturesCsv(options.out, rows);
      const labelled = rows.filter((r) => r.label !== undefined);
      const summary = {
        command: 'features',
        in: options.in,
        out: options.out,
        calls: calls.length,
        callers: rows.length,
        fraudCallers: labelled.length > 0 ? labelled.filter((r) => r.label === 1).length : null,
        windowHours: options.allHistory ? null : options.windowHours,
        ms: Math.round(performance.now() - started),
      };
      emit(
        output,
        summary,
        summaryTable('Caller features', [
          ['input', options.in],
          ['output', options.out],
          ['calls read', calls.length],
          ['caller rows', rows.length],
          ['fraud callers', summary.fraudCallers],
          ['window', options.allHistory ? 'all history' : `${options.windowHours} h`],
          ['time (ms)', summary.ms],
        ]),
      );
    });
}
