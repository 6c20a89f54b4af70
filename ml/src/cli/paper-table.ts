import path from 'node:path';
import type { Command } from 'commander';
import { readLabelFirstCsv } from '../evaluate/label-first-csv';
import { runPaperProtocol } from '../evaluate/paper-protocol';
import { ODDS_DIR, PAPER_ROC_AUC } from '../paths';
import { positiveInteger } from './options';
import { emit, gridTable, Progress } from './output';

export function registerPaperTable(program: Command): void {
  program
    .command('paper-table')
    .description("reproduce the paper's Table 3 on the ODDS sets (t = 100, psi = 256, mean over seeds)")
    .option('--dir <dir>', 'directory of the label-first CSVs', ODDS_DIR)
    .option('--seeds <n>', 'seeds to average over', positiveInteger('--seeds'), 5)
    .option('--json', 'print one JSON object', false)
    .action((options: { dir: string; seeds: number; json: boolean }) => {
      const output = { json: options.json };
      const progress = new Progress(output, 'Data sets');
      const names = Object.keys(PAPER_ROC_AUC);
      const results = names.map((name, i) => {
        const result = runPaperProtocol(readLabelFirstCsv(path.join(options.dir, `${name}.csv`)), {
          seeds: options.seeds,
        });
        progress.update(i + 1, names.length);
        return {
          ...result,
          paperRocAuc: PAPER_ROC_AUC[name],
          difference: result.rocAuc - PAPER_ROC_AUC[name],
        };
      });
      const withinTolerance = results.every((r) => Math.abs(r.difference) <= 0.02);
      emit(
        output,
        { seeds: options.seeds, withinTolerance, results },
        gridTable(
          ['set', 'rows', 'features', 'paper', 'ours', 'diff', 'PR-AUC', 'fit ms', 'score ms'],
          results.map((r) => [
            r.dataset,
            r.rows,
            r.features,
            r.paperRocAuc.toFixed(2),
            r.rocAuc.toFixed(3),
            (r.difference >= 0 ? '+' : '') + r.difference.toFixed(3),
            r.prAuc.toFixed(3),
            r.fitMs.toFixed(1),
            r.scoreMs.toFixed(1),
          ]),
        ) + `\n${withinTolerance ? 'All' : 'NOT all'} within 0.02 of the paper.`,
      );
    });
}
